#include "bridge/aws/enroll_flow.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "bridge/aws/aws_cli.h"
#include "bridge/aws/cli_output.h"
#include "bridge/aws/clock.h"
#include "bridge/aws/label_match.h"
#include "bridge/aws/mfa_serial.h"
#include "bridge/aws/role_chain.h"
#include "bridge/aws/session_cache.h"
#include "bridge/oath/base32.h"

namespace bridge::aws {
namespace {

// A 0700 temp folder removed (with its one file) on destruction.
class PrivateTempDir {
 public:
  static Result<PrivateTempDir> Create(const EnvLookup& env) {
    std::string base = env("TMPDIR").value_or("/tmp");
    if (base.empty()) base = "/tmp";
    std::string tmpl = base + "/keybridge-enroll-XXXXXX";
    if (::mkdtemp(tmpl.data()) == nullptr) {  // mkdtemp makes it 0700
      return MakeError(
          ErrorKind::kTransport,
          "cannot create a folder in " + base + ": " + std::strerror(errno));
    }
    return PrivateTempDir(tmpl);
  }
  PrivateTempDir(PrivateTempDir&& o) noexcept : path_(std::move(o.path_)) {
    o.path_.clear();
  }
  ~PrivateTempDir() { Remove(); }
  std::string File() const { return path_ + "/seed"; }
  void Remove() {
    if (path_.empty()) return;
    ::unlink(File().c_str());
    ::rmdir(path_.c_str());
    path_.clear();
  }

 private:
  explicit PrivateTempDir(std::string p) : path_(std::move(p)) {}
  std::string path_;
};

// Reads the seed file into SecretBytes without intermediate copies.
Result<SecretBytes> ReadSeedFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    return MakeError(ErrorKind::kProtocol,
                     "the AWS CLI wrote no seed file (" +
                         std::string(std::strerror(errno)) + ")");
  }
  SecretBytes out;
  out.Reserve(256);
  uint8_t buf[64];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    for (ssize_t i = 0; i < n && out.size() < 256; ++i) out.Append(buf[i]);
  }
  std::memset(buf, 0, sizeof buf);
  ::close(fd);
  if (out.empty()) {
    return MakeError(ErrorKind::kProtocol, "the AWS CLI wrote an empty seed");
  }
  return out;
}

std::string AccountFromIdentity(std::string_view json_text) {
  auto j =
      nlohmann::json::parse(json_text.begin(), json_text.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return {};
  auto it = j.find("Account");
  if (it == j.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

}  // namespace

Result<EnrollOutcome> Enroll(const EnrollOptions& o, FlowDeps& d) {
  if (d.env(kChildMarker).has_value()) {
    return MakeError(ErrorKind::kInvalidInput,
                     "keybridge aws enroll cannot run from keybridge's own "
                     "AWS CLI call");
  }
  const std::string name = o.device_name.value_or(o.user);
  if (o.user.empty()) {
    return MakeError(ErrorKind::kInvalidInput, "--user must not be empty");
  }
  auto parsed_name = ParseMfaArn(MakeMfaArn("aws", "000000000000", "/", name));
  if (!parsed_name.ok()) {
    return MakeError(ErrorKind::kInvalidInput,
                     "invalid MFA device name '" + name +
                         "' (letters, digits and +=,.@_- only)");
  }
  auto prof = ResolveProfileFor(o.profile, d.env, /*must_exist=*/true);
  if (!prof.ok()) return std::move(prof).error();
  auto env = BuildCliEnvironment(d.base_env, prof->choice.explicit_choice);
  if (!env.ok()) return std::move(env).error();
  AwsCliOptions cli_options;
  cli_options.binary = ChooseAwsBinary(o.aws_binary, d.env);
  if (prof->choice.explicit_choice) cli_options.profile = prof->choice.name;
  cli_options.region = prof->view.region;
  if (!cli_options.region && !d.env("AWS_REGION") &&
      !d.env("AWS_DEFAULT_REGION")) {
    cli_options.region = "us-east-1";  // IAM is global, signed as us-east-1
  }
  cli_options.endpoint_url = o.endpoint_url;
  cli_options.cancel = d.cancel;
  AwsCli cli(d.runner, cli_options, std::move(env).value());

  // 1. Who are we, and is the label free on the key?
  auto ident =
      cli.RunOk("aws sts get-caller-identity", {"sts", "get-caller-identity"});
  if (!ident.ok()) return std::move(ident).error();
  const std::string account = AccountFromIdentity(*ident);
  if (account.size() != 12) {
    return MakeError(ErrorKind::kProtocol,
                     "aws sts get-caller-identity printed no 12-digit Account");
  }
  const std::string label =
      o.account_label.value_or(AwsAccountLabel(name, account));
  auto labels = d.key.ListTotpLabels();
  if (!labels.ok()) return std::move(labels).error();
  for (const std::string& l : *labels) {
    if (l == label) {
      return MakeError(ErrorKind::kInvalidInput,
                       "the key already has an account '" + label +
                           "'; delete it first or pass --account-label");
    }
  }

  // 2. Create the device; the seed lands in a private file read at once.
  auto dir = PrivateTempDir::Create(d.env);
  if (!dir.ok()) return std::move(dir).error();
  auto created = cli.Run(
      {"iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", name,
       "--outfile", dir->File(), "--bootstrap-method", "Base32StringSeed"});
  Result<SecretBytes> seed_text = MakeError(ErrorKind::kProtocol, "");
  if (created.ok() && created->exit_status == 0) {
    seed_text = ReadSeedFile(dir->File());
  }
  dir->Remove();
  if (!created.ok()) return std::move(created).error();
  if (created->exit_status != 0) {
    return DescribeCliFailure("aws iam create-virtual-mfa-device",
                              created->exit_status, created->err);
  }
  auto serial = ParseCreatedSerial(created->out);
  if (!serial.ok()) {
    return MakeError(ErrorKind::kProtocol,
                     serial.error().message + "; a virtual MFA device named '" +
                         name +
                         "' may now exist unassigned: see `aws iam "
                         "list-virtual-mfa-devices --assignment-status "
                         "Unassigned`");
  }
  const std::string arn = *serial;

  // Cleanup helper for every failure from here on.
  auto fail = [&](Error e, bool key_has_it) -> Error {
    std::string left;
    if (key_has_it) {
      Status del = d.key.Delete(label);
      if (!del.ok()) {
        left += " The key still holds the account '" + label +
                "' (keybridge oath accounts delete '" + label + "').";
      }
    }
    auto r =
        cli.Run({"iam", "delete-virtual-mfa-device", "--serial-number", arn});
    if (!r.ok() || r->exit_status != 0) {
      left += " The virtual MFA device " + arn +
              " still exists (aws iam delete-virtual-mfa-device "
              "--serial-number " +
              arn + ").";
    } else {
      left += " The virtual MFA device " + arn + " was deleted.";
    }
    e.message += "." + left;
    return e;
  };

  if (!seed_text.ok()) return fail(std::move(seed_text).error(), false);
  auto seed = oath::Base32Decode(seed_text->as_string_view());
  seed_text->Clear();
  if (!seed.ok()) {
    return fail(MakeError(ErrorKind::kProtocol,
                          "the seed the AWS CLI wrote is not base32"),
                false);
  }

  // 3. Into the key.
  Status put = d.key.PutTotp(label, *seed);
  seed->Clear();
  if (!put.ok()) return fail(std::move(put).error(), false);
  d.countdown.Say("Stored the seed in the key as '" + label + "'.");

  // 4. Two consecutive codes, then enable at once.
  double now = d.clock.Now();
  int64_t step = StepAt(now);
  double left = static_cast<double>((step + 1) * kTotpPeriod) - now;
  if (left < o.min_remaining) {
    Status w = WaitUntil(d.clock, static_cast<double>((step + 1) * kTotpPeriod),
                         d.countdown, d.cancel);
    if (!w.ok()) return fail(std::move(w).error(), true);
    step += 1;
  }
  int64_t t = std::max(FloorSeconds(d.clock.Now()), step * kTotpPeriod);
  step = StepAt(static_cast<double>(t));
  auto code1 = CodeAt(d.key, label, t - kTotpPeriod);
  if (!code1.ok()) return fail(std::move(code1).error(), true);
  auto code2 = CodeAt(d.key, label, t);
  if (!code2.ok()) return fail(std::move(code2).error(), true);
  auto enabled = cli.RunOk("aws iam enable-mfa-device",
                           {"iam", "enable-mfa-device", "--user-name", o.user,
                            "--serial-number", arn, "--authentication-code1",
                            *code1, "--authentication-code2", *code2});
  SessionCache cache(ResolveCacheDir(d.env));
  (void)cache.RecordUsedStep(arn, step);  // a session must not reuse S
  if (!enabled.ok()) return fail(std::move(enabled).error(), true);

  // 5. Confirm.
  auto listed = cli.RunOk("aws iam list-mfa-devices",
                          {"iam", "list-mfa-devices", "--user-name", o.user});
  Result<std::vector<std::string>> serials =
      listed.ok() ? ParseMfaDeviceSerials(*listed)
                  : Result<std::vector<std::string>>(std::move(listed).error());
  if (!serials.ok() ||
      std::find(serials->begin(), serials->end(), arn) == serials->end()) {
    return MakeError(
        ErrorKind::kAws,
        "enable-mfa-device succeeded but list-mfa-devices does not show " +
            arn + (serials.ok() ? "" : " (" + serials.error().message + ")") +
            ". The key holds '" + label +
            "'; check the user's MFA devices in IAM before retrying.");
  }

  // 6. Remember the serial in the profile: mfa_serial, or for a further key
  // of the same user keybridge_mfa_serials (docs/aws.md §6.3).
  std::string key = "mfa_serial";
  std::string value = arn;
  if (prof->view.mfa_serial && *prof->view.mfa_serial != arn) {
    key = "keybridge_mfa_serials";
    std::vector<std::string> further = MfaSerialCandidates(prof->view);
    further.erase(further.begin());  // mfa_serial itself
    if (std::find(further.begin(), further.end(), arn) == further.end()) {
      further.push_back(arn);
    }
    value.clear();
    for (const std::string& s : further)
      value += (value.empty() ? "" : ", ") + s;
  }
  Status w =
      SetProfileValue(prof->files.config_path, prof->choice.name, key, value);
  if (!w.ok()) {
    return MakeError(w.error().kind,
                     "the MFA device " + arn +
                         " is enabled and in the key, but writing " + key +
                         " failed: " + w.error().message);
  }
  return EnrollOutcome{arn, label, prof->choice.name, prof->files.config_path,
                       key};
}

}  // namespace bridge::aws
