// PIN/UV auth protocols 1 and 2 (CTAP 2.1 §6.5.6, §6.5.7), authenticator
// side.
//
// Contract: `protocol` is 1 or 2 (callers check with IsSupportedProtocol).
// - SharedSecret: v1 SHA-256(Z) (32 B); v2 HKDF-SHA-256(salt = 32 zero
//   bytes, Z, "CTAP2 HMAC key") || HKDF(…, "CTAP2 AES key") (64 B).
// - Encrypt/Decrypt: AES-256-CBC without padding; v1 zero IV, v2 a random
//   IV prepended to the ciphertext. Decrypt rejects lengths that are not
//   whole blocks (nullopt).
// - Authenticate: v1 LEFT(HMAC-SHA-256(key, m), 16); v2 HMAC-SHA-256(first
//   32 bytes of key, m). Verify compares in constant time and rejects a
//   signature of the wrong length.
#ifndef HSM_SRC_CTAP2_PIN_PROTOCOL_H_
#define HSM_SRC_CTAP2_PIN_PROTOCOL_H_

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "fido_crypto.h"
#include "hsm/platform.h"
#include "hsm/secret.h"

namespace hsm::ctap2::pin {

inline bool IsSupportedProtocol(uint64_t protocol) {
  return protocol == 1 || protocol == 2;
}

std::optional<SecretBytes> SharedSecret(uint8_t protocol,
                                        std::span<const uint8_t> own_private,
                                        const crypto::P256Point& peer);
std::optional<std::vector<uint8_t>> Encrypt(uint8_t protocol,
                                            Platform& platform,
                                            std::span<const uint8_t> shared,
                                            std::span<const uint8_t> plaintext);
std::optional<SecretBytes> Decrypt(uint8_t protocol,
                                   std::span<const uint8_t> shared,
                                   std::span<const uint8_t> ciphertext);
std::vector<uint8_t> Authenticate(uint8_t protocol,
                                  std::span<const uint8_t> key,
                                  std::span<const uint8_t> message);
bool Verify(uint8_t protocol, std::span<const uint8_t> key,
            std::span<const uint8_t> message,
            std::span<const uint8_t> signature);

}  // namespace hsm::ctap2::pin

#endif  // HSM_SRC_CTAP2_PIN_PROTOCOL_H_
