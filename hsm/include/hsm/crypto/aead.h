// AES-256-GCM (NIST SP 800-38D) over OpenSSL EVP, for sealing state and
// CTAP2 credential IDs.
//
// Contract: the key is 32 bytes and the nonce 12 bytes (else kBadArgument).
// Seal returns ciphertext ‖ 16-byte tag. Open verifies the tag before
// returning anything; on mismatch it returns kAuthFailed and no plaintext.
// The caller supplies the nonce (from Platform::Random) and must never reuse
// one under the same key.
#ifndef HSM_CRYPTO_AEAD_H_
#define HSM_CRYPTO_AEAD_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "hsm/crypto/cipher.h"  // kAes256KeySize
#include "hsm/crypto/error.h"
#include "hsm/result.h"
#include "hsm/secret.h"

namespace hsm::crypto {

inline constexpr size_t kGcmNonceSize = 12;
inline constexpr size_t kGcmTagSize = 16;

Result<std::vector<uint8_t>, CryptoError> Aes256GcmSeal(
    std::span<const uint8_t> key, std::span<const uint8_t> nonce,
    std::span<const uint8_t> aad, std::span<const uint8_t> plaintext);

Result<SecretBytes, CryptoError> Aes256GcmOpen(std::span<const uint8_t> key,
                                               std::span<const uint8_t> nonce,
                                               std::span<const uint8_t> aad,
                                               std::span<const uint8_t> sealed);

}  // namespace hsm::crypto

#endif  // HSM_CRYPTO_AEAD_H_
