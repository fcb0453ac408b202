// The session flow behind `keybridge aws session|exec|credential-process`
// (docs/aws.md §0, §2.1, §3.1).
//
// Contract, in order:
//   1. profile = --profile / AWS_PROFILE / AWS_DEFAULT_PROFILE / default; a
//      named profile must exist in the config or credentials file. The
//      serial is --serial, else the profile's mfa_serial (checked against
//      the STS constraints); the region is the profile's. --duration must be
//      900..129600 s (IAM users, docs/aws.md §0.10).
//   2. Refuses to recurse: started by keybridge's own AWS CLI call
//      (KEYBRIDGE_AWS_CHILD), or a profile that has credential_process but no
//      static keys (it would run keybridge again).
//   3. Under the cache lock: a cached session with more than 15 min left is
//      returned without touching the key or AWS (unless use_cache is off).
//   4. Picks the key's account (label_match.h), plans the step from the
//      used-steps record (time_step.h), waits with a countdown if needed,
//      asks the key for the code at that time, and requires 6 digits.
//   5. Runs `aws sts get-session-token --serial-number S --token-code C
//      [--duration-seconds D] --output json [--profile P] [--region R]
//      [--endpoint-url U]` with the environment of aws_cli.h. The step is
//      recorded as used as soon as the CLI has run (whatever it answered),
//      never when it could not be started.
//   6. Parses the credentials, stores them in the cache (use_cache), and
//      returns them. The code and the session secrets are never logged.
#ifndef BRIDGE_AWS_SESSION_FLOW_H_
#define BRIDGE_AWS_SESSION_FLOW_H_

#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "bridge/aws/clock.h"
#include "bridge/aws/code_source.h"
#include "bridge/aws/config.h"
#include "bridge/aws/countdown.h"
#include "bridge/aws/credentials.h"
#include "bridge/aws/process.h"
#include "bridge/aws/time_step.h"
#include "bridge/error.h"

namespace bridge::aws {

inline constexpr int kMinDuration = 900;
inline constexpr int kMaxDuration = 129600;

struct SessionOptions {
  std::optional<std::string> profile;
  std::optional<std::string> serial;
  std::optional<std::string> account;
  std::optional<int> duration;
  std::optional<std::string> aws_binary;
  std::optional<std::string> endpoint_url;
  bool use_cache = true;
  double min_remaining = kDefaultMinRemaining;
};

// Everything the flow touches outside itself; tests pass fakes.
struct FlowDeps {
  Clock& clock;
  CodeSource& key;
  ProcessRunner& runner;
  Countdown& countdown;
  EnvLookup env;
  std::vector<std::string> base_env;  // NAME=value, for the CLI
  const std::atomic<bool>* cancel = nullptr;
};

struct SessionOutcome {
  std::string profile;
  std::string serial;
  std::optional<std::string> region;
  SessionCredentials credentials;
  bool from_cache = false;
};

Result<SessionOutcome> GetSession(const SessionOptions& options,
                                  FlowDeps& deps);

// Profile and serial resolution shared with enroll: the profile choice and
// its view (missing files are empty; a named profile must exist).
struct ResolvedProfile {
  ProfileChoice choice;
  AwsFiles files;
  ProfileView view;
};
Result<ResolvedProfile> ResolveProfileFor(
    const std::optional<std::string>& profile_flag, const EnvLookup& env,
    bool must_exist);

// A code from the key for `label` at the planned step, as 6 digits.
Result<std::string> CodeAt(CodeSource& key, const std::string& label,
                           int64_t unix_time);

}  // namespace bridge::aws

#endif  // BRIDGE_AWS_SESSION_FLOW_H_
