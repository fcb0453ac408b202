#include "bridge/aws/time_step.h"

#include <string>

#include "bridge/aws/clock.h"
#include "bridge/oath/code.h"

namespace bridge::aws {

int64_t StepAt(double unix_time) {
  // floor(t / p) == floor(floor(t) / p) for a whole p.
  return static_cast<int64_t>(
      oath::TimeStep(FloorSeconds(unix_time), kTotpPeriod));
}

Result<StepPlan> PlanStep(double now, std::optional<int64_t> last_used,
                          double min_remaining, double max_wait) {
  const int64_t current = StepAt(now);
  int64_t step = current;
  if (last_used && step <= *last_used) step = *last_used + 1;
  double remaining = static_cast<double>((step + 1) * kTotpPeriod) - now;
  if (step == current && remaining < min_remaining) ++step;
  StepPlan plan;
  plan.step = step;
  if (step > current) {
    plan.wait_until = static_cast<double>(step * kTotpPeriod);
    if (plan.wait_until - now > max_wait) {
      return MakeError(
          ErrorKind::kInvalidInput,
          "the next usable TOTP step for this MFA device starts in " +
              std::to_string(static_cast<int64_t>(plan.wait_until - now)) +
              " s: a step ahead of this clock was used (the clock moved "
              "back?); fix the clock or delete keybridge's used-steps record");
    }
  }
  return plan;
}

}  // namespace bridge::aws
