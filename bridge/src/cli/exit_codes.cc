#include "bridge/cli/exit_codes.h"

#include "bridge/oath/status_word.h"

namespace bridge::cli {
namespace {

// CTAP2 status bytes (CTAP 2.1 §8.2) that users act on (bridge::fido2).
ExitCode ExitCodeForCtap2Status(uint16_t status) {
  switch (status) {
    case 0x01:  // CTAP1_ERR_INVALID_COMMAND: no such command (no CTAP2?)
      return ExitCode::kNoOathApplet;
    case 0x2E:  // CTAP2_ERR_NO_CREDENTIALS
      return ExitCode::kNotFound;
    case 0x27:  // CTAP2_ERR_OPERATION_DENIED
    case 0x2F:  // CTAP2_ERR_USER_ACTION_TIMEOUT
    case 0x30:  // CTAP2_ERR_NOT_ALLOWED
    case 0x3A:  // CTAP2_ERR_ACTION_TIMEOUT
    case 0x3B:  // CTAP2_ERR_UP_REQUIRED
      return ExitCode::kNotAllowed;
    case 0x31:  // CTAP2_ERR_PIN_INVALID
    case 0x32:  // CTAP2_ERR_PIN_BLOCKED
    case 0x33:  // CTAP2_ERR_PIN_AUTH_INVALID
    case 0x34:  // CTAP2_ERR_PIN_AUTH_BLOCKED
      return ExitCode::kWrongPin;
    case 0x28:  // CTAP2_ERR_KEY_STORE_FULL
      return ExitCode::kStorageFull;
    case 0x2D:  // CTAP2_ERR_KEEPALIVE_CANCEL
      return ExitCode::kCancelled;
    default:
      return ExitCode::kDeviceError;
  }
}

}  // namespace

ExitCode ExitCodeFor(const Error& error) {
  switch (error.kind) {
    case ErrorKind::kInvalidInput:
      return ExitCode::kUsage;
    case ErrorKind::kNoDevice:
      return ExitCode::kNoDevice;
    case ErrorKind::kTransport:
      return ExitCode::kTransport;
    case ErrorKind::kTimeout:
      return ExitCode::kTimeout;
    case ErrorKind::kProtocol:
      return ExitCode::kProtocol;
    case ErrorKind::kCancelled:
      return ExitCode::kCancelled;
    case ErrorKind::kCtaphid:
      return ExitCode::kNoOathApplet;
    case ErrorKind::kNoMatch:
      return ExitCode::kNotFound;
    case ErrorKind::kAws:
      return ExitCode::kAws;
    case ErrorKind::kCtap2:
      return ExitCodeForCtap2Status(error.code);
    case ErrorKind::kStatusWord:
      break;
  }
  const uint16_t sw = error.code;
  using oath::Sw;
  if (oath::IsNotFound(sw)) return ExitCode::kNotFound;
  if (sw == static_cast<uint16_t>(Sw::kOperationBlocked)) {
    return ExitCode::kExists;
  }
  if (sw == static_cast<uint16_t>(Sw::kSecurityStatusNotSatisfied)) {
    return ExitCode::kNotAllowed;
  }
  if (sw == static_cast<uint16_t>(Sw::kVerificationFailed) ||
      (sw & 0xFFF0) == 0x63C0) {
    return ExitCode::kWrongPin;
  }
  if (sw == static_cast<uint16_t>(Sw::kNotEnoughMemory)) {
    return ExitCode::kStorageFull;
  }
  return ExitCode::kDeviceError;
}

std::string ExitCodeHelp() {
  return "Exit codes:\n"
         "  0    success\n"
         "  1    unexpected failure\n"
         "  2    bad command line or invalid input (name, secret, URI, PIN)\n"
         "  3    no key found or selectable (see --device)\n"
         "  4    I/O error talking to the key\n"
         "  5    the key did not answer in time\n"
         "  6    the key's answer was malformed\n"
         "  7    the key refused the CTAPHID command (no OATH applet?)\n"
         "  8    no such account / no matching account\n"
         "  9    an account with that name already exists\n"
         "  10   touch timed out or operation not allowed\n"
         "  11   wrong PIN or password\n"
         "  12   the key's account storage is full\n"
         "  13   other error status from the key\n"
         "  14   the AWS CLI or AWS refused the request\n"
         "  130  interrupted (Ctrl-C)\n"
         "Device: --device udp:HOST:PORT (keysim), /dev/hidrawN, or "
         "\"pcsc:READER NAME\" (YKOATH smart card); "
         "or KEYBRIDGE_DEVICE.";
}

}  // namespace bridge::cli
