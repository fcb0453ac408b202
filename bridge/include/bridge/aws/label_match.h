// Which OATH account on the key belongs to an AWS MFA device.
//
// Contract: labels follow the ykman convention `[period/][issuer:]account`
// (docs/protocol/oath.md §3, regex ^((\d+)/)?(([^:]+):)?(.+)$). AWS's QR code
// names a virtual device `$virtualMFADeviceName@$AccountName` (docs/aws.md
// §3.2) and authenticator apps add the issuer "Amazon Web Services", so the key
// holds e.g. `Amazon Web Services:alice@123456789012`. PickAccount, in order:
//   1. an explicit --account label must be on the key verbatim;
//   2. else the labels equal to the serial itself or whose account part is
//      `NAME@ACCOUNT` (issuer "Amazon Web Services" or none);
//   3. else, since $AccountName may be the account alias, the labels with
//      issuer "Amazon Web Services" whose account part is `NAME@<anything>`.
// The first step with candidates decides; TOTP periods other than 30 s are
// never picked (AWS uses 30 s). Exactly one candidate is the answer; none or
// several give kNoMatch whose message lists the key's labels (or the
// candidates) and says to pass --account. A non-ARN serial (hardware token)
// needs --account; a malformed `arn:` serial is kInvalidInput saying why.
#ifndef BRIDGE_AWS_LABEL_MATCH_H_
#define BRIDGE_AWS_LABEL_MATCH_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bridge/error.h"

namespace bridge::aws {

inline constexpr std::string_view kAwsIssuer = "Amazon Web Services";

struct OathLabel {
  std::optional<int> period;  // only when the label has a `N/` prefix
  std::string issuer;         // empty if none
  std::string account;
};

OathLabel ParseOathLabel(std::string_view label);

// The label keybridge gives a device it enrolls: `Amazon Web
// Services:NAME@ACCOUNT`.
std::string AwsAccountLabel(std::string_view device_name,
                            std::string_view account);

Result<std::string> PickAccount(
    const std::vector<std::string>& labels, std::string_view serial,
    const std::optional<std::string>& explicit_label);

}  // namespace bridge::aws

#endif  // BRIDGE_AWS_LABEL_MATCH_H_
