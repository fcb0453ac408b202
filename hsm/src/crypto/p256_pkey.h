// Private to hsm/src/crypto: P-256 keys as OpenSSL EVP_PKEYs (p256.cc), for
// p256.cc itself and the attestation certificate (x509.cc).
#ifndef HSM_SRC_CRYPTO_P256_PKEY_H_
#define HSM_SRC_CRYPTO_P256_PKEY_H_

#include <cstdint>
#include <span>

#include "hsm/crypto/p256.h"
#include "ossl.h"

namespace hsm::crypto {

// The key pair for `private_key` (kBadArgument unless 32 bytes, 0 < d < n).
// With `with_public` it also carries the public point (certificates need
// it); signing and ECDH use only the scalar, so they skip the point
// multiplication.
Result<ossl::PkeyPtr, CryptoError> P256PrivatePkey(
    std::span<const uint8_t> private_key, bool with_public);

}  // namespace hsm::crypto

#endif  // HSM_SRC_CRYPTO_P256_PKEY_H_
