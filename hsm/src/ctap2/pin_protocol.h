// PIN/UV auth protocols 1 and 2 (CTAP 2.1 §6.5.6, §6.5.7), authenticator
// side.
//
// Contract: `protocol` is 1 or 2 (callers check with IsSupportedProtocol).
// - SharedSecret: v1 SHA-256(Z) (32 B); v2 HKDF-SHA-256(salt = 32 zero
//   bytes, Z, "CTAP2 HMAC key") || HKDF(…, "CTAP2 AES key") (64 B).
// - Encrypt/Decrypt: AES-256-CBC without padding; v1 zero IV, v2 a random
//   IV prepended to the ciphertext. Decrypt rejects lengths that are not
//   whole blocks (kBadArgument).
// - Authenticate: v1 LEFT(HMAC-SHA-256(key, m), 16); v2 HMAC-SHA-256(first
//   32 bytes of key, m). Verify compares in constant time and answers false
//   for a signature of the wrong length.
// Failures are hsm::crypto errors: kBadArgument for input that can never
// work (a ciphertext that is not whole blocks, a peer point off the curve),
// kInternal when OpenSSL fails (StatusFor in context.h maps them).
#ifndef HSM_SRC_CTAP2_PIN_PROTOCOL_H_
#define HSM_SRC_CTAP2_PIN_PROTOCOL_H_

#include <cstdint>
#include <span>
#include <vector>

#include "hsm/crypto/error.h"
#include "hsm/crypto/p256.h"
#include "hsm/platform.h"
#include "hsm/result.h"
#include "hsm/secret.h"

namespace hsm::ctap2::pin {

inline bool IsSupportedProtocol(uint64_t protocol) {
  return protocol == 1 || protocol == 2;
}

Result<SecretBytes, crypto::CryptoError> SharedSecret(
    uint8_t protocol, std::span<const uint8_t> own_private,
    const crypto::P256Point& peer);
Result<std::vector<uint8_t>, crypto::CryptoError> Encrypt(
    uint8_t protocol, Platform& platform, std::span<const uint8_t> shared,
    std::span<const uint8_t> plaintext);
Result<SecretBytes, crypto::CryptoError> Decrypt(
    uint8_t protocol, std::span<const uint8_t> shared,
    std::span<const uint8_t> ciphertext);
Result<std::vector<uint8_t>, crypto::CryptoError> Authenticate(
    uint8_t protocol, std::span<const uint8_t> key,
    std::span<const uint8_t> message);
// Whether `signature` is authenticate(key, message).
Result<bool, crypto::CryptoError> Verify(uint8_t protocol,
                                         std::span<const uint8_t> key,
                                         std::span<const uint8_t> message,
                                         std::span<const uint8_t> signature);

}  // namespace hsm::ctap2::pin

#endif  // HSM_SRC_CTAP2_PIN_PROTOCOL_H_
