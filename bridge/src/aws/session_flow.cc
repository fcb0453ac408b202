#include "bridge/aws/session_flow.h"

#include <cctype>

#include "bridge/aws/cli_output.h"
#include "bridge/aws/clock_skew.h"
#include "bridge/aws/mfa_call.h"
#include "bridge/aws/mfa_serial.h"
#include "bridge/aws/role_chain.h"
#include "bridge/aws/role_flow.h"
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

Status CheckNotChild(const EnvLookup& env) {
  if (!env(kChildMarker).has_value()) return OkStatus();
  return MakeError(
      ErrorKind::kInvalidInput,
      "keybridge was started by its own AWS CLI call: the profile it calls "
      "STS with runs keybridge as credential_process; pass --profile NAME "
      "of the profile that holds the IAM user's long-term access key");
}

AwsCli MakeCli(const SessionOptions& o, FlowDeps& d,
               const std::optional<std::string>& cli_profile,
               const std::optional<std::string>& region,
               std::vector<std::string> env) {
  AwsCliOptions cli_options;
  cli_options.binary = ChooseAwsBinary(o.aws_binary, d.env);
  cli_options.profile = cli_profile;
  cli_options.region = region;
  if (!cli_options.region && !d.env("AWS_REGION") &&
      !d.env("AWS_DEFAULT_REGION")) {
    cli_options.region = "us-east-1";  // STS's global endpoint region
  }
  cli_options.endpoint_url = o.endpoint_url;
  cli_options.cancel = d.cancel;
  return AwsCli(d.runner, cli_options, std::move(env));
}

Result<SessionOutcome> MfaSession(const MfaSessionRequest& r,
                                  SessionCache& cache, FlowDeps& d) {
  const SessionOptions& o = *r.options;
  if (o.use_cache) {
    for (const std::string& serial : r.serials) {
      auto hit = cache.Load(r.cache_name, serial, d.clock.Now());
      if (!hit.ok()) return std::move(hit).error();
      if (hit->has_value()) {
        return SessionOutcome{r.cache_name,     serial, r.region,
                              std::move(**hit), true,   {}};
      }
    }
  }
  auto env = BuildCliEnvironment(d.base_env, r.cli_profile.has_value());
  if (!env.ok()) return std::move(env).error();
  AwsCli cli = MakeCli(o, d, r.cli_profile, r.region, std::move(env).value());

  MfaCallRequest call;
  call.what = "aws sts get-session-token";
  call.args = {"sts", "get-session-token"};
  if (o.duration) {
    call.args.insert(call.args.end(),
                     {"--duration-seconds", std::to_string(*o.duration)});
  }
  call.serials = r.serials;
  call.account = o.account;
  call.min_remaining = o.min_remaining;
  auto run = RunMfaCall(cli, call, cache, d);
  if (!run.ok()) return std::move(run).error();
  auto creds = ParseCredentialsOutput(run->out);
  WipeString(run->out);
  if (!creds.ok()) return std::move(creds).error();
  if (o.use_cache) {
    if (Status s = cache.Store(r.cache_name, run->serial, *creds); !s.ok()) {
      return std::move(s).error();
    }
  }
  SessionOutcome out{
      r.cache_name, run->serial, r.region, std::move(creds).value(), false, {}};
  if (run->corrected_skew) {
    out.notes.push_back("this host's clock is " +
                        DescribeSkew(*run->corrected_skew) +
                        " AWS's; keybridge now asks the key for codes at "
                        "AWS's time (set the clock right: timedatectl)");
  }
  return out;
}

Result<SessionOutcome> GetSession(const SessionOptions& o, FlowDeps& d) {
  if (Status s = CheckNotChild(d.env); !s.ok()) return std::move(s).error();
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
  std::vector<std::string> serials;
  if (o.serial) {
    serials = {*o.serial};
  } else {
    serials = MfaSerialCandidates(prof->view);
  }
  if (serials.empty()) {
    return MakeError(ErrorKind::kInvalidInput,
                     "no MFA device for the AWS profile '" + profile +
                         "': add `mfa_serial = arn:aws:iam::ACCOUNT:mfa/NAME` "
                         "to [" +
                         ConfigSectionName(profile) + "] in " +
                         prof->files.config_path +
                         ", or pass --serial (keybridge aws enroll writes it)");
  }
  for (const std::string& s : serials) {
    if (Status st = CheckSerialNumber(s); !st.ok())
      return std::move(st).error();
  }
  SessionCache cache(ResolveCacheDir(d.env));
  auto lock = cache.Lock();
  if (!lock.ok()) return std::move(lock).error();
  MfaSessionRequest r;
  if (prof->choice.explicit_choice) r.cli_profile = profile;
  r.cache_name = profile;
  r.serials = std::move(serials);
  r.region = prof->view.region;
  r.options = &o;
  return MfaSession(r, cache, d);
}

Result<SessionOutcome> GetCredentials(const SessionOptions& o, FlowDeps& d) {
  if (Status s = CheckNotChild(d.env); !s.ok()) return std::move(s).error();
  auto prof = ResolveProfileFor(o.profile, d.env, /*must_exist=*/true);
  if (!prof.ok()) return std::move(prof).error();
  if (prof->view.role_arn) return GetRoleSession(o, *prof, d);
  return GetSession(o, d);
}

}  // namespace bridge::aws
