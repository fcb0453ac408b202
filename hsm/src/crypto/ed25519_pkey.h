// Private to hsm/src/crypto: Ed25519 keys as OpenSSL EVP_PKEYs
// (ed25519.cc), for ed25519.cc and the signing key cache.
#ifndef HSM_SRC_CRYPTO_ED25519_PKEY_H_
#define HSM_SRC_CRYPTO_ED25519_PKEY_H_

#include <cstdint>
#include <span>

#include "hsm/crypto/ed25519.h"
#include "ossl.h"

namespace hsm::crypto {

// The key for the 32-byte seed `private_key` (kBadArgument otherwise).
Result<ossl::PkeyPtr, CryptoError> Ed25519Pkey(
    std::span<const uint8_t> private_key);

}  // namespace hsm::crypto

#endif  // HSM_SRC_CRYPTO_ED25519_PKEY_H_
