#include "bridge/aws/session_flow.h"

#include <cctype>
#include <cmath>

#include "bridge/aws/aws_cli.h"
#include "bridge/aws/cli_output.h"
#include "bridge/aws/label_match.h"
#include "bridge/aws/mfa_serial.h"
#include "bridge/aws/session_cache.h"
#include "bridge/secret.h"

namespace bridge::aws {

Result<ResolvedProfile> ResolveProfileFor(
    const std::optional<std::string>& profile_flag, const EnvLookup& env,
    bool must_exist) {
  ResolvedProfile r;
  r.choice = ResolveProfile(profile_flag, env);
  r.files = ResolveAwsFiles(env);
  auto view = LoadProfile(r.files, r.choice.name);
  if (!view.ok()) return std::move(view).error();
  r.view = std::move(view).value();
  if (must_exist && r.choice.explicit_choice && !r.view.found) {
    return MakeError(ErrorKind::kInvalidInput,
                     "the AWS profile '" + r.choice.name + "' is in neither " +
                         r.files.config_path + " nor " +
                         r.files.credentials_path);
  }
  return r;
}

Result<std::string> CodeAt(CodeSource& key, const std::string& label,
                           int64_t unix_time) {
  auto code = key.Calculate(label, unix_time);
  if (!code.ok()) return std::move(code).error();
  bool digits = code->size() == 6;
  for (char c : *code)
    digits = digits && std::isdigit(static_cast<unsigned char>(c));
  if (!digits) {
    size_t n = code->size();
    WipeString(*code);
    // docs/aws.md §0.1: TokenCode is exactly 6 digits.
    return MakeError(ErrorKind::kInvalidInput,
                     "the key's account '" + label + "' gives " +
                         std::to_string(n) +
                         "-character codes; AWS needs 6 digits");
  }
  return code;
}

Result<SessionOutcome> GetSession(const SessionOptions& o, FlowDeps& d) {
  if (d.env(kChildMarker).has_value()) {
    return MakeError(
        ErrorKind::kInvalidInput,
        "keybridge was started by its own AWS CLI call: the profile it calls "
        "STS with runs keybridge as credential_process; pass --profile NAME "
        "of the profile that holds the IAM user's long-term access key");
  }
  if (o.duration &&
      (*o.duration < kMinDuration || *o.duration > kMaxDuration)) {
    return MakeError(ErrorKind::kInvalidInput,
                     "--duration must be 900 to 129600 seconds for an IAM "
                     "user (got " +
                         std::to_string(*o.duration) + ")");
  }
  auto prof = ResolveProfileFor(o.profile, d.env, /*must_exist=*/true);
  if (!prof.ok()) return std::move(prof).error();
  const std::string& profile = prof->choice.name;
  if (prof->view.credential_process && !prof->view.has_static_keys) {
    return MakeError(
        ErrorKind::kInvalidInput,
        "the AWS profile '" + profile +
            "' gets its keys from credential_process, so keybridge cannot "
            "call STS with it; pass --profile NAME of the profile that holds "
            "the IAM user's long-term access key");
  }
  std::string serial;
  if (o.serial) {
    serial = *o.serial;
  } else if (prof->view.mfa_serial) {
    serial = *prof->view.mfa_serial;
  } else {
    return MakeError(ErrorKind::kInvalidInput,
                     "no MFA device for the AWS profile '" + profile +
                         "': add `mfa_serial = arn:aws:iam::ACCOUNT:mfa/NAME` "
                         "to [" +
                         ConfigSectionName(profile) + "] in " +
                         prof->files.config_path +
                         ", or pass --serial (keybridge aws enroll writes it)");
  }
  if (Status s = CheckSerialNumber(serial); !s.ok())
    return std::move(s).error();

  SessionCache cache(ResolveCacheDir(d.env));
  auto lock = cache.Lock();
  if (!lock.ok()) return std::move(lock).error();
  if (o.use_cache) {
    auto hit = cache.Load(profile, serial, d.clock.Now());
    if (!hit.ok()) return std::move(hit).error();
    if (hit->has_value()) {
      return SessionOutcome{profile, serial, prof->view.region,
                            std::move(**hit), true};
    }
  }

  auto env = BuildCliEnvironment(d.base_env, prof->choice.explicit_choice);
  if (!env.ok()) return std::move(env).error();
  AwsCliOptions cli_options;
  cli_options.binary = ChooseAwsBinary(o.aws_binary, d.env);
  if (prof->choice.explicit_choice) cli_options.profile = profile;
  cli_options.region = prof->view.region;
  if (!cli_options.region && !d.env("AWS_REGION") &&
      !d.env("AWS_DEFAULT_REGION")) {
    cli_options.region = "us-east-1";  // STS's global endpoint region
  }
  cli_options.endpoint_url = o.endpoint_url;
  cli_options.cancel = d.cancel;
  AwsCli cli(d.runner, cli_options, std::move(env).value());

  auto labels = d.key.ListTotpLabels();
  if (!labels.ok()) return std::move(labels).error();
  auto label = PickAccount(*labels, serial, o.account);
  if (!label.ok()) return std::move(label).error();

  auto last = cache.LastUsedStep(serial);
  if (!last.ok()) return std::move(last).error();
  auto plan = PlanStep(d.clock.Now(), *last, o.min_remaining);
  if (!plan.ok()) return std::move(plan).error();
  if (plan->wait_until > 0) {
    Status w = WaitUntil(d.clock, plan->wait_until, d.countdown, d.cancel);
    if (!w.ok()) return std::move(w).error();
  }
  int64_t t = static_cast<int64_t>(std::floor(d.clock.Now()));
  t = std::max(t, plan->step * kTotpPeriod);
  const int64_t step = StepAt(static_cast<double>(t));
  auto code = CodeAt(d.key, *label, t);
  if (!code.ok()) return std::move(code).error();

  std::vector<std::string> args = {
      "sts",  "get-session-token", "--serial-number",
      serial, "--token-code",      *code};
  if (o.duration) {
    args.insert(args.end(),
                {"--duration-seconds", std::to_string(*o.duration)});
  }
  auto run = cli.Run(args);
  WipeString(args[5]);
  WipeString(*code);
  if (!run.ok()) return std::move(run).error();  // not started: step unused
  if (Status s = cache.RecordUsedStep(serial, step); !s.ok()) {
    return std::move(s).error();
  }
  if (run->timed_out) {
    return MakeError(ErrorKind::kTimeout,
                     "aws sts get-session-token did not finish in time");
  }
  if (run->exit_status != 0) {
    return DescribeCliFailure("aws sts get-session-token", run->exit_status,
                              run->err);
  }
  auto creds = ParseSessionTokenOutput(run->out);
  WipeString(run->out);
  if (!creds.ok()) return std::move(creds).error();
  if (o.use_cache) {
    if (Status s = cache.Store(profile, serial, *creds); !s.ok()) {
      return std::move(s).error();
    }
  }
  return SessionOutcome{profile, serial, prof->view.region,
                        std::move(creds).value(), false};
}

}  // namespace bridge::aws
