#include "bridge/aws/cli_output.h"

#include <cctype>
#include <nlohmann/json.hpp>

namespace bridge::aws {
namespace {

using nlohmann::json;

Error Garbage(std::string_view what) {
  return MakeError(ErrorKind::kProtocol,
                   "the AWS CLI printed something keybridge cannot read (" +
                       std::string(what) + ")");
}

std::optional<json> ParseJson(std::string_view text) {
  json j = json::parse(text.begin(), text.end(), nullptr,
                       /*allow_exceptions=*/false);
  if (j.is_discarded()) return std::nullopt;
  return j;
}

const json* Member(const json& obj, const char* key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
    s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
    s.remove_suffix(1);
  return s;
}

}  // namespace

std::string OneLine(std::string_view text, size_t max) {
  std::string out;
  for (char c : TrimView(text)) {
    if (out.size() >= max) {
      out += "...";
      break;
    }
    if (c == '\n' || c == '\r' || c == '\t') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else if (std::isprint(static_cast<unsigned char>(c))) {
      out += c;
    } else {
      out += '?';
    }
  }
  return out;
}

Result<SessionCredentials> ParseCredentialsOutput(std::string_view text) {
  auto j = ParseJson(text);
  if (!j) return Garbage("the output is not JSON");
  const json* creds = Member(*j, "Credentials");
  if (creds == nullptr || !creds->is_object()) {
    return Garbage("no Credentials object in the output");
  }
  std::string fields[4];
  const char* names[4] = {"AccessKeyId", "SecretAccessKey", "SessionToken",
                          "Expiration"};
  for (int i = 0; i < 4; ++i) {
    const json* f = Member(*creds, names[i]);
    if (f == nullptr || !f->is_string() ||
        f->get_ref<const std::string&>().empty()) {
      return Garbage(std::string("Credentials.") + names[i] +
                     " is missing or not a string");
    }
    fields[i] = f->get<std::string>();
  }
  auto exp = ParseIso8601(fields[3]);
  if (!exp.ok()) return Garbage("Credentials.Expiration is not a timestamp");
  return SessionCredentials(std::move(fields[0]), std::move(fields[1]),
                            std::move(fields[2]), *exp);
}

std::optional<CliServiceError> ParseCliError(std::string_view text) {
  static constexpr std::string_view kLead = "An error occurred (";
  size_t pos = text.find(kLead);
  if (pos == std::string_view::npos) return std::nullopt;
  std::string_view rest = text.substr(pos + kLead.size());
  size_t end_line = rest.find('\n');
  if (end_line != std::string_view::npos) rest = rest.substr(0, end_line);
  if (!rest.empty() && rest.back() == '\r') rest.remove_suffix(1);
  size_t close = rest.find(')');
  if (close == std::string_view::npos || close == 0) return std::nullopt;
  CliServiceError e;
  e.code = std::string(rest.substr(0, close));
  rest.remove_prefix(close + 1);
  static constexpr std::string_view kCalling = " when calling the ";
  if (rest.rfind(kCalling, 0) != 0) return std::nullopt;
  rest.remove_prefix(kCalling.size());
  size_t op_end = rest.find(" operation");
  if (op_end == std::string_view::npos) return std::nullopt;
  e.operation = std::string(rest.substr(0, op_end));
  rest.remove_prefix(op_end + 10);
  static constexpr std::string_view kRetries = " (reached max retries: ";
  if (rest.rfind(kRetries, 0) == 0) {
    rest.remove_prefix(kRetries.size());
    size_t rp = rest.find(')');
    if (rp == std::string_view::npos) return std::nullopt;
    int n = 0;
    for (char c : rest.substr(0, rp)) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
      n = n * 10 + (c - '0');
      if (n > 1000000) return std::nullopt;
    }
    e.retries = n;
    rest.remove_prefix(rp + 1);
  }
  if (rest.rfind(": ", 0) == 0) {
    rest.remove_prefix(2);
  } else if (rest.rfind(":", 0) == 0) {
    rest.remove_prefix(1);
  } else {
    return std::nullopt;
  }
  e.message = std::string(rest);
  return e;
}

Error DescribeCliFailure(std::string_view what, int exit_status,
                         std::string_view err) {
  std::string head = std::string(what) + " failed";
  auto mk = [&](std::string msg) {
    return MakeError(ErrorKind::kAws, std::move(msg),
                     static_cast<uint16_t>(exit_status & 0xffff));
  };
  if (auto e = ParseCliError(err)) {
    std::string msg = head + ": " + e->code + ": " + OneLine(e->message);
    const std::string& m = e->message;
    if (m.find("invalid MFA one time pass code") != std::string::npos) {
      msg +=
          " (AWS refuses a wrong, expired or already used code; check the "
          "host clock, and that the key holds this device's seed)";
    } else if (m.find("verify your MFA serial number") != std::string::npos) {
      msg += " (the serial is not an MFA device of the calling IAM user)";
    } else if (m.find("with session credentials") != std::string::npos) {
      msg +=
          " (the profile holds session credentials; use the IAM user's "
          "long-term access key)";
    } else if (e->code == "InvalidClientTokenId" ||
               e->code == "SignatureDoesNotMatch") {
      msg += " (check the profile's access key)";
    }
    return mk(std::move(msg));
  }
  std::string_view t = TrimView(err);
  if (t.empty()) {
    return mk(head + " with exit status " + std::to_string(exit_status) +
              " and no message");
  }
  // CLI-side messages: keep the first meaningful lines, e.g. "Parameter
  // validation failed:\nInvalid length for parameter TokenCode, ...".
  return mk(head + ": " + OneLine(t));
}

Result<std::string> ParseCreatedSerial(std::string_view text) {
  auto j = ParseJson(text);
  if (!j) return Garbage("create-virtual-mfa-device output is not JSON");
  const json* dev = Member(*j, "VirtualMFADevice");
  const json* serial = dev ? Member(*dev, "SerialNumber") : nullptr;
  if (serial == nullptr || !serial->is_string()) {
    return Garbage("no VirtualMFADevice.SerialNumber");
  }
  return serial->get<std::string>();
}

Result<std::vector<std::string>> ParseMfaDeviceSerials(std::string_view text) {
  auto j = ParseJson(text);
  if (!j) return Garbage("list-mfa-devices output is not JSON");
  const json* list = Member(*j, "MFADevices");
  if (list == nullptr || !list->is_array())
    return Garbage("no MFADevices list");
  std::vector<std::string> out;
  for (const json& d : *list) {
    const json* s = Member(d, "SerialNumber");
    if (s == nullptr || !s->is_string()) {
      return Garbage("an MFADevices entry has no SerialNumber");
    }
    out.push_back(s->get<std::string>());
  }
  return out;
}

}  // namespace bridge::aws
