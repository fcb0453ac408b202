#include "bridge/aws/role_flow.h"

#include "bridge/aws/cli_output.h"
#include "bridge/aws/mfa_call.h"
#include "bridge/aws/role_chain.h"
#include "bridge/secret.h"

namespace bridge::aws {
namespace {

Error Bad(std::string msg) {
  return MakeError(ErrorKind::kInvalidInput, std::move(msg));
}

std::vector<std::string> AssumeRoleArgs(const RoleHop& hop) {
  std::vector<std::string> args = {
      "sts",        "assume-role",         "--role-arn",
      hop.role_arn, "--role-session-name", hop.session_name};
  if (hop.external_id) {
    args.insert(args.end(), {"--external-id", *hop.external_id});
  }
  if (hop.duration) {
    args.insert(args.end(),
                {"--duration-seconds", std::to_string(*hop.duration)});
  }
  return args;
}

// The CLI environment with `c` as its keys (no profile).
Result<std::vector<std::string>> EnvWithCredentials(
    FlowDeps& d, const SessionCredentials& c) {
  auto env = BuildCliEnvironment(d.base_env, /*explicit_profile=*/true);
  if (!env.ok()) return env;
  env->push_back("AWS_ACCESS_KEY_ID=" + c.access_key_id);
  env->push_back("AWS_SECRET_ACCESS_KEY=" + c.secret_access_key);
  env->push_back("AWS_SESSION_TOKEN=" + c.session_token);
  return env;
}

void WipeAll(std::vector<std::string>& v) {
  for (std::string& s : v) WipeString(s);
}

Result<SessionCredentials> AssumeWith(
    const SessionOptions& o, FlowDeps& d, const RoleHop& hop,
    const SessionCredentials& caller,
    const std::optional<std::string>& region) {
  auto env = EnvWithCredentials(d, caller);
  if (!env.ok()) return std::move(env).error();
  std::vector<std::string> copy = *env;
  WipeAll(*env);
  AwsCli cli = MakeCli(o, d, std::nullopt, region, std::move(copy));
  auto out = cli.RunOk("aws sts assume-role", AssumeRoleArgs(hop));
  if (!out.ok()) return std::move(out).error();
  auto creds = ParseCredentialsOutput(*out);
  WipeString(*out);
  return creds;
}

int EffectiveDuration(const RoleHop& hop) {
  return hop.duration.value_or(kRoleChainingCap);  // AWS's default: 1 h
}

}  // namespace

Result<SessionOutcome> GetRoleSession(const SessionOptions& o,
                                      const ResolvedProfile& prof,
                                      FlowDeps& d) {
  auto config = LoadIniFile(prof.files.config_path);
  if (!config.ok()) return std::move(config).error();
  auto creds_file = LoadIniFile(prof.files.credentials_path);
  if (!creds_file.ok()) return std::move(creds_file).error();
  auto chain =
      ResolveRoleChain(config->has_value() ? &**config : nullptr,
                       creds_file->has_value() ? &**creds_file : nullptr,
                       prof.choice.name, d.env);
  if (!chain.ok()) return std::move(chain).error();
  std::vector<RoleHop>& hops = chain->hops;
  if (o.duration) {
    if (*o.duration < kMinDuration || *o.duration > kMaxRoleDuration) {
      return Bad("--duration must be 900 to 43200 seconds for a role (got " +
                 std::to_string(*o.duration) + ")");
    }
    hops.back().duration = *o.duration;
  }
  std::vector<std::string> serials =
      o.serial ? std::vector<std::string>{*o.serial} : chain->serials;
  if (serials.empty()) {
    return Bad("no MFA device for the AWS profile '" + prof.choice.name +
               "': add `mfa_serial = arn:aws:iam::ACCOUNT:mfa/NAME` to it or "
               "to its source_profile, or pass --serial");
  }
  const bool direct =
      o.no_session || EffectiveDuration(hops.front()) > kRoleChainingCap;
  // Every hop after the first is assumed with temporary credentials (the
  // first too unless `direct`; a longer first hop made `direct` true).
  for (size_t i = 1; i < hops.size(); ++i) {
    if (EffectiveDuration(hops[i]) > kRoleChainingCap) {
      return Bad("duration_seconds " + std::to_string(*hops[i].duration) +
                 " of the AWS profile '" + hops[i].profile +
                 "' exceeds the 1-hour limit AWS sets for a role assumed "
                 "with temporary credentials (role chaining)");
    }
  }

  SessionCache cache(ResolveCacheDir(d.env));
  auto lock = cache.Lock();
  if (!lock.ok()) return std::move(lock).error();
  const std::optional<std::string>& region = chain->region;
  std::vector<std::string> notes;

  // The nearest cached hop.
  size_t next = 0;
  SessionCredentials current;
  std::string serial_used;
  if (o.use_cache) {
    for (size_t i = hops.size(); i-- > 0;) {
      auto hit =
          cache.LoadRole(hops[i].profile, hops[i].role_arn, d.clock.Now());
      if (!hit.ok()) return std::move(hit).error();
      if (hit->has_value()) {
        current = std::move(**hit);
        next = i + 1;
        break;
      }
    }
  }
  if (next == hops.size()) {
    return SessionOutcome{prof.choice.name,   "",   region,
                          std::move(current), true, {}};
  }
  std::optional<std::string> cli_profile;
  if (!chain->source_is_environment) cli_profile = chain->source_profile;
  std::string cache_name = SourceCacheName(*chain);

  if (next == 0 && direct) {
    auto env = BuildCliEnvironment(d.base_env, cli_profile.has_value());
    if (!env.ok()) return std::move(env).error();
    AwsCli cli = MakeCli(o, d, cli_profile, region, std::move(env).value());
    MfaCallRequest call;
    call.what = "aws sts assume-role";
    call.args = AssumeRoleArgs(hops[0]);
    call.serials = serials;
    call.account = o.account;
    call.min_remaining = o.min_remaining;
    auto run = RunMfaCall(cli, call, cache, d);
    if (!run.ok()) return std::move(run).error();
    auto c = ParseCredentialsOutput(run->out);
    WipeString(run->out);
    if (!c.ok()) return std::move(c).error();
    current = std::move(c).value();
    serial_used = run->serial;
    if (o.use_cache) {
      Status s = cache.StoreRole(hops[0].profile, hops[0].role_arn, serial_used,
                                 current);
      if (!s.ok()) return std::move(s).error();
    }
    if (!o.no_session) {
      notes.push_back(
          "the role '" + hops[0].role_arn + "' is assumed with a " +
          "code of its own: " + std::to_string(EffectiveDuration(hops[0])) +
          " s is more than the 1 hour AWS allows a role assumed "
          "from an MFA session");
    }
    next = 1;
  } else if (next == 0) {
    MfaSessionRequest r;
    r.cli_profile = cli_profile;
    r.cache_name = cache_name;
    r.serials = serials;
    r.region = region;
    SessionOptions session_options = o;
    session_options.duration.reset();  // --duration is the role's
    r.options = &session_options;
    auto mfa = MfaSession(r, cache, d);
    if (!mfa.ok()) return std::move(mfa).error();
    current = std::move(mfa->credentials);
    serial_used = mfa->serial;
    notes = std::move(mfa->notes);
  }
  for (size_t i = next; i < hops.size(); ++i) {
    auto c = AssumeWith(o, d, hops[i], current, region);
    if (!c.ok()) return std::move(c).error();
    current = std::move(c).value();
    if (o.use_cache) {
      Status s = cache.StoreRole(hops[i].profile, hops[i].role_arn, serial_used,
                                 current);
      if (!s.ok()) return std::move(s).error();
    }
  }
  return SessionOutcome{prof.choice.name,   serial_used, region,
                        std::move(current), false,       std::move(notes)};
}

}  // namespace bridge::aws
