#include "bridge/oath/label.h"

#include <charconv>

namespace bridge::oath {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

Label ParseLabel(std::string_view name, OathType type) {
  Label out;
  if (type != OathType::kTotp) {
    out.period = 0;
    size_t colon = name.find(':');
    if (colon != std::string_view::npos) {
      out.issuer = std::string(name.substr(0, colon));
      name.remove_prefix(colon + 1);
    }
    out.account = std::string(name);
    return out;
  }
  // ^((\d+)/)?(([^:]+):)?(.+)$ — regex-free to stay total on any bytes.
  std::string_view rest = name;
  size_t digits = 0;
  while (digits < rest.size() && IsDigit(rest[digits])) ++digits;
  uint32_t period = kDefaultPeriod;
  if (digits > 0 && digits < rest.size() && rest[digits] == '/' &&
      digits + 1 < rest.size()) {
    uint64_t p = 0;
    auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + digits, p);
    // Python's int() accepts any size; periods that do not fit u32 are
    // treated as "no prefix" rather than wrapped.
    if (ec == std::errc() && p <= UINT32_MAX) {
      period = static_cast<uint32_t>(p);
      rest.remove_prefix(digits + 1);
    }
  }
  size_t colon = rest.find(':');
  // ([^:]+): needs a non-empty issuer and a non-empty account after it.
  if (colon != std::string_view::npos && colon > 0 && colon + 1 < rest.size()) {
    out.issuer = std::string(rest.substr(0, colon));
    rest.remove_prefix(colon + 1);
  }
  if (rest.empty()) {  // (.+) did not match: whole name is the account
    out.period = kDefaultPeriod;
    out.issuer.clear();
    out.account = std::string(name);
    return out;
  }
  out.period = period;
  out.account = std::string(rest);
  return out;
}

Result<std::string> FormatLabel(std::string_view issuer,
                                std::string_view account, OathType type,
                                uint32_t period) {
  if (account.empty()) {
    return MakeError(ErrorKind::kInvalidInput, "the account name is empty");
  }
  if (issuer.find(':') != std::string_view::npos) {
    return MakeError(ErrorKind::kInvalidInput,
                     "the issuer must not contain ':'");
  }
  if (type == OathType::kTotp && period == 0) {
    return MakeError(ErrorKind::kInvalidInput, "the period must be > 0");
  }
  std::string name;
  if (type == OathType::kTotp && period != kDefaultPeriod) {
    name = std::to_string(period) + "/";
  }
  if (!issuer.empty()) name += std::string(issuer) + ":";
  name += account;
  if (name.size() > kMaxNameBytes) {
    return MakeError(ErrorKind::kInvalidInput,
                     "the name '" + name + "' is " +
                         std::to_string(name.size()) +
                         " bytes; at most 64 are allowed");
  }
  Label back = ParseLabel(name, type);
  if (back.account != account || back.issuer != issuer ||
      (type == OathType::kTotp && back.period != period)) {
    return MakeError(ErrorKind::kInvalidInput,
                     "the name '" + name +
                         "' would read back differently (an account "
                         "without issuer must not contain ':' or start "
                         "with 'DIGITS/')");
  }
  return name;
}

}  // namespace bridge::oath
