// A small bounded cache of credential signing keys as ready OpenSSL key
// objects, so an assertion does not rebuild the key from its raw bytes (the
// EC group and key import cost more than the signature itself).
//
// Contract: a SecretKeyedLru (secret_keyed_lru.h) of kCapacity entries keyed
// by the algorithm and the private key bytes themselves. Keying by the bytes
// rather than by credential ID works the same for discoverable credentials
// and for non-discoverable ones, whose key is unwrapped from the ID on every
// request, and cannot return a stale key: a credential whose key changed
// simply misses. An entry that goes frees its key object (OpenSSL clears the
// private scalar when freeing an EC or Ed25519 key). Signatures are the same
// as EcdsaP256Sign / Ed25519Sign's. Not thread-safe: one owner (the
// authenticator's session) uses it.
#ifndef HSM_CRYPTO_SIGNING_KEY_CACHE_H_
#define HSM_CRYPTO_SIGNING_KEY_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "hsm/crypto/error.h"
#include "hsm/crypto/secret_keyed_lru.h"
#include "hsm/result.h"

namespace hsm::crypto {

class SigningKeyCache {
 public:
  static constexpr size_t kCapacity = 16;
  enum class Alg { kEs256, kEdDsa };

  SigningKeyCache();
  ~SigningKeyCache();
  SigningKeyCache(const SigningKeyCache&) = delete;
  SigningKeyCache& operator=(const SigningKeyCache&) = delete;

  // The signature of `message` with `private_key`: ECDSA P-256 with SHA-256
  // (DER, as EcdsaP256Sign) or Ed25519 (as Ed25519Sign). A key that fails
  // to import is not cached and its error is returned.
  Result<std::vector<uint8_t>, CryptoError> Sign(
      Alg alg, std::span<const uint8_t> private_key,
      std::span<const uint8_t> message);

  // Drops the entry for `private_key` (any algorithm), if there is one.
  void Erase(std::span<const uint8_t> private_key);
  // Drops every entry.
  void Clear();
  size_t size() const;

 private:
  struct Key;  // the OpenSSL objects (signing_key_cache.cc)
  SecretKeyedLru<Alg, Key> keys_;
};

}  // namespace hsm::crypto

#endif  // HSM_CRYPTO_SIGNING_KEY_CACHE_H_
