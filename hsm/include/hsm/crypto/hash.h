// Hashes and HMAC over OpenSSL EVP (docs/architecture.md convention 11).
//
// Contract: pure functions of their inputs; no OS calls, no randomness. Any
// OpenSSL failure is reported as CryptoError::kInternal (never an exception,
// never a partial output, never an all-zero digest). HMAC keys may be empty
// (RFC 2104 §2 pads the key with zeros to the block size, so an empty key is
// well defined).
#ifndef HSM_CRYPTO_HASH_H_
#define HSM_CRYPTO_HASH_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "hsm/crypto/error.h"
#include "hsm/result.h"

namespace hsm::crypto {

// The hash functions OATH uses (RFC 4226 §5.3, RFC 6238 §1.2).
enum class HashAlg : uint8_t { kSha1, kSha256, kSha512 };

// Output size in bytes: 20, 32 or 64.
size_t DigestSize(HashAlg alg);

inline constexpr size_t kSha256Size = 32;
using Sha256Digest = std::array<uint8_t, kSha256Size>;

// SHA-256 (FIPS 180-4 §6.2).
Result<Sha256Digest, CryptoError> Sha256(std::span<const uint8_t> data);

// HMAC-alg(key, data) (RFC 2104 §2), DigestSize(alg) bytes.
Result<std::vector<uint8_t>, CryptoError> Hmac(HashAlg alg,
                                               std::span<const uint8_t> key,
                                               std::span<const uint8_t> data);

// HMAC-SHA-256(key, data) (RFC 2104 §2, FIPS 180-4) as a fixed-size digest.
Result<Sha256Digest, CryptoError> HmacSha256(std::span<const uint8_t> key,
                                             std::span<const uint8_t> data);

}  // namespace hsm::crypto

#endif  // HSM_CRYPTO_HASH_H_
