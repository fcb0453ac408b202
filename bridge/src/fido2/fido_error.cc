#include "bridge/fido2/fido_error.h"

#include <cstdio>

#include "bridge/fido2/libfido2.h"

namespace bridge::fido2 {

// CTAP 2.1 §8.2 "Status codes" (wire/ctap2_status.h, cross-checked with
// libfido2 1.12 fido/err.h; docs/protocol/ctap.md §6.4).
std::string Ctap2StatusName(uint8_t status) {
  std::string_view name =
      wire::ctap2::ToString(static_cast<CtapStatus>(status), "");
  if (!name.empty()) return std::string(name);
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
                       prefix + ": " + Fido().fido_strerr(r) +
                           (r == FIDO_ERR_RX ? " (bad or missing reply)" : ""));
    case FIDO_ERR_RX_NOT_CBOR:
    case FIDO_ERR_RX_INVALID_CBOR:
    case FIDO_ERR_INVALID_SIG:
      return MakeError(ErrorKind::kProtocol,
                       prefix + ": " + Fido().fido_strerr(r));
    case FIDO_ERR_INVALID_ARGUMENT:
    case FIDO_ERR_INVALID_PARAM:
      return MakeError(ErrorKind::kInvalidInput,
                       prefix + ": " + Fido().fido_strerr(r));
    default:
      return MakeError(ErrorKind::kProtocol,
                       prefix + ": " + Fido().fido_strerr(r));
  }
}

}  // namespace bridge::fido2
