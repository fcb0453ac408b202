// Which TOTP time step to send for an MFA serial, and how long to wait for
// it (docs/aws.md §0.3, §3.1 "Code reuse").
//
// Contract: AWS rejects a code whose step was already used for a device, with
// the same text as a wrong code, and tools wait for the next step. So for a
// serial whose last used step is L (if any), PlanStep(now, L, min_remaining)
// picks the current step S = floor(now / 30) unless S <= L (then L + 1) or
// fewer than `min_remaining` seconds are left in S (then S + 1, so the code
// is not already stale when it reaches AWS). `wait_until` is the Unix time
// the chosen step starts (0 when it has begun). A plan that would wait more
// than `max_wait` seconds (a used step far in the future: the clock moved
// back or the record is damaged) is kInvalidInput.
#ifndef BRIDGE_AWS_TIME_STEP_H_
#define BRIDGE_AWS_TIME_STEP_H_

#include <cstdint>
#include <optional>

#include "bridge/error.h"

namespace bridge::aws {

inline constexpr int64_t kTotpPeriod = 30;  // AWS virtual MFA: RFC 6238, 30 s
inline constexpr double kDefaultMinRemaining = 5.0;
inline constexpr double kDefaultMaxWait = 95.0;

// The step of `unix_time`: oath::TimeStep (oath/code.h) with kTotpPeriod.
int64_t StepAt(double unix_time);

struct StepPlan {
  int64_t step = 0;
  double wait_until = 0;  // 0: no wait
};

Result<StepPlan> PlanStep(double now, std::optional<int64_t> last_used,
                          double min_remaining = kDefaultMinRemaining,
                          double max_wait = kDefaultMaxWait);

}  // namespace bridge::aws

#endif  // BRIDGE_AWS_TIME_STEP_H_
