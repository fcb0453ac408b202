// Key encodings the control socket accepts and gives (docs/control.md
// "inject-credential", "export-credential"), over OpenSSL.
//
// Contract:
// - P256ScalarFromKey() takes a raw 32-byte scalar (returned as is; the
//   device checks its range) or a DER PKCS#8 PrivateKeyInfo of a P-256 EC
//   key, and returns the 32-byte big-endian scalar; nullopt for anything
//   else. The caller wipes the returned bytes.
// - PublicKeyPem() turns the device's public key bytes (SEC 1 uncompressed
//   P-256 point, or a 32-byte Ed25519 key) into a PEM SubjectPublicKeyInfo;
//   nullopt if they are not a valid key.
#ifndef SIMULATOR_SRC_KEY_CODEC_H_
#define SIMULATOR_SRC_KEY_CODEC_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace keysim {

std::optional<std::vector<uint8_t>> P256ScalarFromKey(
    std::span<const uint8_t> key);

std::optional<std::string> PublicKeyPem(std::span<const uint8_t> public_key);

}  // namespace keysim

#endif  // SIMULATOR_SRC_KEY_CODEC_H_
