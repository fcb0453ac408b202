// `keybridge aws enroll`: make the security key an IAM user's virtual MFA
// device without the seed ever being shown (docs/aws.md §0.5, §3.2, §4.7).
//
// Contract, in order:
//   1. `aws sts get-caller-identity` checks the credentials and gives the
//      account; the key's label is --account-label or `Amazon Web
//      Services:NAME@ACCOUNT` (NAME = --device-name, default the user name)
//      and must not exist on the key yet.
//   2. `aws iam create-virtual-mfa-device --virtual-mfa-device-name NAME
//      --outfile DIR/seed --bootstrap-method Base32StringSeed`, DIR a fresh
//      0700 folder; the file is read into SecretBytes and removed with its
//      folder at once, whatever the CLI answered. The seed is only ever in
//      memory (wiped after), never on argv, in logs or other files.
//   3. The seed goes into the key (TOTP, SHA-1, 6 digits, 30 s).
//   4. Two codes from consecutive steps S-1 and S, S the current step (the
//      key is asked at two times; if fewer than min_remaining seconds are
//      left in S it first waits for the next step edge with a countdown),
//      then `aws iam enable-mfa-device` at once; S is recorded as used.
//   5. `aws iam list-mfa-devices --user-name U` must list the serial.
//   6. `mfa_serial = ARN` is written into the profile (config.h); when the
//      profile already names another device (a second key for the same
//      user; AWS allows 8), the ARN is added to keybridge_mfa_serials
//      instead and mfa_serial stays (docs/aws.md §6.3).
// Failures after step 2: the virtual device is deleted (and the key's
// credential too when enabling failed); if a cleanup step fails the error
// says exactly what is left and how to remove it.
#ifndef BRIDGE_AWS_ENROLL_FLOW_H_
#define BRIDGE_AWS_ENROLL_FLOW_H_

#include <optional>
#include <string>

#include "bridge/aws/session_flow.h"

namespace bridge::aws {

struct EnrollOptions {
  std::string user;
  std::optional<std::string> device_name;
  std::optional<std::string> profile;
  std::optional<std::string> account_label;
  std::optional<std::string> aws_binary;
  std::optional<std::string> endpoint_url;
  double min_remaining = kDefaultMinRemaining;
};

struct EnrollOutcome {
  std::string serial;
  std::string label;
  std::string profile;
  std::string config_path;
  std::string config_key;  // mfa_serial or keybridge_mfa_serials
};

Result<EnrollOutcome> Enroll(const EnrollOptions& options, FlowDeps& deps);

}  // namespace bridge::aws

#endif  // BRIDGE_AWS_ENROLL_FLOW_H_
