// `keybridge aws …`: the AWS MFA session flow and enrollment (docs/aws.md).
// Parse (CLI11 options) → handle (aws/session_flow.h, aws/enroll_flow.h)
// → encode (aws/output_format.h).
#include "bridge/cli/aws_commands.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <memory>

#include "bridge/aws/aws_cli.h"
#include "bridge/aws/browser_handoff.h"
#include "bridge/aws/clock.h"
#include "bridge/aws/countdown.h"
#include "bridge/aws/enroll_flow.h"
#include "bridge/aws/key_code_source.h"
#include "bridge/aws/login_flow.h"
#include "bridge/aws/logout.h"
#include "bridge/aws/output_format.h"
#include "bridge/aws/process.h"
#include "bridge/aws/session_flow.h"
#include "bridge/cli/commands.h"
#include "bridge/cli/signals.h"

namespace bridge::cli {
namespace {

struct CommonOptions {
  std::string profile;
  std::string aws;
  std::string endpoint_url;
};

struct SessionArgs {
  CommonOptions common;
  std::string serial;
  std::string account;
  int duration = 0;
  std::string format = "env";
  std::string ini_section;
  bool no_cache = false;
  bool no_session = false;
  std::vector<std::string> command;  // exec
};

std::optional<std::string> Opt(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

void AddCommon(CLI::App* cmd, CommonOptions& o, bool profile_required) {
  CLI::Option* p = cmd->add_option(
      "--profile", o.profile,
      "AWS profile: an IAM user's (long-term keys and mfa_serial) or a "
      "role profile (role_arn with source_profile) (default: $AWS_PROFILE, "
      "else default)");
  if (profile_required) p->required();
  cmd->add_option("--aws", o.aws,
                  "AWS CLI to run (default: $KEYBRIDGE_AWS, else "
                  "/usr/bin/aws if present, else aws on PATH)");
  cmd->add_option("--endpoint-url", o.endpoint_url,
                  "passed to the AWS CLI (e.g. a local STS/IAM emulator)");
}

void AddSessionOptions(CLI::App* cmd, SessionArgs& a) {
  cmd->add_option("--serial", a.serial,
                  "MFA device ARN (default: the profile's mfa_serial)");
  cmd->add_option("--account", a.account,
                  "OATH account on the key (default: the one named "
                  "'Amazon Web Services:NAME@ACCOUNT' for the serial)");
  cmd->add_option("--duration", a.duration,
                  "session length in seconds: 900..129600 for an IAM user "
                  "(default: AWS's 43200), 900..43200 for a role (default: "
                  "duration_seconds, else 3600)");
  cmd->add_flag("--no-cache", a.no_cache,
                "neither read nor write the session cache");
  cmd->add_flag("--no-session", a.no_session,
                "role profiles: assume the role from the long-term keys "
                "with a code of its own, not from an MFA session (allows "
                "more than 1 hour)");
}

// The process-wide pieces the flows need.
struct Runtime {
  aws::EnvLookup env = aws::ProcessEnv();
  std::unique_ptr<aws::SystemClock> clock;
  aws::SystemProcessRunner runner;
  std::unique_ptr<aws::KeyCodeSource> key;
  std::unique_ptr<aws::TerminalCountdown> countdown;

  static Result<std::unique_ptr<Runtime>> Make(const CommandContext& ctx,
                                               std::string what) {
    auto rt = std::make_unique<Runtime>();
    auto offset = aws::ParseTimeOffset(rt->env("KEYBRIDGE_TIME_OFFSET"));
    if (!offset.ok()) return std::move(offset).error();
    rt->clock = std::make_unique<aws::SystemClock>(*offset);
    rt->key = std::make_unique<aws::KeyCodeSource>(
        [options = ctx.global]() -> Result<std::shared_ptr<oath::OathSession>> {
          auto key = KeyConnection::Open(options);
          if (!key.ok()) return std::move(key).error();
          std::shared_ptr<KeyConnection> c = std::move(key).value();
          return std::shared_ptr<oath::OathSession>(c, &c->oath());
        });
    rt->countdown = std::make_unique<aws::TerminalCountdown>(std::move(what));
    return rt;
  }

  aws::FlowDeps Deps() {
    return aws::FlowDeps{*clock,       *key, runner,
                         *countdown,   env,  aws::CurrentEnvironment(),
                         &CancelFlag()};
  }
};

aws::SessionOptions ToSessionOptions(const SessionArgs& a) {
  aws::SessionOptions o;
  o.profile = Opt(a.common.profile);
  o.serial = Opt(a.serial);
  o.account = Opt(a.account);
  if (a.duration != 0) o.duration = a.duration;
  o.aws_binary = Opt(a.common.aws);
  o.endpoint_url = Opt(a.common.endpoint_url);
  o.use_cache = !a.no_cache;
  o.no_session = a.no_session;
  return o;
}

Result<aws::SessionOutcome> ObtainSession(const CommandContext& ctx,
                                          const SessionArgs& a) {
  auto rt = Runtime::Make(ctx, "Waiting for the next TOTP step");
  if (!rt.ok()) return std::move(rt).error();
  aws::FlowDeps deps = (*rt)->Deps();
  auto s = aws::GetCredentials(ToSessionOptions(a), deps);
  if (s.ok()) {
    for (const std::string& note : s->notes) {
      std::cerr << "keybridge: note: " << note << "\n";
    }
  }
  return s;
}

Status RunSession(const CommandContext& ctx, const SessionArgs& a) {
  auto format = aws::ParseOutputFormat(a.format);
  if (!format.ok()) return std::move(format).error();
  auto s = ObtainSession(ctx, a);
  if (!s.ok()) return std::move(s).error();
  aws::FormatOptions fo;
  fo.region = s->region;
  fo.ini_section =
      a.ini_section.empty() ? s->profile + "-session" : a.ini_section;
  std::string text = aws::FormatCredentials(s->credentials, *format, fo);
  std::cout << text << std::flush;
  WipeString(text);
  return OkStatus();
}

Status RunCredentialProcess(const CommandContext& ctx, const SessionArgs& a) {
  auto s = ObtainSession(ctx, a);
  if (!s.ok()) return std::move(s).error();
  std::string text = aws::FormatCredentials(
      s->credentials, aws::OutputFormat::kProcess, aws::FormatOptions{});
  std::cout << text << std::flush;
  WipeString(text);
  return OkStatus();
}

Status RunExec(const CommandContext& ctx, const SessionArgs& a) {
  if (a.command.empty()) {
    return MakeError(ErrorKind::kInvalidInput,
                     "give the command after --, e.g. keybridge aws exec -- "
                     "aws s3 ls");
  }
  auto s = ObtainSession(ctx, a);
  if (!s.ok()) return std::move(s).error();
  // The command uses the session from its environment: no profile, no
  // stale token (docs/aws.md §2.4).
  std::vector<std::string> env = aws::BuildExecEnvironment(
      aws::CurrentEnvironment(), s->credentials, s->region);
  std::vector<char*> argv, envp;
  for (const std::string& x : a.command)
    argv.push_back(const_cast<char*>(x.c_str()));
  argv.push_back(nullptr);
  for (std::string& x : env) envp.push_back(x.data());
  envp.push_back(nullptr);
  std::cout.flush();
  ::execvpe(argv[0], argv.data(), envp.data());
  int err = errno;
  for (std::string& x : env) WipeString(x);
  return MakeError(ErrorKind::kInvalidInput,
                   "cannot run " + a.command[0] + ": " + std::strerror(err));
}

struct LoginArgs {
  SessionArgs session;
  std::string destination;
  bool to_stdout = false;
};

Status RunLogin(const CommandContext& ctx, const LoginArgs& a) {
  auto env = aws::ProcessEnv();
  if (!a.to_stdout && !aws::BrowserAvailable(env)) {
    return MakeError(ErrorKind::kInvalidInput,
                     "no browser to open here (DISPLAY/WAYLAND_DISPLAY unset "
                     "or xdg-open missing); pass --stdout to print the "
                     "sign-in URL");
  }
  auto rt = Runtime::Make(ctx, "Waiting for the next TOTP step");
  if (!rt.ok()) return std::move(rt).error();
  aws::FlowDeps deps = (*rt)->Deps();
  aws::LoginOptions o;
  o.session = ToSessionOptions(a.session);
  o.destination = Opt(a.destination);
  auto r = aws::Login(o, deps);
  if (!r.ok()) return std::move(r).error();
  for (const std::string& note : r->notes) {
    std::cerr << "keybridge: note: " << note << "\n";
  }
  if (a.to_stdout) {
    std::cout << r->url << "\n" << std::flush;
    WipeString(r->url);
    return OkStatus();
  }
  Status s = aws::OpenInBrowser(r->url, env, 120000, &CancelFlag());
  WipeString(r->url);
  return s;
}

struct LogoutArgs {
  std::string profile;
  bool all = false;
};

Status RunLogout(const CommandContext&, const LogoutArgs& a) {
  auto n = aws::Logout(Opt(a.profile), a.all, aws::ProcessEnv());
  if (!n.ok()) return std::move(n).error();
  std::cout << "Removed " << *n
            << (*n == 1 ? " cached session" : " cached sessions") << ".\n";
  return OkStatus();
}

struct EnrollArgs {
  CommonOptions common;
  std::string user;
  std::string device_name;
  std::string account_label;
};

Status RunEnroll(const CommandContext& ctx, const EnrollArgs& a) {
  auto rt = Runtime::Make(ctx, "Waiting for the next TOTP step");
  if (!rt.ok()) return std::move(rt).error();
  aws::FlowDeps deps = (*rt)->Deps();
  aws::EnrollOptions o;
  o.user = a.user;
  o.device_name = Opt(a.device_name);
  o.profile = Opt(a.common.profile);
  o.account_label = Opt(a.account_label);
  o.aws_binary = Opt(a.common.aws);
  o.endpoint_url = Opt(a.common.endpoint_url);
  auto r = aws::Enroll(o, deps);
  if (!r.ok()) return std::move(r).error();
  std::cout << "Enrolled " << r->serial << " for IAM user " << a.user
            << ".\nThe key holds it as '" << r->label << "'.\n"
            << "Wrote " << r->config_key << " to ["
            << aws::ConfigSectionName(r->profile) << "] in " << r->config_path
            << ".\n";
  return OkStatus();
}

// `session`, `exec` and `credential-process`: the common and session
// options, the command's own ones from `more`, then run(ctx, args) as the
// callback.
void AddSessionCommand(CLI::App& group, CommandContext& ctx,
                       const std::string& name, const std::string& description,
                       bool profile_required,
                       Status (*run)(const CommandContext&, const SessionArgs&),
                       void (*more)(CLI::App&, SessionArgs&) = nullptr) {
  AddCommand<SessionArgs>(
      group, ctx, name, description, run,
      [profile_required, more](CLI::App& command, SessionArgs& args) {
        AddCommon(&command, args.common, profile_required);
        AddSessionOptions(&command, args);
        if (more != nullptr) more(command, args);
      });
}

void AddAwsSubcommands(CLI::App& group, CommandContext& ctx) {
  AddSessionCommand(
      group, ctx, "session",
      "Get session credentials (aws sts get-session-token) with a code from "
      "the key, and print them",
      false, RunSession, [](CLI::App& s, SessionArgs& session) {
        s.add_option("--format", session.format,
                     "env (shell exports, default), json, process "
                     "(credential_process JSON) or ini")
            ->check(CLI::IsMember({"env", "json", "process", "ini"}));
        s.add_option("--ini-section", session.ini_section,
                     "section name for --format ini (default "
                     "PROFILE-session)");
      });

  AddSessionCommand(
      group, ctx, "exec",
      "Run a command with session credentials in its environment", false,
      RunExec, [](CLI::App& e, SessionArgs& exec) {
        e.add_option("command", exec.command, "-- COMMAND [ARGS…]")->required();
      });

  AddSessionCommand(group, ctx, "credential-process",
                    "Print credential_process JSON (for `credential_process "
                    "= keybridge aws credential-process --profile P` in "
                    "~/.aws/config)",
                    true, RunCredentialProcess);

  AddCommand<LoginArgs>(
      group, ctx, "login",
      "Sign in to the AWS console: a role profile's session (or a "
      "federated user's) through the federation endpoint, opened in the "
      "browser",
      RunLogin, [](CLI::App& li, LoginArgs& login) {
        AddCommon(&li, login.session.common, false);
        AddSessionOptions(&li, login.session);
        li.add_option("--destination", login.destination,
                      "console page to land on (default: the console home "
                      "of the profile's region)");
        li.add_flag("--stdout", login.to_stdout,
                    "print the sign-in URL (valid 15 minutes; treat it as a "
                    "password) instead of opening a browser");
      });

  AddCommand<LogoutArgs>(
      group, ctx, "logout",
      "Forget cached sessions: the profile's own, and for a role profile "
      "its chain's and its source's MFA session",
      RunLogout, [](CLI::App& lo, LogoutArgs& logout) {
        CLI::Option* profile =
            lo.add_option("--profile", logout.profile,
                          "AWS profile (default: $AWS_PROFILE, else default)");
        lo.add_flag("--all", logout.all, "every cached session")
            ->excludes(profile);
      });

  AddCommand<EnrollArgs>(
      group, ctx, "enroll",
      "Create a virtual MFA device for an IAM user, store its seed in the "
      "key (never shown), enable it and write mfa_serial into the profile",
      RunEnroll, [](CLI::App& en, EnrollArgs& enroll) {
        AddCommon(&en, enroll.common, false);
        en.add_option("--user", enroll.user, "IAM user name")->required();
        en.add_option("--device-name", enroll.device_name,
                      "virtual MFA device name (default: the user name)");
        en.add_option("--account-label", enroll.account_label,
                      "label on the key (default 'Amazon Web "
                      "Services:NAME@ACCOUNT')");
      });
}

}  // namespace

void AddAwsCommands(CLI::App& app, CommandContext& ctx) {
  AddGroup(app, "aws",
           "AWS MFA with codes from the key: session credentials through the "
           "AWS CLI, credential_process, and enrolling the key as a virtual "
           "MFA device",
           [&ctx](CLI::App& group) { AddAwsSubcommands(group, ctx); });
}

}  // namespace bridge::cli
