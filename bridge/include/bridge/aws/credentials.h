// SessionCredentials (STS GetSessionToken's Credentials, docs/aws.md §3.1) and
// the ISO 8601 timestamps AWS tools print.
//
// Contract: the secret key and session token are wiped when the object is
// destroyed or moved from; the type is move-only. ParseIso8601 accepts
// `YYYY-MM-DDTHH:MM:SS` with optional fractional seconds and a `Z`,
// `+HH:MM`, `-HH:MM` or `+HHMM` zone (CLI v2 prints `+00:00`, v1 `Z`, moto
// adds fractions: docs/aws.md §0.8); anything else is kInvalidInput.
// FormatIso8601Z prints whole seconds with `Z` (credential_process form,
// docs/aws.md §2.1).
#ifndef BRIDGE_AWS_CREDENTIALS_H_
#define BRIDGE_AWS_CREDENTIALS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "bridge/error.h"

namespace bridge::aws {

struct SessionCredentials {
  SessionCredentials() = default;
  SessionCredentials(std::string access_key_id, std::string secret_access_key,
                     std::string session_token, int64_t expiration);
  ~SessionCredentials();
  SessionCredentials(const SessionCredentials&) = delete;
  SessionCredentials& operator=(const SessionCredentials&) = delete;
  SessionCredentials(SessionCredentials&& other) noexcept;
  SessionCredentials& operator=(SessionCredentials&& other) noexcept;

  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;
  int64_t expiration = 0;  // Unix seconds
};

Result<int64_t> ParseIso8601(std::string_view text);
std::string FormatIso8601Z(int64_t unix_seconds);

}  // namespace bridge::aws

#endif  // BRIDGE_AWS_CREDENTIALS_H_
