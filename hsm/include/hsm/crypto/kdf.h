// PBKDF2-HMAC (RFC 8018 §5.2) over OpenSSL EVP: PIN hashing and the YKOATH
// access key (protocol/oath.md §3: PBKDF2-HMAC-SHA1, 1000 iterations, 16 B).
//
// Contract: iterations >= 1 and 1 <= out_len <= 1024, else kBadArgument. The
// derived key is returned as SecretBytes.
#ifndef HSM_CRYPTO_KDF_H_
#define HSM_CRYPTO_KDF_H_

#include <cstddef>
#include <cstdint>
#include <span>

#include "hsm/crypto/hash.h"
#include "hsm/result.h"
#include "hsm/secret.h"

namespace hsm::crypto {

Result<SecretBytes, CryptoError> Pbkdf2Hmac(HashAlg alg,
                                            std::span<const uint8_t> password,
                                            std::span<const uint8_t> salt,
                                            uint32_t iterations,
                                            size_t out_len);

}  // namespace hsm::crypto

#endif  // HSM_CRYPTO_KDF_H_
