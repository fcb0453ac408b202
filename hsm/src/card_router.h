// CardRouter: the smart card's applet selection (ISO 7816-4 §11.2.2) over
// the two applets on it — the YKOATH applet behind its CCID envelope
// (hsm/oath/ccid_envelope.h) and the management applet
// (hsm/mgmt/management_applet.h, docs/protocol/management.md §1).
//
// Contract:
// - A SELECT by DF name (INS A4, P1 04) of kManagementAid deselects OATH
//   (CcidEnvelope::Reset: its session and any touch wait are dropped) and
//   hands the SELECT to the management applet; it stays selected while its
//   SELECT succeeded. Any other SELECT by name goes to the envelope and
//   deselects management: OATH's AID selects OATH, every other AID answers
//   6A82 with nothing selected (the envelope's contract).
// - Other APDUs go to the selected applet; with nothing selected the
//   envelope answers 6D00. Malformed APDUs never select anything.
// - Reset() is the card's power event: nothing selected afterwards.
#ifndef HSM_SRC_CARD_ROUTER_H_
#define HSM_SRC_CARD_ROUTER_H_

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "hsm/mgmt/management_applet.h"
#include "hsm/oath/ccid_envelope.h"

namespace hsm {

class CardRouter {
 public:
  CardRouter(oath::CcidEnvelope& oath, const mgmt::ManagementApplet& management)
      : oath_(oath), management_(management) {}

  // As CcidEnvelope::Transmit: the response APDU, or nullopt while an OATH
  // command waits for a touch (then Poll).
  std::optional<std::vector<uint8_t>> Transmit(std::span<const uint8_t> apdu,
                                               uint64_t now_ms);
  std::optional<std::vector<uint8_t>> Poll(uint64_t now_ms);
  void Reset();

 private:
  oath::CcidEnvelope& oath_;
  const mgmt::ManagementApplet& management_;
  bool management_selected_ = false;
};

}  // namespace hsm

#endif  // HSM_SRC_CARD_ROUTER_H_
