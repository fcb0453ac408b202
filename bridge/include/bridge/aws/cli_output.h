// Reading what the AWS CLI prints (docs/aws.md §4.5–§4.7).
//
// Contract:
//   - ParseCredentialsOutput reads `aws sts get-session-token` or
//     `aws sts assume-role` (`--output json`)
//     stdout: {"Credentials":{AccessKeyId, SecretAccessKey, SessionToken,
//     Expiration}}, all four required strings, Expiration in the v2
//     (`+00:00`), v1 (`Z`) or fractional form. Anything else is kProtocol
//     with a message that never quotes the output (it may hold secrets).
//   - ParseCliError finds the service error line
//     `An error occurred (CODE) when calling the OP operation[ (reached max
//     retries: N)]: MESSAGE` in stderr (the message keeps AWS's trailing
//     space; docs/aws.md §4.6 and "Observed later").
//   - DescribeCliFailure turns a non-zero exit into one clear line (kAws, code
//     = exit status): the service error with its code and a hint for the
//     known MFA cases, or the CLI's own message (parameter validation,
//     missing credentials, unknown profile) trimmed to one line, or the exit
//     status when stderr is empty. Non-printable bytes are shown as '?'.
//   - ParseCreatedSerial reads create-virtual-mfa-device stdout
//     ({"VirtualMFADevice":{"SerialNumber":…}}); ParseMfaDeviceSerials reads
//     list-mfa-devices stdout ({"MFADevices":[{"SerialNumber":…},…]}).
#ifndef BRIDGE_AWS_CLI_OUTPUT_H_
#define BRIDGE_AWS_CLI_OUTPUT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bridge/aws/credentials.h"
#include "bridge/error.h"

namespace bridge::aws {

Result<SessionCredentials> ParseCredentialsOutput(std::string_view stdout_text);

struct CliServiceError {
  std::string code;       // e.g. AccessDenied
  std::string operation;  // e.g. GetSessionToken
  std::string message;    // AWS's text, as printed
  std::optional<int> retries;
};

std::optional<CliServiceError> ParseCliError(std::string_view stderr_text);

// `what` names the step, e.g. "aws sts get-session-token".
Error DescribeCliFailure(std::string_view what, int exit_status,
                         std::string_view stderr_text);

Result<std::string> ParseCreatedSerial(std::string_view stdout_text);
Result<std::vector<std::string>> ParseMfaDeviceSerials(
    std::string_view stdout_text);

// Printable, one line, at most `max` bytes (for quoting CLI text in errors).
std::string OneLine(std::string_view text, size_t max = 300);

}  // namespace bridge::aws

#endif  // BRIDGE_AWS_CLI_OUTPUT_H_
