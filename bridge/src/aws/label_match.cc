#include "bridge/aws/label_match.h"

#include <cctype>

#include "bridge/aws/mfa_serial.h"

namespace bridge::aws {
namespace {

std::string JoinQuoted(const std::vector<std::string>& items) {
  if (items.empty()) return "(none)";
  std::string out;
  for (const std::string& s : items) {
    if (!out.empty()) out += ", ";
    out += "'" + s + "'";
  }
  return out;
}

bool PeriodOk(const OathLabel& l) { return !l.period || *l.period == 30; }

}  // namespace

OathLabel ParseOathLabel(std::string_view label) {
  OathLabel out;
  std::string_view rest = label;
  // ((\d+)/)?
  size_t digits = 0;
  while (digits < rest.size() &&
         std::isdigit(static_cast<unsigned char>(rest[digits]))) {
    ++digits;
  }
  if (digits > 0 && digits < 10 && digits < rest.size() &&
      rest[digits] == '/' && digits + 1 < rest.size()) {
    out.period = std::stoi(std::string(rest.substr(0, digits)));
    rest.remove_prefix(digits + 1);
  }
  // (([^:]+):)?(.+) — the issuer is the text before the first colon, if the
  // rest after it is non-empty.
  size_t colon = rest.find(':');
  if (colon != std::string_view::npos && colon > 0 && colon + 1 < rest.size()) {
    out.issuer = std::string(rest.substr(0, colon));
    rest.remove_prefix(colon + 1);
  }
  out.account = std::string(rest);
  return out;
}

std::string AwsAccountLabel(std::string_view device_name,
                            std::string_view account) {
  return std::string(kAwsIssuer) + ":" + std::string(device_name) + "@" +
         std::string(account);
}

Result<std::string> PickAccount(
    const std::vector<std::string>& labels, std::string_view serial,
    const std::optional<std::string>& explicit_label) {
  if (explicit_label) {
    for (const std::string& l : labels) {
      if (l == *explicit_label) return l;
    }
    return MakeError(ErrorKind::kNoMatch,
                     "no account '" + *explicit_label +
                         "' on the key; accounts: " + JoinQuoted(labels));
  }
  auto arn = ParseMfaArn(serial);
  if (!arn.ok() && serial.rfind("arn:", 0) == 0) {
    return std::move(arn).error();  // a malformed ARN: say what is wrong
  }
  if (!arn.ok()) {
    return MakeError(ErrorKind::kNoMatch,
                     "cannot tell which account on the key belongs to '" +
                         std::string(serial) +
                         "' (not an MFA device ARN); pass --account LABEL "
                         "(accounts: " +
                         JoinQuoted(labels) + ")");
  }
  const std::string wanted = arn->name + "@" + arn->account;
  std::vector<std::string> exact, by_name;
  for (const std::string& l : labels) {
    OathLabel p = ParseOathLabel(l);
    if (!PeriodOk(p)) continue;
    bool aws_issuer = p.issuer == kAwsIssuer;
    if (l == serial ||
        (p.account == wanted && (aws_issuer || p.issuer.empty()))) {
      exact.push_back(l);
    } else if (aws_issuer && p.account.rfind(arn->name + "@", 0) == 0) {
      by_name.push_back(l);
    }
  }
  const std::vector<std::string>& c = exact.empty() ? by_name : exact;
  if (c.size() == 1) return c.front();
  if (c.empty()) {
    return MakeError(
        ErrorKind::kNoMatch,
        "no account on the key matches " + std::string(serial) +
            " (expected '" + AwsAccountLabel(arn->name, arn->account) +
            "'); accounts: " + JoinQuoted(labels) + "; pass --account LABEL");
  }
  return MakeError(ErrorKind::kNoMatch,
                   "several accounts on the key match " + std::string(serial) +
                       ": " + JoinQuoted(c) + "; pass --account LABEL");
}

}  // namespace bridge::aws
