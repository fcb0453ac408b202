// Printing session credentials for shells, tools and the AWS CLI.
//
// Contract (`keybridge aws session --format`):
//   - env: POSIX shell `export NAME='value'` lines (single-quoted, `'` as
//     `'\''`) for AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,
//     AWS_CREDENTIAL_EXPIRATION (honoured by CLI v2, docs/aws.md §2.4) and
//     AWS_SESSION_EXPIRATION (aws-vault's name), plus AWS_REGION and
//     AWS_DEFAULT_REGION when the region is known; `eval "$(…)"` applies it.
//   - json: the Credentials object as STS returns it, Expiration with `Z`.
//   - process: exactly one line
//     {"Version":1,"AccessKeyId":…,"SecretAccessKey":…,"SessionToken":…,
//     "Expiration":"…Z"} for credential_process (docs/aws.md §2.1).
//   - ini: a credentials-file section `[NAME]` with aws_access_key_id,
//     aws_secret_access_key, aws_session_token (docs/aws.md §2.3), a region
//     line when known, and a comment giving the expiry.
// Every form ends with a newline.
#ifndef BRIDGE_AWS_OUTPUT_FORMAT_H_
#define BRIDGE_AWS_OUTPUT_FORMAT_H_

#include <optional>
#include <string>
#include <string_view>

#include "bridge/aws/credentials.h"
#include "bridge/error.h"

namespace bridge::aws {

enum class OutputFormat { kEnv, kJson, kProcess, kIni };

Result<OutputFormat> ParseOutputFormat(std::string_view name);

struct FormatOptions {
  std::optional<std::string> region;
  std::string ini_section = "session";
};

std::string FormatCredentials(const SessionCredentials& creds,
                              OutputFormat format,
                              const FormatOptions& options);

std::string ShellQuote(std::string_view value);

}  // namespace bridge::aws

#endif  // BRIDGE_AWS_OUTPUT_FORMAT_H_
