// OATH over CTAPHID vendor command 0x70, status word first
// (docs/protocol/oath.md §1, §2.1; Nitrokey 3 Secrets App, pico-fido).
//
// Contract: each APDU is one CTAPHID 0x70 request on an initialised
// Channel. Touch-capable commands wait kTouchTimeoutMs (> the key's 15 s,
// docs/protocol/oath.md decision 7; NK3 sends no KEEPALIVE for 0x70), others
// kCommandTimeoutMs. When a touch-capable command gets no answer within
// hooks.touch_notice_ms, hooks.on_touch_wait runs once (print the prompt).
// *hooks.cancel (set from SIGINT) makes the channel send CTAPHID CANCEL.
// Responses use SIMPLE-TLV lengths (docs/protocol/oath.md §2.4).
#ifndef BRIDGE_OATH_CTAPHID_ENVELOPE_H_
#define BRIDGE_OATH_CTAPHID_ENVELOPE_H_

#include <atomic>
#include <functional>

#include "bridge/ctaphid/channel.h"
#include "bridge/oath/envelope.h"

namespace bridge::oath {

inline constexpr int kTouchTimeoutMs = 20000;
inline constexpr int kCommandTimeoutMs = 5000;

struct EnvelopeHooks {
  const std::atomic<bool>* cancel = nullptr;
  std::function<void()> on_touch_wait;
  int touch_notice_ms = 300;
};

class CtaphidSwFirstEnvelope : public ApduEnvelope {
 public:
  CtaphidSwFirstEnvelope(ctaphid::Channel& channel, EnvelopeHooks hooks = {})
      : channel_(channel), hooks_(std::move(hooks)) {}

  Result<ApduResponse> Transmit(std::span<const uint8_t> apdu,
                                const ExchangeOptions& options) override;
  TlvLength tlv_length() const override { return TlvLength::kSimple; }

 private:
  ctaphid::Channel& channel_;
  EnvelopeHooks hooks_;
};

}  // namespace bridge::oath

#endif  // BRIDGE_OATH_CTAPHID_ENVELOPE_H_
