#include "bridge/aws/aws_cli.h"

#include <unistd.h>

#include <algorithm>

#include "bridge/aws/cli_output.h"

namespace bridge::aws {
namespace {

std::string_view NameOf(const std::string& kv) {
  size_t eq = kv.find('=');
  return std::string_view(kv).substr(0,
                                     eq == std::string::npos ? kv.size() : eq);
}

std::optional<std::string> Lookup(const std::vector<std::string>& env,
                                  std::string_view name) {
  for (const std::string& kv : env) {
    if (NameOf(kv) == name) return kv.substr(name.size() + 1);
  }
  return std::nullopt;
}

// `base` without the variables named in `drop`, in order.
std::vector<std::string> Without(const std::vector<std::string>& base,
                                 const std::vector<std::string>& drop) {
  std::vector<std::string> out;
  for (const std::string& kv : base) {
    if (std::find(drop.begin(), drop.end(), NameOf(kv)) == drop.end()) {
      out.push_back(kv);
    }
  }
  return out;
}

}  // namespace

std::string ChooseAwsBinary(const std::optional<std::string>& flag,
                            const EnvLookup& env) {
  if (flag && !flag->empty()) return *flag;
  if (auto v = env("KEYBRIDGE_AWS"); v && !v->empty()) return *v;
  if (::access("/usr/bin/aws", X_OK) == 0) return "/usr/bin/aws";
  return "aws";
}

Result<std::vector<std::string>> BuildCliEnvironment(
    const std::vector<std::string>& base, bool explicit_profile) {
  if (!explicit_profile && Lookup(base, "AWS_ACCESS_KEY_ID").has_value()) {
    for (const char* t : {"AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"}) {
      auto v = Lookup(base, t);
      if (v && !v->empty()) {
        return MakeError(
            ErrorKind::kInvalidInput,
            std::string("the environment holds session credentials (") + t +
                " is set), but GetSessionToken needs the IAM user's "
                "long-term access key: unset AWS_ACCESS_KEY_ID, "
                "AWS_SECRET_ACCESS_KEY and " +
                t + ", or pass --profile");
      }
    }
  }
  std::vector<std::string> drop = {
      "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_CREDENTIAL_EXPIRATION",
      "AWS_MAX_ATTEMPTS",  "AWS_PAGER",          "AWS_CLI_AUTO_PROMPT",
      kChildMarker};
  if (explicit_profile) {
    for (const char* n : {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                          "AWS_PROFILE", "AWS_DEFAULT_PROFILE"}) {
      drop.emplace_back(n);
    }
  }
  std::vector<std::string> out = Without(base, drop);
  out.emplace_back("AWS_MAX_ATTEMPTS=1");  // docs/aws.md §0.4
  out.emplace_back("AWS_PAGER=");
  out.emplace_back("AWS_CLI_AUTO_PROMPT=off");
  out.emplace_back(std::string(kChildMarker) + "=1");
  return out;
}

std::vector<std::string> BuildExecEnvironment(
    const std::vector<std::string>& base, const SessionCredentials& c,
    const std::optional<std::string>& region) {
  std::vector<std::string> drop = {"AWS_PROFILE",
                                   "AWS_DEFAULT_PROFILE",
                                   "AWS_ACCESS_KEY_ID",
                                   "AWS_SECRET_ACCESS_KEY",
                                   "AWS_SESSION_TOKEN",
                                   "AWS_SECURITY_TOKEN",
                                   "AWS_CREDENTIAL_EXPIRATION",
                                   "AWS_SESSION_EXPIRATION"};
  if (region) {
    drop.emplace_back("AWS_REGION");
    drop.emplace_back("AWS_DEFAULT_REGION");
  }
  std::vector<std::string> out = Without(base, drop);
  const std::string exp = FormatIso8601Z(c.expiration);
  out.push_back("AWS_ACCESS_KEY_ID=" + c.access_key_id);
  out.push_back("AWS_SECRET_ACCESS_KEY=" + c.secret_access_key);
  out.push_back("AWS_SESSION_TOKEN=" + c.session_token);
  out.push_back("AWS_CREDENTIAL_EXPIRATION=" + exp);
  out.push_back("AWS_SESSION_EXPIRATION=" + exp);
  if (region) {
    out.push_back("AWS_REGION=" + *region);
    out.push_back("AWS_DEFAULT_REGION=" + *region);
  }
  return out;
}

std::vector<std::string> AwsCli::Argv(
    const std::vector<std::string>& args) const {
  std::vector<std::string> argv = {options_.binary};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.insert(argv.end(), {"--output", "json"});
  if (options_.profile)
    argv.insert(argv.end(), {"--profile", *options_.profile});
  if (options_.region) argv.insert(argv.end(), {"--region", *options_.region});
  if (options_.endpoint_url) {
    argv.insert(argv.end(), {"--endpoint-url", *options_.endpoint_url});
  }
  return argv;
}

Result<ProcessResult> AwsCli::Run(const std::vector<std::string>& args) {
  ProcessSpec spec;
  spec.argv = Argv(args);
  spec.env = env_;
  spec.timeout_ms = options_.timeout_ms;
  spec.cancel = options_.cancel;
  auto r = runner_.Run(spec);
  if (!r.ok() && r.error().kind == ErrorKind::kTransport &&
      r.error().message.rfind("cannot run", 0) == 0) {
    return MakeError(ErrorKind::kTransport,
                     "the AWS CLI is not available: " + r.error().message +
                         " (install awscli, or choose it with --aws PATH or "
                         "KEYBRIDGE_AWS)");
  }
  return r;
}

Result<std::string> AwsCli::RunOk(std::string_view what,
                                  const std::vector<std::string>& args) {
  auto r = Run(args);
  if (!r.ok()) return std::move(r).error();
  if (r->timed_out) {
    return MakeError(ErrorKind::kTimeout,
                     std::string(what) + " did not finish in " +
                         std::to_string(options_.timeout_ms / 1000) + " s");
  }
  if (r->exit_status != 0) {
    return DescribeCliFailure(what, r->exit_status, r->err);
  }
  return std::move(r->out);
}

}  // namespace bridge::aws
