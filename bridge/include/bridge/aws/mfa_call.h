// One AWS CLI call that carries a code from the key: GetSessionToken, or
// AssumeRole with SerialNumber/TokenCode (docs/aws.md §0.3, §0.4, §7).
//
// Contract (the caller holds the cache lock):
//   1. Lists the key's TOTP labels and takes the first of `serials` whose
//      account is on the key (label_match.h PickAccount); with one serial
//      PickAccount's own error stands, with several none matching is
//      kNoMatch naming them.
//   2. Reads the time as the clock plus the recorded AWS clock skew
//      (clock_skew.h), plans the step against the used-steps record
//      (time_step.h), waits with the countdown, and asks the key for the
//      code at that time (6 digits).
//   3. Runs `args… --serial-number S --token-code C`; the step is recorded
//      as used once the CLI has run, whatever it answered, except a refused
//      code that step 4 retries (AWS consumed no step then).
//   4. When AWS refuses the code as invalid, measures the skew from the
//      `Date` header of `aws sts get-caller-identity --debug` (same
//      credentials, spends no code). Under kSkewTolerance the refusal stands.
//      Up to kMaxCorrectableSkew it records the skew and tries once more at
//      AWS's time (result.corrected_skew says so). Beyond that it stops with
//      a message that names the offset. So a wrong host clock costs one
//      code, never two.
//   Returns the CLI's stdout (the caller parses and wipes it) and the serial.
#ifndef BRIDGE_AWS_MFA_CALL_H_
#define BRIDGE_AWS_MFA_CALL_H_

#include <optional>
#include <string>
#include <vector>

#include "bridge/aws/aws_cli.h"
#include "bridge/aws/session_cache.h"
#include "bridge/aws/session_flow.h"
#include "bridge/error.h"

namespace bridge::aws {

struct MfaCallRequest {
  std::string what;               // "aws sts get-session-token", for errors
  std::vector<std::string> args;  // before --serial-number
  std::vector<std::string> serials;
  std::optional<std::string> account;
  double min_remaining = kDefaultMinRemaining;
};

struct MfaCallResult {
  std::string serial;
  std::string out;
  std::optional<int64_t> corrected_skew;  // AWS minus host, when measured
};

Result<MfaCallResult> RunMfaCall(AwsCli& cli, const MfaCallRequest& request,
                                 SessionCache& cache, FlowDeps& deps);

}  // namespace bridge::aws

#endif  // BRIDGE_AWS_MFA_CALL_H_
