#include "bridge/aws/mfa_serial.h"

#include <cctype>

namespace bridge::aws {
namespace {

bool IsSerialChar(char c) {
  // STS serialNumberType pattern [\w+=/:,.@-]* (service-2.json).
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '+' ||
         c == '=' || c == '/' || c == ':' || c == ',' || c == '.' || c == '@' ||
         c == '-';
}

bool IsDeviceNameChar(char c) {
  // IAM VirtualMFADeviceName pattern [\w+=,.@-]+ (iam service-2.json).
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '+' ||
         c == '=' || c == ',' || c == '.' || c == '@' || c == '-';
}

}  // namespace

Status CheckSerialNumber(std::string_view serial) {
  if (serial.size() < 9 || serial.size() > 256) {
    return MakeError(ErrorKind::kInvalidInput,
                     "MFA serial number must be 9 to 256 characters (got " +
                         std::to_string(serial.size()) + ")");
  }
  for (char c : serial) {
    if (!IsSerialChar(c)) {
      return MakeError(ErrorKind::kInvalidInput,
                       "MFA serial number may hold only letters, digits and "
                       "+=/:,.@-_ characters");
    }
  }
  return OkStatus();
}

Result<MfaArn> ParseMfaArn(std::string_view serial) {
  Status st = CheckSerialNumber(serial);
  if (!st.ok()) return std::move(st).error();
  auto bad = [&](std::string why) -> Error {
    return MakeError(ErrorKind::kInvalidInput,
                     "'" + std::string(serial) +
                         "' is not an MFA device ARN "
                         "(arn:aws:iam::ACCOUNT:mfa/NAME): " +
                         why);
  };
  // arn:PARTITION:iam::ACCOUNT:RESOURCE
  std::string_view rest = serial;
  if (rest.rfind("arn:", 0) != 0) return bad("it does not start with arn:");
  rest.remove_prefix(4);
  size_t colon = rest.find(':');
  if (colon == std::string_view::npos || colon == 0) return bad("no partition");
  MfaArn out;
  out.arn = std::string(serial);
  out.partition = std::string(rest.substr(0, colon));
  rest.remove_prefix(colon + 1);
  if (rest.rfind("iam::", 0) != 0) return bad("the service is not iam");
  rest.remove_prefix(5);
  colon = rest.find(':');
  if (colon == std::string_view::npos) return bad("no account");
  std::string_view account = rest.substr(0, colon);
  if (account.size() != 12) return bad("the account is not 12 digits");
  for (char c : account) {
    if (!std::isdigit(static_cast<unsigned char>(c))) {
      return bad("the account is not 12 digits");
    }
  }
  out.account = std::string(account);
  rest.remove_prefix(colon + 1);
  if (rest.rfind("user/", 0) == 0) {
    return bad("this is a user ARN; the MFA device ARN has :mfa/ instead");
  }
  if (rest.rfind("mfa/", 0) != 0) return bad("the resource is not mfa/NAME");
  rest.remove_prefix(4);
  size_t slash = rest.rfind('/');
  std::string_view name =
      slash == std::string_view::npos ? rest : rest.substr(slash + 1);
  out.path = slash == std::string_view::npos
                 ? "/"
                 : "/" + std::string(rest.substr(0, slash + 1));
  if (name.empty()) return bad("empty device name");
  for (char c : name) {
    if (!IsDeviceNameChar(c)) return bad("invalid device name");
  }
  out.name = std::string(name);
  return out;
}

std::string MakeMfaArn(std::string_view partition, std::string_view account,
                       std::string_view path, std::string_view name) {
  std::string p(path.empty() ? "/" : path);
  return "arn:" + std::string(partition) + ":iam::" + std::string(account) +
         ":mfa" + p + std::string(name);
}

}  // namespace bridge::aws
