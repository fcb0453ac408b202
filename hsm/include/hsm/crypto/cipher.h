// AES-256-CBC without padding (NIST SP 800-38A §6.2) over OpenSSL EVP, for
// the CTAP 2.1 PIN/UV auth protocols (§6.5.6 encrypt()/decrypt() with a zero
// IV, §6.5.7 with a random one).
//
// Contract: the key is 32 bytes, the IV 16 bytes and the data a whole number
// of 16-byte blocks (possibly none), else kBadArgument. The output has the
// length of the input. No padding is added or removed, so nothing is
// authenticated: callers MAC the ciphertext themselves. Decrypt returns its
// plaintext as SecretBytes.
#ifndef HSM_CRYPTO_CIPHER_H_
#define HSM_CRYPTO_CIPHER_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "hsm/crypto/error.h"
#include "hsm/result.h"
#include "hsm/secret.h"

namespace hsm::crypto {

inline constexpr size_t kAes256KeySize = 32;
inline constexpr size_t kAesBlockSize = 16;
inline constexpr size_t kCbcIvSize = kAesBlockSize;

Result<std::vector<uint8_t>, CryptoError> Aes256CbcEncrypt(
    std::span<const uint8_t> key, std::span<const uint8_t> iv,
    std::span<const uint8_t> plaintext);

Result<SecretBytes, CryptoError> Aes256CbcDecrypt(
    std::span<const uint8_t> key, std::span<const uint8_t> iv,
    std::span<const uint8_t> ciphertext);

}  // namespace hsm::crypto

#endif  // HSM_CRYPTO_CIPHER_H_
