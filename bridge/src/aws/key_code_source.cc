#include "bridge/aws/key_code_source.h"

#include "bridge/oath/commands.h"

namespace bridge::aws {

Result<oath::OathSession*> KeyCodeSource::Session() {
  if (!session_) {
    auto session = open_();
    if (!session.ok()) return std::move(session).error();
    session_ = std::move(session).value();
  }
  return session_.get();
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
  auto s = Session();
  if (!s.ok()) return std::move(s).error();
  return oath::CalculateCode(**s, *entry, unix_time);
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

}  // namespace bridge::aws
