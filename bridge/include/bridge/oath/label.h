// The credential-name convention `[period/][issuer:]account`
// (docs/protocol/oath.md §3 "Name convention", decision 5; ykman
// _format_cred_id / _parse_cred_id with TOTP_ID_PATTERN
// `^((\d+)/)?(([^:]+):)?(.+)$`).
//
// Contract: FormatLabel writes the period prefix only for TOTP with a
// period other than 30, then `issuer:` when the issuer is non-empty, then
// the account; it rejects (kInvalidInput) an empty account, an issuer
// containing ':', a period of 0, a TOTP name that would parse back with a
// different period, and a result outside 1..64 bytes. ParseLabel is total:
// for TOTP it applies the pattern (no match → the whole name is the account,
// period 30); for other types it splits at the first ':' and the period
// is 0.
#ifndef BRIDGE_OATH_LABEL_H_
#define BRIDGE_OATH_LABEL_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "bridge/error.h"
#include "bridge/oath/credential.h"

namespace bridge::oath {

struct Label {
  uint32_t period = kDefaultPeriod;  // 0 for non-TOTP
  std::string issuer;                // empty: none
  std::string account;
};

Result<std::string> FormatLabel(std::string_view issuer,
                                std::string_view account, OathType type,
                                uint32_t period);

Label ParseLabel(std::string_view name, OathType type);

}  // namespace bridge::oath

#endif  // BRIDGE_OATH_LABEL_H_
