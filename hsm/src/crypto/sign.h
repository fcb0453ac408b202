// Private to hsm/src/crypto: one-shot EVP_DigestSign, shared by ECDSA
// (p256.cc), Ed25519 (ed25519.cc).
#ifndef HSM_SRC_CRYPTO_SIGN_H_
#define HSM_SRC_CRYPTO_SIGN_H_

#include <openssl/evp.h>

#include <cstdint>
#include <span>
#include <vector>

#include "hsm/crypto/error.h"
#include "hsm/result.h"

namespace hsm::crypto {

// The signature of `message` with `pkey`, hashing with `md` (nullptr for
// algorithms that hash internally, such as Ed25519).
Result<std::vector<uint8_t>, CryptoError> DigestSign(
    EVP_PKEY* pkey, const EVP_MD* md, std::span<const uint8_t> message);

}  // namespace hsm::crypto

#endif  // HSM_SRC_CRYPTO_SIGN_H_
