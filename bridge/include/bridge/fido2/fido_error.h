// libfido2 return codes as bridge::Error (docs/architecture.md convention 3).
//
// Contract: FidoError(r, what, failure) is only called for r != FIDO_OK.
//  - r > 0 is the key's CTAP2 status byte (libfido2 `fido/err.h` uses the
//    CTAP 2.1 §8.2 values): ErrorKind::kCtap2 with code = r and the message
//    "<what>: <CTAP2 name> (0xNN)"; KEEPALIVE_CANCEL (0x2D) is kCancelled.
//  - r < 0 is a libfido2 host error. FIDO_ERR_TX / FIDO_ERR_RX take their
//    kind from the I/O adapter's last failure (`failure`: timeout, transport
//    or cancel), kTransport if none was recorded; RX_NOT_CBOR,
//    RX_INVALID_CBOR, INVALID_SIG → kProtocol; INVALID_ARGUMENT,
//    INVALID_PARAM → kInvalidInput; anything else kProtocol.
// Ctap2StatusName never fails: unknown codes are "status 0xNN".
#ifndef BRIDGE_FIDO2_FIDO_ERROR_H_
#define BRIDGE_FIDO2_FIDO_ERROR_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "bridge/error.h"
#include "wire/ctap2_status.h"

namespace bridge::fido2 {

// Why the I/O adapter last returned -1 (fido2/io_adapter.h).
enum class IoFailure { kNone, kTimeout, kTransport, kCancelled, kContract };

// CTAP 2.1 §8.2 status codes and their names (wire/ctap2_status.h;
// docs/protocol/ctap.md §6.4).
using wire::ctap2::CtapStatus;

// "CTAP2_ERR_PIN_INVALID", "CTAP1_ERR_INVALID_COMMAND", … (CTAP 2.1 §8.2).
std::string Ctap2StatusName(uint8_t status);

Error FidoError(int r, std::string_view what,
                IoFailure failure = IoFailure::kNone);

}  // namespace bridge::fido2

#endif  // BRIDGE_FIDO2_FIDO_ERROR_H_
