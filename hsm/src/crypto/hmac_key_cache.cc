#include "hsm/crypto/hmac_key_cache.h"

#include <openssl/evp.h>

#include <algorithm>

#include "digest.h"
#include "hsm/secret.h"
#include "ossl.h"

namespace hsm::crypto {

struct HmacKeyCache::Entry {
  HashAlg alg;
  SecretBytes key;       // wiped when the entry goes
  ossl::MacCtxPtr hmac;  // keyed once; EVP_MAC_CTX_free cleanses it
  uint64_t last_use;

  // RFC 2104 §2 on the keyed context: EVP_MAC_init with a NULL key restarts
  // from the inner state of the key set when the entry was made (header).
  Result<std::vector<uint8_t>, CryptoError> Mac(std::span<const uint8_t> data) {
    std::vector<uint8_t> out(DigestSize(alg));
    size_t len = 0;
    if (EVP_MAC_init(hmac.get(), nullptr, 0, nullptr) != 1 ||
        EVP_MAC_update(hmac.get(), ossl::NonNull(data), data.size()) != 1 ||
        EVP_MAC_final(hmac.get(), out.data(), &len, out.size()) != 1 ||
        len != out.size()) {
      return MakeErr(CryptoError::kInternal);
    }
    return out;
  }
};

HmacKeyCache::HmacKeyCache(size_t capacity)
    : capacity_(std::max<size_t>(capacity, 1)) {
  entries_.reserve(capacity_);
}
HmacKeyCache::~HmacKeyCache() = default;

Result<std::vector<uint8_t>, CryptoError> HmacKeyCache::Hmac(
    HashAlg alg, std::span<const uint8_t> key, std::span<const uint8_t> data) {
  // Compare against every entry, so the scan takes the same time wherever
  // (and whether) the key sits.
  Entry* hit = nullptr;
  for (Entry& e : entries_) {
    bool same = e.key.Equals(key) && e.alg == alg;
    if (same && hit == nullptr) hit = &e;
  }
  if (hit != nullptr) {
    hit->last_use = ++clock_;
    return hit->Mac(data);
  }
  const EVP_MAC_CTX* templ = UnkeyedHmac(alg);
  if (templ == nullptr) return MakeErr(CryptoError::kInternal);
  ossl::MacCtxPtr hmac(EVP_MAC_CTX_dup(templ));
  // A non-null pointer even for an empty key: NULL would mean "no key yet".
  if (!hmac ||
      EVP_MAC_init(hmac.get(), ossl::NonNull(key), key.size(), nullptr) != 1) {
    return MakeErr(CryptoError::kInternal);
  }
  if (entries_.size() == capacity_) {
    auto oldest = std::min_element(
        entries_.begin(), entries_.end(),
        [](const Entry& a, const Entry& b) { return a.last_use < b.last_use; });
    entries_.erase(oldest);
  }
  entries_.push_back(Entry{alg, SecretBytes(key), std::move(hmac), ++clock_});
  return entries_.back().Mac(data);
}

void HmacKeyCache::Erase(std::span<const uint8_t> key) {
  std::erase_if(entries_, [&](const Entry& e) { return e.key.Equals(key); });
}

void HmacKeyCache::Clear() { entries_.clear(); }

size_t HmacKeyCache::size() const { return entries_.size(); }

}  // namespace hsm::crypto
