// A small bounded cache of keyed HMAC contexts, so a code for a key it has
// seen costs the hash alone: keying an HMAC (hashing the padded key into
// the inner and outer states, RFC 2104 §2 steps 1–2 and 5) and the context
// copy and free around it cost about twice the HMAC of a short message.
//
// Contract: a SecretKeyedLru (secret_keyed_lru.h) keyed by the hash
// algorithm and the HMAC key bytes themselves; a key that changed simply
// misses, so no stale MAC is possible. The owner picks the capacity: large
// enough for every key it uses in turn (a smaller LRU cache misses on each of
// them), small enough that the scan stays below what a hit saves (about 7 k
// instructions): some 50 instructions per entry for a 20-byte key. The OATH
// applets use one entry per credential, kMaxCredentials (hsm/oath/applet.h).
// Each entry keeps an OpenSSL HMAC context keyed once, which a code
// re-initializes with a NULL key: EVP_MAC_init(3) and EVP_MAC-HMAC(7)
// (OpenSSL 3.0) define a NULL key as keeping the key already set, and
// life_cycle-mac(7) allows init after final; that is about half the cost of
// duplicating the keyed context. An entry that goes frees its context
// (OpenSSL's HMAC context cleanses its key copy and hash states when freed).
// The MAC is the same as crypto::Hmac's (hash.h), including for an empty key.
// Not thread-safe: one owner (hsm::Device, for its two OATH applets,
// hsm/oath/applet.h) uses it from one thread.
#ifndef HSM_CRYPTO_HMAC_KEY_CACHE_H_
#define HSM_CRYPTO_HMAC_KEY_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "hsm/crypto/error.h"
#include "hsm/crypto/hash.h"
#include "hsm/crypto/secret_keyed_lru.h"
#include "hsm/result.h"

namespace hsm::crypto {

class HmacKeyCache {
 public:
  // Keeps at most `capacity` (at least 1) entries.
  explicit HmacKeyCache(size_t capacity);
  ~HmacKeyCache();
  HmacKeyCache(const HmacKeyCache&) = delete;
  HmacKeyCache& operator=(const HmacKeyCache&) = delete;

  // HMAC-alg(key, data) (RFC 2104 §2), DigestSize(alg) bytes. A key that
  // fails to set up is not cached and its error is returned.
  Result<std::vector<uint8_t>, CryptoError> Hmac(HashAlg alg,
                                                 std::span<const uint8_t> key,
                                                 std::span<const uint8_t> data);

  // Drops the entries for `key` (every algorithm), if there are any.
  void Erase(std::span<const uint8_t> key);
  // Drops every entry.
  void Clear();
  size_t size() const;
  size_t capacity() const { return keys_.capacity(); }

 private:
  struct Key;  // the keyed OpenSSL context (hmac_key_cache.cc)
  SecretKeyedLru<HashAlg, Key> keys_;
};

}  // namespace hsm::crypto

#endif  // HSM_CRYPTO_HMAC_KEY_CACHE_H_
