#include "bridge/cli/aws_code_source.h"

#include "bridge/oath/code.h"
#include "bridge/oath/commands.h"
#include "bridge/oath/label.h"

namespace bridge::cli {

Result<oath::OathSession*> KeyCodeSource::Session() {
  if (!key_) {
    auto key = KeyConnection::Open(options_);
    if (!key.ok()) return std::move(key).error();
    key_ = std::move(key).value();
  }
  return &key_->oath();
}

Status KeyCodeSource::Refresh() {
  auto s = Session();
  if (!s.ok()) return std::move(s).error();
  auto list = (*s)->List();
  if (!list.ok()) return std::move(list).error();
  entries_ = std::move(list).value();
  listed_ = true;
  return OkStatus();
}

Result<std::vector<std::string>> KeyCodeSource::ListTotpLabels() {
  if (Status st = Refresh(); !st.ok()) return std::move(st).error();
  std::vector<std::string> out;
  for (const oath::ListEntry& e : entries_) {
    if (e.type == oath::OathType::kTotp) out.push_back(e.name);
  }
  return out;
}

Result<std::string> KeyCodeSource::Calculate(const std::string& label,
                                             int64_t unix_time) {
  if (!listed_) {
    if (Status st = Refresh(); !st.ok()) return std::move(st).error();
  }
  const oath::ListEntry* entry = nullptr;
  for (const oath::ListEntry& e : entries_) {
    if (e.name == label) entry = &e;
  }
  if (entry == nullptr || entry->type != oath::OathType::kTotp) {
    return MakeError(ErrorKind::kNoMatch,
                     "no TOTP account '" + label + "' on the key");
  }
  oath::Label parsed = oath::ParseLabel(entry->name, entry->type);
  auto challenge =
      oath::TimeChallenge(oath::TimeStep(unix_time, parsed.period));
  auto s = Session();
  if (!s.ok()) return std::move(s).error();
  auto code = (*s)->Calculate(
      label, challenge,
      /*may_need_touch=*/entry->touch || !entry->has_properties);
  if (!code.ok()) return std::move(code).error();
  return oath::FormatCode(code->value, code->digits);
}

Status KeyCodeSource::PutTotp(const std::string& label,
                              const SecretBytes& secret) {
  oath::CredentialData cred;
  size_t colon = label.find(':');
  if (colon != std::string::npos) {
    cred.issuer = label.substr(0, colon);
    cred.account = label.substr(colon + 1);
  } else {
    cred.account = label;
  }
  cred.type = oath::OathType::kTotp;
  cred.algorithm = oath::HashAlgorithm::kSha1;
  cred.digits = 6;
  cred.period = 30;
  cred.secret = secret.Clone();
  auto s = Session();
  if (!s.ok()) return std::move(s).error();
  Status st = (*s)->Put(cred);
  listed_ = false;
  return st;
}

Status KeyCodeSource::Delete(const std::string& label) {
  auto s = Session();
  if (!s.ok()) return std::move(s).error();
  listed_ = false;
  return (*s)->Delete(label);
}

}  // namespace bridge::cli
