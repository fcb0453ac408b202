#include "bridge/aws/login_flow.h"

#include "bridge/aws/cli_output.h"
#include "bridge/aws/federation.h"
#include "bridge/aws/role_chain.h"
#include "bridge/secret.h"

namespace bridge::aws {
namespace {

// IAM policy grammar: the session may do whatever the user may.
constexpr const char* kAllowAll =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*",)"
    R"("Resource":"*"}]})";

Result<SessionOutcome> FederatedUserSession(const SessionOptions& o,
                                            const ResolvedProfile& prof,
                                            FlowDeps& d) {
  if (!prof.view.has_static_keys && !d.env("AWS_ACCESS_KEY_ID")) {
    return MakeError(ErrorKind::kInvalidInput,
                     "the AWS profile '" + prof.choice.name +
                         "' has neither role_arn nor long-term keys to sign "
                         "in to the console with");
  }
  auto env = BuildCliEnvironment(d.base_env, prof.choice.explicit_choice);
  if (!env.ok()) return std::move(env).error();
  std::optional<std::string> cli_profile;
  if (prof.choice.explicit_choice) cli_profile = prof.choice.name;
  AwsCli cli =
      MakeCli(o, d, cli_profile, prof.view.region, std::move(env).value());
  // GetFederationToken Name: 2–32 of [\w+=,.@-] (AWS STS API Reference).
  std::string name = DefaultRoleSessionName(d.env).substr(0, 32);
  std::vector<std::string> args = {
      "sts", "get-federation-token", "--name", name, "--policy", kAllowAll};
  if (o.duration) {
    args.insert(args.end(),
                {"--duration-seconds", std::to_string(*o.duration)});
  }
  auto out = cli.RunOk("aws sts get-federation-token", args);
  if (!out.ok()) return std::move(out).error();
  auto creds = ParseCredentialsOutput(*out);
  WipeString(*out);
  if (!creds.ok()) return std::move(creds).error();
  SessionOutcome s{prof.choice.name,         "",    prof.view.region,
                   std::move(creds).value(), false, {}};
  s.notes.push_back(
      "the profile has no role_arn: the console session is a federated "
      "user's (GetFederationToken), which AWS issues without MFA");
  return s;
}

}  // namespace

Result<LoginOutcome> Login(const LoginOptions& o, FlowDeps& d) {
  if (Status s = CheckNotChild(d.env); !s.ok()) return std::move(s).error();
  auto prof = ResolveProfileFor(o.session.profile, d.env, /*must_exist=*/true);
  if (!prof.ok()) return std::move(prof).error();
  auto session = prof->view.role_arn
                     ? GetCredentials(o.session, d)
                     : FederatedUserSession(o.session, *prof, d);
  if (!session.ok()) return std::move(session).error();
  const std::string federation = FederationUrl(d.env);
  auto token = GetSigninToken(federation, session->credentials, std::nullopt);
  if (!token.ok()) return std::move(token).error();
  LoginOutcome out;
  out.url = LoginUrl(
      federation, o.destination.value_or(ConsoleDestination(session->region)),
      *token);
  WipeString(*token);
  out.notes = std::move(session->notes);
  return out;
}

}  // namespace bridge::aws
