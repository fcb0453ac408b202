// ApduEnvelope: how an OATH APDU reaches the applet and how the status word
// comes back (docs/protocol/oath.md decisions 1–3: one applet, two envelopes).
//
// Contract: Transmit() sends one encoded command APDU and returns the
// status word and response data with the envelope removed. Host failures
// are Errors; any status word (also errors like 6A82) is a successful
// Transmit carrying that SW. `may_need_touch` asks for a read timeout
// longer than the key's 15 s touch timeout and enables the touch prompt.
// tlv_length() tells parsers which TLV length encoding the key uses.
// Implementations: CtaphidSwFirstEnvelope (NK3 / pico-fido over CTAPHID
// 0x70, SW first) and CcidSwLastEnvelope (ccid_envelope.h, SW last).
#ifndef BRIDGE_OATH_ENVELOPE_H_
#define BRIDGE_OATH_ENVELOPE_H_

#include <cstdint>
#include <span>

#include "bridge/error.h"
#include "bridge/oath/apdu.h"
#include "bridge/oath/tlv.h"

namespace bridge::oath {

struct ExchangeOptions {
  bool may_need_touch = false;
};

class ApduEnvelope {
 public:
  virtual ~ApduEnvelope() = default;
  virtual Result<ApduResponse> Transmit(std::span<const uint8_t> apdu,
                                        const ExchangeOptions& options) = 0;
  virtual TlvLength tlv_length() const = 0;
  // YKOATH dialect (docs/protocol/oath.md §3, CCID keys): LIST takes no data
  // and returns v0 entries; an access code may need VALIDATE. Default: the NK3
  // dialect.
  virtual bool ykoath() const { return false; }
};

// Splits `SW1 SW2 ‖ data` (docs/protocol/oath.md §2.1). Fewer than 2 bytes:
// kProtocol.
Result<ApduResponse> SplitSwFirst(std::span<const uint8_t> payload);
// Splits `data ‖ SW1 SW2` (docs/protocol/oath.md §3, CCID). Fewer than 2 bytes:
// kProtocol.
Result<ApduResponse> SplitSwLast(std::span<const uint8_t> payload);

}  // namespace bridge::oath

#endif  // BRIDGE_OATH_ENVELOPE_H_
