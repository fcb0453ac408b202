#include "bridge/oath/credential.h"

#include <cctype>
#include <string>

namespace bridge::oath {

std::string_view ToString(OathType type) {
  switch (type) {
    case OathType::kHotp:
      return "HOTP";
    case OathType::kTotp:
      return "TOTP";
    case OathType::kReverseHotp:
      return "HOTP-REVERSE";
    case OathType::kHmac:
      return "HMAC";
    case OathType::kNotSet:
      return "PWS";
  }
  return "unknown";
}

std::string_view ToString(HashAlgorithm alg) {
  switch (alg) {
    case HashAlgorithm::kSha1:
      return "SHA1";
    case HashAlgorithm::kSha256:
      return "SHA256";
    case HashAlgorithm::kSha512:
      return "SHA512";
  }
  return "unknown";
}

std::optional<HashAlgorithm> ParseHashAlgorithm(std::string_view s) {
  std::string up;
  for (char c : s) {
    if (c == '-') continue;
    up.push_back(
        static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  if (up == "SHA1") return HashAlgorithm::kSha1;
  if (up == "SHA256") return HashAlgorithm::kSha256;
  if (up == "SHA512") return HashAlgorithm::kSha512;
  return std::nullopt;
}

}  // namespace bridge::oath
