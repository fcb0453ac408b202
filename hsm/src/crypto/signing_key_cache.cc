#include "hsm/crypto/signing_key_cache.h"

#include <openssl/evp.h>

#include <algorithm>

#include "ed25519_pkey.h"
#include "hsm/secret.h"
#include "ossl.h"
#include "p256_pkey.h"
#include "sign.h"

namespace hsm::crypto {

struct SigningKeyCache::Entry {
  Alg alg;
  SecretBytes key;     // wiped when the entry goes
  ossl::PkeyPtr pkey;  // EVP_PKEY_free clears the private key
  uint64_t last_use;
};

SigningKeyCache::SigningKeyCache() { entries_.reserve(kCapacity); }
SigningKeyCache::~SigningKeyCache() = default;

Result<std::vector<uint8_t>, CryptoError> SigningKeyCache::Sign(
    Alg alg, std::span<const uint8_t> private_key,
    std::span<const uint8_t> message) {
  const EVP_MD* md = alg == Alg::kEs256 ? EVP_sha256() : nullptr;
  // Compare against every entry, so the scan takes the same time wherever
  // (and whether) the key sits.
  Entry* hit = nullptr;
  for (Entry& e : entries_) {
    bool same = e.key.Equals(private_key) && e.alg == alg;
    if (same && hit == nullptr) hit = &e;
  }
  if (hit != nullptr) {
    hit->last_use = ++clock_;
    return DigestSign(hit->pkey.get(), md, message);
  }
  auto pkey = alg == Alg::kEs256
                  ? P256PrivatePkey(private_key, /*with_public=*/false)
                  : Ed25519Pkey(private_key);
  if (!pkey.ok()) return MakeErr(pkey.error());
  if (entries_.size() == kCapacity) {
    auto oldest = std::min_element(
        entries_.begin(), entries_.end(),
        [](const Entry& a, const Entry& b) { return a.last_use < b.last_use; });
    entries_.erase(oldest);
  }
  entries_.push_back(
      Entry{alg, SecretBytes(private_key), std::move(*pkey), ++clock_});
  return DigestSign(entries_.back().pkey.get(), md, message);
}

void SigningKeyCache::Erase(std::span<const uint8_t> private_key) {
  std::erase_if(entries_,
                [&](const Entry& e) { return e.key.Equals(private_key); });
}

void SigningKeyCache::Clear() { entries_.clear(); }

size_t SigningKeyCache::size() const { return entries_.size(); }

}  // namespace hsm::crypto
