// CtaphidEnvelope: the OATH applet on CTAPHID vendor command 0x70, as the
// Nitrokey 3 Secrets App speaks it (docs/protocol/oath.md §2.1): the request
// payload is one ISO 7816 command APDU, the response payload is SW1 SW2 then
// the data (status word FIRST). A payload that is not an APDU gets CTAPHID
// ERROR INVALID_LEN. No keepalive is sent while waiting for a touch
// (docs/protocol/oath.md §1), and the touch times out after 15 s with 6982.
#ifndef HSM_OATH_CTAPHID_ENVELOPE_H_
#define HSM_OATH_CTAPHID_ENVELOPE_H_

#include "hsm/ctaphid/app.h"
#include "hsm/oath/applet.h"

namespace hsm::oath {

inline constexpr uint32_t kTouchTimeoutMs = 15000;

class CtaphidEnvelope : public ctaphid::App {
 public:
  explicit CtaphidEnvelope(Applet& applet) : applet_(applet) {}
  ctaphid::AppOutcome Handle(uint8_t command, std::span<const uint8_t> payload,
                             PresenceGrant grant) override;
  void Reset() override { applet_.Reset(); }

 private:
  Applet& applet_;
};

}  // namespace hsm::oath

#endif  // HSM_OATH_CTAPHID_ENVELOPE_H_
