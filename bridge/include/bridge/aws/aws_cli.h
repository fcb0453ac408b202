// AwsCli: runs the AWS CLI for keybridge's STS/IAM calls (docs/aws.md §0.4,
// §0.6, §0.7, §4.2).
//
// Contract:
//   - ChooseAwsBinary: --aws PATH, else $KEYBRIDGE_AWS, else /usr/bin/aws
//     (Debian's CLI v2) when it exists, else `aws` from PATH. Never relies on
//     PATH order when /usr/bin/aws exists (a pyenv v1 shim is first there).
//   - BuildCliEnvironment starts from `base` and: sets AWS_MAX_ATTEMPTS=1
//     (a retry would resend the same one-time code), AWS_PAGER="" and
//     AWS_CLI_AUTO_PROMPT=off (no pager, no prompt); removes
//     AWS_SESSION_TOKEN, AWS_SECURITY_TOKEN and AWS_CREDENTIAL_EXPIRATION
//     (GetSessionToken needs long-term keys); with an explicit profile it
//     also removes AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_PROFILE/
//     AWS_DEFAULT_PROFILE (the CLI ignores env keys under --profile anyway).
//     Without one, env keys that come with a session token are refused
//     (kInvalidInput) rather than silently sent without it. It sets
//     KEYBRIDGE_AWS_CHILD=1 so that a credential_process pointing back at
//     keybridge is detected instead of recursing.
//   - BuildExecEnvironment is the environment of `keybridge aws exec`'s
//     command (docs/aws.md §2.4): `base` without
//     AWS_PROFILE/AWS_DEFAULT_PROFILE, any access key, token or expiration
//     variable (and, with a region, AWS_REGION/AWS_DEFAULT_REGION), then the
//     session's AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN,
//     AWS_CREDENTIAL_EXPIRATION and AWS_SESSION_EXPIRATION (ISO 8601 Z) and
//     the region as AWS_REGION and AWS_DEFAULT_REGION. It holds the session
//     secrets: the caller wipes it.
//   - Run builds argv = [binary, ARGS…, --output json, --profile P,
//     --region R, --endpoint-url U] (optional parts only when set), with
//     no shell. RunOk additionally turns a non-zero exit into
//     DescribeCliFailure and a timeout into kTimeout; `what` names the call.
//     A missing binary says which path was tried and how to choose another.
#ifndef BRIDGE_AWS_AWS_CLI_H_
#define BRIDGE_AWS_AWS_CLI_H_

#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "bridge/aws/config.h"
#include "bridge/aws/credentials.h"
#include "bridge/aws/process.h"
#include "bridge/error.h"

namespace bridge::aws {

inline constexpr const char* kChildMarker = "KEYBRIDGE_AWS_CHILD";

std::string ChooseAwsBinary(const std::optional<std::string>& flag,
                            const EnvLookup& env);

Result<std::vector<std::string>> BuildCliEnvironment(
    const std::vector<std::string>& base, bool explicit_profile);

std::vector<std::string> BuildExecEnvironment(
    const std::vector<std::string>& base, const SessionCredentials& c,
    const std::optional<std::string>& region);

struct AwsCliOptions {
  std::string binary = "aws";
  std::optional<std::string> profile;  // passed as --profile
  std::optional<std::string> region;
  std::optional<std::string> endpoint_url;
  int timeout_ms = 120000;
  const std::atomic<bool>* cancel = nullptr;
};

class AwsCli {
 public:
  AwsCli(ProcessRunner& runner, AwsCliOptions options,
         std::vector<std::string> env)
      : runner_(runner), options_(std::move(options)), env_(std::move(env)) {}

  std::vector<std::string> Argv(const std::vector<std::string>& args) const;
  Result<ProcessResult> Run(const std::vector<std::string>& args);
  Result<std::string> RunOk(std::string_view what,
                            const std::vector<std::string>& args);

  const AwsCliOptions& options() const { return options_; }

 private:
  ProcessRunner& runner_;
  AwsCliOptions options_;
  std::vector<std::string> env_;
};

}  // namespace bridge::aws

#endif  // BRIDGE_AWS_AWS_CLI_H_
