// MFA device serial numbers (docs/aws.md §0.2, §3.1): a virtual or hardware MFA
// device ARN `arn:PARTITION:iam::ACCOUNT:mfa/[PATH/]NAME`, or a hardware
// token serial such as `GAHT12345678`.
//
// Contract: CheckSerialNumber applies the STS model constraints (9..256
// characters of `[\w+=/:,.@-]`) and fails with kInvalidInput, so a bad value
// is refused before the AWS CLI runs. ParseMfaArn additionally requires the
// ARN shape with a 12-digit account and a non-empty NAME; it reports
// `:user/` ARNs (a common mistake, aws-mfa#46) with a hint.
#ifndef BRIDGE_AWS_MFA_SERIAL_H_
#define BRIDGE_AWS_MFA_SERIAL_H_

#include <string>
#include <string_view>

#include "bridge/error.h"

namespace bridge::aws {

struct MfaArn {
  std::string arn;
  std::string partition;  // "aws", "aws-cn", "aws-us-gov"
  std::string account;    // 12 digits
  std::string path;       // "/" or "/a/b/"
  std::string name;       // the virtual MFA device name
};

Status CheckSerialNumber(std::string_view serial);

Result<MfaArn> ParseMfaArn(std::string_view serial);

// The ARN AWS gives a device named `name` under `path` in `account`.
std::string MakeMfaArn(std::string_view partition, std::string_view account,
                       std::string_view path, std::string_view name);

}  // namespace bridge::aws

#endif  // BRIDGE_AWS_MFA_SERIAL_H_
