// OATH credential types shared by the session, parsers and CLI
// (docs/protocol/oath.md §2.5, §3 "Type/algorithm byte", §7).
//
// Contract: OathType holds the high nibble of the kind|alg byte and
// HashAlgorithm the low nibble, exactly as on the wire; unknown wire values
// are kept as they are (ToString says "unknown"). CredentialData is what a
// PUT needs; its secret is a SecretBytes and is never printed.
#ifndef BRIDGE_OATH_CREDENTIAL_H_
#define BRIDGE_OATH_CREDENTIAL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "bridge/secret.h"

namespace bridge::oath {

enum class OathType : uint8_t {
  kHotp = 0x10,
  kTotp = 0x20,
  kReverseHotp = 0x30,  // NK3 only
  kHmac = 0x40,         // NK3 KeePassXC slot
  kNotSet = 0xF0,       // NK3 password-safe only
};
inline constexpr uint8_t kTypeMask = 0xF0;
inline constexpr uint8_t kAlgorithmMask = 0x0F;

enum class HashAlgorithm : uint8_t {
  kSha1 = 0x01,
  kSha256 = 0x02,
  kSha512 = 0x03
};

std::string_view ToString(OathType type);      // "TOTP", "HOTP", …
std::string_view ToString(HashAlgorithm alg);  // "SHA1", "SHA256", …
// Case-insensitive "SHA1" / "SHA256" / "SHA512" (also "SHA-1" etc.).
std::optional<HashAlgorithm> ParseHashAlgorithm(std::string_view s);

inline constexpr uint32_t kDefaultPeriod = 30;
inline constexpr size_t kMaxNameBytes = 64;  // ykman, docs/protocol/oath.md §3
inline constexpr size_t kMaxSecretBytes =
    125;  // 73 L <kind|alg> <digits> key ≤ 127

struct CredentialData {
  std::string issuer;  // empty: none
  std::string account;
  OathType type = OathType::kTotp;
  HashAlgorithm algorithm = HashAlgorithm::kSha1;
  uint8_t digits = 6;
  uint32_t period = kDefaultPeriod;  // TOTP only; kept in the name
  uint32_t counter = 0;              // HOTP only
  bool touch = false;
  SecretBytes secret;
};

}  // namespace bridge::oath

#endif  // BRIDGE_OATH_CREDENTIAL_H_
