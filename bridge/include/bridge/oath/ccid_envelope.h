// CcidSwLastEnvelope: OATH APDUs to a smart card (YKOATH over CCID / PC/SC,
// docs/protocol/oath.md decision 2, §3): the response APDU is `data ‖ SW1 SW2`
// (status word LAST) and TLV lengths are BER.
//
// Contract: Transmit() hands one command APDU to the link::CardChannel
// (link/card_channel.h) and splits its answer with SplitSwLast; a reply
// shorter than 2 bytes is kProtocol.
// The channel blocks until the card answers (a YubiKey waiting for a touch
// just delays its answer; PC/SC has no keepalive); before a command that
// may need a touch, hooks.on_touch_wait runs once if the card has not
// answered within hooks.touch_notice_ms. SEND REMAINING (61xx) is the
// session's job (session.h). ykoath() is true: LIST without data, the
// access code via VALIDATE.
#ifndef BRIDGE_OATH_CCID_ENVELOPE_H_
#define BRIDGE_OATH_CCID_ENVELOPE_H_

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "bridge/error.h"
#include "bridge/link/card_channel.h"
#include "bridge/oath/envelope.h"

namespace bridge::oath {

struct CcidHooks {
  std::function<void()> on_touch_wait;  // "Touch your key…"
  int touch_notice_ms = 300;
};

class CcidSwLastEnvelope : public ApduEnvelope {
 public:
  explicit CcidSwLastEnvelope(link::CardChannel& card, CcidHooks hooks = {})
      : card_(card), hooks_(std::move(hooks)) {}

  Result<ApduResponse> Transmit(std::span<const uint8_t> apdu,
                                const ExchangeOptions& options) override;
  TlvLength tlv_length() const override { return TlvLength::kBer; }
  bool ykoath() const override { return true; }

 private:
  link::CardChannel& card_;
  CcidHooks hooks_;
};

}  // namespace bridge::oath

#endif  // BRIDGE_OATH_CCID_ENVELOPE_H_
