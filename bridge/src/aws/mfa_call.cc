#include "bridge/aws/mfa_call.h"

#include <cstdlib>

#include "bridge/aws/cli_output.h"
#include "bridge/aws/clock.h"
#include "bridge/aws/clock_skew.h"
#include "bridge/aws/label_match.h"
#include "bridge/aws/mfa_serial.h"
#include "bridge/secret.h"

namespace bridge::aws {
namespace {

struct Choice {
  std::string serial;
  std::string label;
};

Result<Choice> ChooseSerial(CodeSource& key, const MfaCallRequest& r) {
  auto labels = key.ListTotpLabels();
  if (!labels.ok()) return std::move(labels).error();
  if (r.serials.size() == 1) {
    auto label = PickAccount(*labels, r.serials[0], r.account);
    if (!label.ok()) return std::move(label).error();
    return Choice{r.serials[0], std::move(label).value()};
  }
  if (r.account) {
    return MakeError(ErrorKind::kInvalidInput,
                     "--account needs one MFA device: pass --serial too");
  }
  std::string names;
  for (const std::string& serial : r.serials) {
    auto label = PickAccount(*labels, serial, std::nullopt);
    if (label.ok()) return Choice{serial, std::move(label).value()};
    names += (names.empty() ? "" : ", ") + serial;
  }
  return MakeError(
      ErrorKind::kNoMatch,
      "the key holds none of this profile's MFA devices (" + names + ")");
}

bool CodeRefused(const ProcessResult& run) {
  if (run.exit_status == 0) return false;
  auto e = ParseCliError(run.err);
  return e &&
         e->message.find("invalid MFA one time pass code") != std::string::npos;
}

struct Attempted {
  ProcessResult run;
  int64_t step;
};

// One attempt with the clock moved by `offset` (AWS minus host seconds). The
// caller records the step (a timeout records it here).
Result<Attempted> Attempt(AwsCli& cli, const MfaCallRequest& r, const Choice& c,
                          int64_t offset, SessionCache& cache, FlowDeps& d) {
  auto aws_now = [&] { return d.clock.Now() + static_cast<double>(offset); };
  auto last = cache.LastUsedStep(c.serial);
  if (!last.ok()) return std::move(last).error();
  auto plan = PlanStep(aws_now(), *last, r.min_remaining);
  if (!plan.ok()) return std::move(plan).error();
  if (plan->wait_until > 0) {
    Status w =
        WaitUntil(d.clock, plan->wait_until - static_cast<double>(offset),
                  d.countdown, d.cancel);
    if (!w.ok()) return std::move(w).error();
  }
  int64_t t = FloorSeconds(aws_now());
  t = std::max(t, plan->step * kTotpPeriod);
  const int64_t step = StepAt(static_cast<double>(t));
  auto code = CodeAt(d.key, c.label, t);
  if (!code.ok()) return std::move(code).error();
  std::vector<std::string> args = r.args;
  args.insert(args.end(), {"--serial-number", c.serial, "--token-code"});
  args.push_back(std::move(code).value());
  auto run = cli.Run(args);
  WipeString(args.back());
  if (!run.ok()) return std::move(run).error();  // not started: step unused
  if (run->timed_out) {
    (void)cache.RecordUsedStep(c.serial, step);
    return MakeError(ErrorKind::kTimeout, r.what + " did not finish in time");
  }
  return Attempted{std::move(run).value(), step};
}

// AWS time minus host time, from the Date header of an answer that costs
// no code; nullopt if the CLI gave none.
std::optional<int64_t> MeasureSkew(AwsCli& cli, Clock& clock) {
  auto run = cli.Run({"sts", "get-caller-identity", "--debug"});
  double after = clock.Now();
  if (!run.ok() || run->timed_out) return std::nullopt;
  WipeString(run->out);
  auto date = DateFromCliDebug(run->err);
  WipeString(run->err);
  if (!date) return std::nullopt;
  // The header has whole seconds (AWS's time lies in [date, date + 1)), and
  // AWS stamps it at the end of the call: most of the call is the CLI
  // starting up. So the skew is the middle of that second minus `after`,
  // rounded to the nearest second.
  const double skew = static_cast<double>(*date) + 0.5 - after;
  return FloorSeconds(skew + 0.5);
}

}  // namespace

Result<MfaCallResult> RunMfaCall(AwsCli& cli, const MfaCallRequest& r,
                                 SessionCache& cache, FlowDeps& d) {
  if (r.serials.empty()) {
    return MakeError(ErrorKind::kInvalidInput, "no MFA device to use");
  }
  for (const std::string& s : r.serials) {
    if (Status st = CheckSerialNumber(s); !st.ok())
      return std::move(st).error();
  }
  auto choice = ChooseSerial(d.key, r);
  if (!choice.ok()) return std::move(choice).error();
  int64_t offset = LoadSkew(cache.dir(), d.clock.Now()).value_or(0);

  auto attempt = Attempt(cli, r, *choice, offset, cache, d);
  if (!attempt.ok()) return std::move(attempt).error();
  std::optional<int64_t> corrected;
  if (CodeRefused(attempt->run)) {
    // A refused code consumed no step at AWS; the step is recorded unless
    // the clock was wrong and a retry at AWS's time follows.
    auto skew = MeasureSkew(cli, d.clock);
    if (skew && std::llabs(*skew) > kMaxCorrectableSkew) {
      (void)cache.RecordUsedStep(choice->serial, attempt->step);
      return MakeError(ErrorKind::kAws,
                       r.what +
                           " failed: AWS refused the code, and this "
                           "host's clock is " +
                           DescribeSkew(*skew) +
                           " AWS's; set the clock right (timedatectl) and "
                           "try again");
    }
    if (skew && std::llabs(*skew - offset) >= kSkewTolerance) {
      Status s = StoreSkew(
          cache.dir(), SkewRecord{*skew, static_cast<int64_t>(d.clock.Now())});
      if (!s.ok()) return std::move(s).error();
      offset = *skew;
      corrected = *skew;
      attempt = Attempt(cli, r, *choice, offset, cache, d);
      if (!attempt.ok()) return std::move(attempt).error();
    }
  }
  if (Status s = cache.RecordUsedStep(choice->serial, attempt->step); !s.ok()) {
    WipeString(attempt->run.out);
    return std::move(s).error();
  }
  const ProcessResult& run = attempt->run;
  if (run.exit_status != 0) {
    return DescribeCliFailure(r.what, run.exit_status, run.err);
  }
  return MfaCallResult{choice->serial, std::move(attempt->run.out), corrected};
}

}  // namespace bridge::aws
