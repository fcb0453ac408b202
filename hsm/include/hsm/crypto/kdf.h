// Key derivation over OpenSSL EVP: PBKDF2-HMAC (RFC 8018 §5.2) for PIN
// hashing and the YKOATH access key (docs/protocol/oath.md §3:
// PBKDF2-HMAC-SHA1, 1000 iterations, 16 B), and HKDF-SHA-256 (RFC 5869 §2) for
// CTAP 2.1 PIN/UV auth protocol 2 (§6.5.7 kdf()).
//
// Contract: pure functions of their inputs. Derived keys are returned as
// SecretBytes of exactly the requested length.
// - Pbkdf2Hmac: iterations >= 1 and 1 <= out_len <= 1024, else kBadArgument.
// - HkdfSha256: 1 <= length <= 255 * 32 (RFC 5869 §2.3), else kBadArgument;
//   salt, ikm and info may be empty.
// An OpenSSL failure is kInternal (never an empty or partial key).
#ifndef HSM_CRYPTO_KDF_H_
#define HSM_CRYPTO_KDF_H_

#include <cstddef>
#include <cstdint>
#include <span>

#include "hsm/crypto/error.h"
#include "hsm/crypto/hash.h"
#include "hsm/result.h"
#include "hsm/secret.h"

namespace hsm::crypto {

Result<SecretBytes, CryptoError> Pbkdf2Hmac(HashAlg alg,
                                            std::span<const uint8_t> password,
                                            std::span<const uint8_t> salt,
                                            uint32_t iterations,
                                            size_t out_len);

// HKDF-SHA-256(salt, ikm, info, length): extract then expand (RFC 5869
// §2.2, §2.3).
Result<SecretBytes, CryptoError> HkdfSha256(std::span<const uint8_t> salt,
                                            std::span<const uint8_t> ikm,
                                            std::span<const uint8_t> info,
                                            size_t length);

}  // namespace hsm::crypto

#endif  // HSM_CRYPTO_KDF_H_
