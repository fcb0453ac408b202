#include "bridge/fido2/fido_error.h"

#include <fido.h>

#include <cstdio>

namespace bridge::fido2 {

// CTAP 2.1 §8.2 "Status codes" (cross-checked with libfido2 1.12
// fido/err.h; docs/protocol/ctap.md §6.4).
std::string Ctap2StatusName(uint8_t status) {
  switch (status) {
    case 0x00:
      return "CTAP2_OK";
    case 0x01:
      return "CTAP1_ERR_INVALID_COMMAND";
    case 0x02:
      return "CTAP1_ERR_INVALID_PARAMETER";
    case 0x03:
      return "CTAP1_ERR_INVALID_LENGTH";
    case 0x04:
      return "CTAP1_ERR_INVALID_SEQ";
    case 0x05:
      return "CTAP1_ERR_TIMEOUT";
    case 0x06:
      return "CTAP1_ERR_CHANNEL_BUSY";
    case 0x0A:
      return "CTAP1_ERR_LOCK_REQUIRED";
    case 0x0B:
      return "CTAP1_ERR_INVALID_CHANNEL";
    case 0x11:
      return "CTAP2_ERR_CBOR_UNEXPECTED_TYPE";
    case 0x12:
      return "CTAP2_ERR_INVALID_CBOR";
    case 0x14:
      return "CTAP2_ERR_MISSING_PARAMETER";
    case 0x15:
      return "CTAP2_ERR_LIMIT_EXCEEDED";
    case 0x16:
      return "CTAP2_ERR_UNSUPPORTED_EXTENSION";
    case 0x17:
      return "CTAP2_ERR_FP_DATABASE_FULL";
    case 0x18:
      return "CTAP2_ERR_LARGE_BLOB_STORAGE_FULL";
    case 0x19:
      return "CTAP2_ERR_CREDENTIAL_EXCLUDED";
    case 0x21:
      return "CTAP2_ERR_PROCESSING";
    case 0x22:
      return "CTAP2_ERR_INVALID_CREDENTIAL";
    case 0x23:
      return "CTAP2_ERR_USER_ACTION_PENDING";
    case 0x24:
      return "CTAP2_ERR_OPERATION_PENDING";
    case 0x25:
      return "CTAP2_ERR_NO_OPERATIONS";
    case 0x26:
      return "CTAP2_ERR_UNSUPPORTED_ALGORITHM";
    case 0x27:
      return "CTAP2_ERR_OPERATION_DENIED";
    case 0x28:
      return "CTAP2_ERR_KEY_STORE_FULL";
    case 0x29:
      return "CTAP2_ERR_NOT_BUSY";
    case 0x2A:
      return "CTAP2_ERR_NO_OPERATION_PENDING";
    case 0x2B:
      return "CTAP2_ERR_UNSUPPORTED_OPTION";
    case 0x2C:
      return "CTAP2_ERR_INVALID_OPTION";
    case 0x2D:
      return "CTAP2_ERR_KEEPALIVE_CANCEL";
    case 0x2E:
      return "CTAP2_ERR_NO_CREDENTIALS";
    case 0x2F:
      return "CTAP2_ERR_USER_ACTION_TIMEOUT";
    case 0x30:
      return "CTAP2_ERR_NOT_ALLOWED";
    case 0x31:
      return "CTAP2_ERR_PIN_INVALID";
    case 0x32:
      return "CTAP2_ERR_PIN_BLOCKED";
    case 0x33:
      return "CTAP2_ERR_PIN_AUTH_INVALID";
    case 0x34:
      return "CTAP2_ERR_PIN_AUTH_BLOCKED";
    case 0x35:
      return "CTAP2_ERR_PIN_NOT_SET";
    case 0x36:
      return "CTAP2_ERR_PUAT_REQUIRED";
    case 0x37:
      return "CTAP2_ERR_PIN_POLICY_VIOLATION";
    case 0x38:
      return "CTAP2_ERR_PIN_TOKEN_EXPIRED";
    case 0x39:
      return "CTAP2_ERR_REQUEST_TOO_LARGE";
    case 0x3A:
      return "CTAP2_ERR_ACTION_TIMEOUT";
    case 0x3B:
      return "CTAP2_ERR_UP_REQUIRED";
    case 0x3C:
      return "CTAP2_ERR_UV_BLOCKED";
    case 0x3D:
      return "CTAP2_ERR_INTEGRITY_FAILURE";
    case 0x3E:
      return "CTAP2_ERR_INVALID_SUBCOMMAND";
    case 0x3F:
      return "CTAP2_ERR_UV_INVALID";
    case 0x40:
      return "CTAP2_ERR_UNAUTHORIZED_PERMISSION";
    case 0x7F:
      return "CTAP1_ERR_OTHER";
    default:
      break;
  }
  char buf[16];
  std::snprintf(buf, sizeof(buf), "status 0x%02X", status);
  return buf;
}

Error FidoError(int r, std::string_view what, IoFailure failure) {
  std::string prefix(what);
  if (r > 0) {
    char code[8];
    std::snprintf(code, sizeof(code), "0x%02X", r & 0xFF);
    std::string msg = prefix + ": the key answered " +
                      Ctap2StatusName(static_cast<uint8_t>(r)) + " (" + code +
                      ")";
    if (r == FIDO_ERR_KEEPALIVE_CANCEL) {
      return MakeError(ErrorKind::kCancelled, prefix + ": cancelled",
                       static_cast<uint16_t>(r));
    }
    return MakeError(ErrorKind::kCtap2, msg, static_cast<uint16_t>(r));
  }
  switch (r) {
    case FIDO_ERR_TX:
    case FIDO_ERR_RX:
      switch (failure) {
        case IoFailure::kTimeout:
          return MakeError(ErrorKind::kTimeout,
                           prefix + ": the key did not answer in time");
        case IoFailure::kCancelled:
          return MakeError(ErrorKind::kCancelled, prefix + ": cancelled");
        case IoFailure::kTransport:
          return MakeError(ErrorKind::kTransport,
                           prefix + ": I/O error talking to the key");
        case IoFailure::kContract:
        case IoFailure::kNone:
          break;
      }
      return MakeError(ErrorKind::kTransport,
                       prefix + ": " + fido_strerr(r) +
                           (r == FIDO_ERR_RX ? " (bad or missing reply)" : ""));
    case FIDO_ERR_RX_NOT_CBOR:
    case FIDO_ERR_RX_INVALID_CBOR:
    case FIDO_ERR_INVALID_SIG:
      return MakeError(ErrorKind::kProtocol, prefix + ": " + fido_strerr(r));
    case FIDO_ERR_INVALID_ARGUMENT:
    case FIDO_ERR_INVALID_PARAM:
      return MakeError(ErrorKind::kInvalidInput,
                       prefix + ": " + fido_strerr(r));
    default:
      return MakeError(ErrorKind::kProtocol, prefix + ": " + fido_strerr(r));
  }
}

}  // namespace bridge::fido2
