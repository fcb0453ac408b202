#include "hsm/crypto/hmac_key_cache.h"

#include <openssl/evp.h>

#include "digest.h"
#include "ossl.h"

namespace hsm::crypto {

struct HmacKeyCache::Key {
  HashAlg alg;
  ossl::MacCtxPtr hmac;  // keyed once; EVP_MAC_CTX_free cleanses it

  // RFC 2104 §2 on the keyed context: EVP_MAC_init with a NULL key restarts
  // from the inner state of the key set when the entry was made (header).
  Result<std::vector<uint8_t>, CryptoError> Mac(
      std::span<const uint8_t> data) const {
    std::vector<uint8_t> out(DigestSize(alg));
    if (EVP_MAC_init(hmac.get(), nullptr, 0, nullptr) != 1 ||
        !FinishHmac(hmac.get(), data, out)) {
      return MakeErr(CryptoError::kInternal);
    }
    return out;
  }
};

HmacKeyCache::HmacKeyCache(size_t capacity) : keys_(capacity) {}
HmacKeyCache::~HmacKeyCache() = default;

Result<std::vector<uint8_t>, CryptoError> HmacKeyCache::Hmac(
    HashAlg alg, std::span<const uint8_t> key, std::span<const uint8_t> data) {
  if (const Key* hit = keys_.Find(alg, key)) return hit->Mac(data);
  ossl::MacCtxPtr hmac = KeyedHmac(alg, key);
  if (!hmac) return MakeErr(CryptoError::kInternal);
  return keys_.Insert(alg, key, Key{alg, std::move(hmac)}).Mac(data);
}

void HmacKeyCache::Erase(std::span<const uint8_t> key) { keys_.Erase(key); }

void HmacKeyCache::Clear() { keys_.Clear(); }

size_t HmacKeyCache::size() const { return keys_.size(); }

}  // namespace hsm::crypto
