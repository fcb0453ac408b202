// Conversions between what libfido2 hands out and what the sk-api expects
// (PROTOCOL.u2f "SSH U2F Key formats", "SSH U2F signatures"; sk-api.h).
//
// Contract (pure functions, no I/O):
//  - CoseAlgorithm: SSH_SK_ECDSA → COSE ES256 (-7), SSH_SK_ED25519 → COSE
//    EdDSA (-8) (CTAP 2.1 §6.1 pubKeyCredParams; RFC 8152 §8.1);
//    SkAlgorithm is the inverse. Other values: nullopt.
//  - SshPublicKey(alg, raw): libfido2's raw public key (fido_cred_pubkey_ptr:
//    ES256 x ‖ y, 64 bytes; EdDSA the 32-byte key) as the sk-api wants it:
//    ECDSA a SEC1 uncompressed point 0x04 ‖ x ‖ y (65 bytes), Ed25519
//    unchanged. Wrong lengths: nullopt. (ssh checks the point is on the
//    curve when it assembles the key.)
//  - EcdsaSignatureParts(der): an ECDSA-Sig-Value (RFC 3279 §2.2.3, what a
//    CTAP2 ES256 assertion carries, CTAP 2.1 §6.5.6 / WebAuthn §6.5.6) as
//    r and s, unsigned big-endian without leading zeros (ssh encodes them
//    as mpints). Anything but exactly one DER SEQUENCE: nullopt.
//  - Ed25519Signature(sig): the 64-byte signature (RFC 8032 §5.1.6);
//    other lengths: nullopt.
#ifndef KEYBRIDGE_SK_ENCODING_H_
#define KEYBRIDGE_SK_ENCODING_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace sk_provider {

inline constexpr int kCoseEs256 = -7;
inline constexpr int kCoseEdDsa = -8;
inline constexpr size_t kEcCoordinateSize = 32;
inline constexpr size_t kEd25519KeySize = 32;
inline constexpr size_t kEd25519SignatureSize = 64;
inline constexpr uint8_t kSec1Uncompressed = 0x04;

std::optional<int> CoseAlgorithm(uint32_t sk_alg);
std::optional<uint32_t> SkAlgorithm(int cose_alg);

std::optional<std::vector<uint8_t>> SshPublicKey(uint32_t sk_alg,
                                                 std::span<const uint8_t> raw);

struct EcdsaParts {
  std::vector<uint8_t> r;
  std::vector<uint8_t> s;
};
std::optional<EcdsaParts> EcdsaSignatureParts(std::span<const uint8_t> der);

std::optional<std::vector<uint8_t>> Ed25519Signature(
    std::span<const uint8_t> sig);

}  // namespace sk_provider

#endif  // KEYBRIDGE_SK_ENCODING_H_
