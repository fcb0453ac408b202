// The session flow behind `keybridge aws session|exec|credential-process`
// (docs/aws.md §0, §2.1, §3.1, §5, §6, §7).
//
// Contract of GetCredentials, in order:
//   1. profile = --profile / AWS_PROFILE / AWS_DEFAULT_PROFILE / default; a
//      named profile must exist in the config or credentials file.
//      --duration must be 900..129600 s for an IAM user's session
//      (docs/aws.md §0.10), 900..43200 s for a role.
//   2. Refuses to recurse: started by keybridge's own AWS CLI call
//      (KEYBRIDGE_AWS_CHILD), or a profile that has credential_process but no
//      static keys (it would run keybridge again).
//   3. A profile with role_arn goes through role_flow.h; any other through
//      GetSession: the serials are --serial, else the profile's mfa_serial
//      and keybridge_mfa_serials (role_chain.h MfaSerialCandidates).
//   4. Under the cache lock: a cached session of (profile, any of the
//      serials) with more than 15 min left is returned without touching the
//      key or AWS (unless use_cache is off).
//   5. Otherwise `aws sts get-session-token [--duration-seconds D]
//      --serial-number S --token-code C --output json [--profile P]
//      [--region R] [--endpoint-url U]` through mfa_call.h (which serial,
//      which step, clock skew) with the environment of aws_cli.h.
//   6. Parses the credentials, stores them in the cache (use_cache), and
//      returns them. The code and the session secrets are never logged.
//      `notes` holds what the user should hear (a corrected clock, a role
//      assumed directly), printed by the command on stderr.
#ifndef BRIDGE_AWS_SESSION_FLOW_H_
#define BRIDGE_AWS_SESSION_FLOW_H_

#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "bridge/aws/aws_cli.h"
#include "bridge/aws/clock.h"
#include "bridge/aws/code_source.h"
#include "bridge/aws/config.h"
#include "bridge/aws/countdown.h"
#include "bridge/aws/credentials.h"
#include "bridge/aws/process.h"
#include "bridge/aws/session_cache.h"
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
  // Role profiles: AssumeRole from the long-term keys with a code instead of
  // from an MFA session (role_flow.h).
  bool no_session = false;
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
  std::vector<std::string> notes;
};

// Role profiles through role_flow.h, others through GetSession.
Result<SessionOutcome> GetCredentials(const SessionOptions& options,
                                      FlowDeps& deps);

// An IAM user's MFA session (steps 3–6 for a profile without role_arn).
Result<SessionOutcome> GetSession(const SessionOptions& options,
                                  FlowDeps& deps);

// Steps 4–6 for one source of long-term keys, under the caller's cache
// lock. `cli_profile` is passed as --profile (nullopt: the environment's
// keys); `cache_name` names the source in the cache.
struct MfaSessionRequest {
  std::optional<std::string> cli_profile;
  std::string cache_name;
  std::vector<std::string> serials;
  std::optional<std::string> region;
  const SessionOptions* options = nullptr;
};
Result<SessionOutcome> MfaSession(const MfaSessionRequest& request,
                                  SessionCache& cache, FlowDeps& deps);

// The AWS CLI for one call: --profile (if any), region (else
// $AWS_REGION/$AWS_DEFAULT_REGION, else us-east-1, STS's global region),
// endpoint and binary from `options`, environment `env`.
AwsCli MakeCli(const SessionOptions& options, FlowDeps& deps,
               const std::optional<std::string>& cli_profile,
               const std::optional<std::string>& region,
               std::vector<std::string> env);

// Refuses to run under keybridge's own AWS CLI call (step 2).
Status CheckNotChild(const EnvLookup& env);

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
