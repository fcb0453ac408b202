// Hashes and HMAC over OpenSSL EVP (DESIGN.md convention 11).
//
// Contract: pure functions of their inputs; no OS calls, no randomness. Any
// OpenSSL failure is reported as CryptoError::kInternal (never an exception,
// never a partial output). HMAC keys may be empty (RFC 2104 §2 pads the key
// with zeros to the block size, so an empty key is well defined).
#ifndef HSM_CRYPTO_HASH_H_
#define HSM_CRYPTO_HASH_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "hsm/result.h"

namespace hsm::crypto {

enum class CryptoError : uint8_t {
  kInternal = 1,     // OpenSSL failed
  kBadArgument = 2,  // wrong key / nonce size
  kAuthFailed = 3,   // AEAD tag mismatch
};
const char* ToString(CryptoError error);

// The hash functions OATH uses (RFC 4226 §5.3, RFC 6238 §1.2).
enum class HashAlg : uint8_t { kSha1, kSha256, kSha512 };

// Output size in bytes: 20, 32 or 64.
size_t DigestSize(HashAlg alg);

inline constexpr size_t kSha256Size = 32;

// SHA-256 (FIPS 180-4).
Result<std::vector<uint8_t>, CryptoError> Sha256(std::span<const uint8_t> data);

// HMAC-alg(key, data) (RFC 2104).
Result<std::vector<uint8_t>, CryptoError> Hmac(HashAlg alg,
                                               std::span<const uint8_t> key,
                                               std::span<const uint8_t> data);

}  // namespace hsm::crypto

#endif  // HSM_CRYPTO_HASH_H_
