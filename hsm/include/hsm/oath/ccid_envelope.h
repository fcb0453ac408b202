// CcidEnvelope: the OATH applet as a smart card (CCID / PC/SC), the way a
// YubiKey's YKOATH applet answers (docs/protocol/oath.md decision 2, §3):
// command APDU in, `data ‖ SW1 SW2` out (status word LAST).
//
// Contract:
// - Card-level selection (ISO 7816-4 §11.2.2): after power-on or reset no
//   application is selected. Only SELECT (INS A4, P1 04) is served then;
//   any other instruction answers 6D00 ("instruction not supported": with
//   nothing selected no instruction is known; a YubiKey's card manager does
//   the same). A SELECT of the OATH AID selects the applet (its own answer:
//   version, salt, access-code challenge); a SELECT of any other AID answers
//   6A82 and leaves no application selected (ykman probes the OTP, PIV and
//   other AIDs and expects exactly that). The management AID never reaches
//   the envelope: the card router (hsm/src/card_router.h) serves it and
//   Reset()s the envelope. A malformed APDU is 6700.
// - A command that needs a touch (YKOATH: CALCULATE of a touch credential)
//   does not block the caller: Transmit() returns std::nullopt and starts a
//   presence request on the Platform; Poll(now) must then be called
//   regularly and returns the response once the user answered (approve →
//   the command runs; deny → 6982) or kTouchTimeoutMs (15 s) passed (6982,
//   as ykman expects: "Touch account timed out"). PC/SC has no keepalive,
//   so the host simply waits. Only one command is outstanding at a time; a
//   Transmit while one waits abandons the waiting command (it never
//   changed state: hsm/presence.h) and handles the new one.
// - Reset() (card power off or on, warm reset, card removed) deselects the
//   applet, abandons a waiting command and drops the applet's session state
//   (pending SEND REMAINING, access-code validation); stored state is
//   untouched.
// - The card answers to reset with kAtr, a YubiKey 5 NFC's ATR.
// - No OS calls; the clock comes from the caller.
#ifndef HSM_OATH_CCID_ENVELOPE_H_
#define HSM_OATH_CCID_ENVELOPE_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "hsm/oath/applet.h"
#include "hsm/platform.h"

namespace hsm::oath {

class CcidEnvelope {
 public:
  // A YubiKey 5 NFC's ATR (ISO 7816-3 §8; the TCK checks out).
  static constexpr std::array<uint8_t, 18> kAtr = {
      0x3B, 0xF8, 0x13, 0x00, 0x00, 0x81, 0x31, 0xFE, 0x15,
      0x59, 0x75, 0x62, 0x69, 0x6B, 0x65, 0x79, 0x34, 0xD4};

  CcidEnvelope(Platform& platform, Applet& applet)
      : platform_(platform), applet_(applet) {}
  ~CcidEnvelope();
  CcidEnvelope(const CcidEnvelope&) = delete;
  CcidEnvelope& operator=(const CcidEnvelope&) = delete;

  // One command APDU → the response APDU, or nullopt while it waits for a
  // touch (then Poll).
  std::optional<std::vector<uint8_t>> Transmit(std::span<const uint8_t> apdu,
                                               uint64_t now_ms);
  // While waiting(): the response once presence is resolved, else nullopt.
  std::optional<std::vector<uint8_t>> Poll(uint64_t now_ms);

  void Reset();

  bool waiting() const { return waiting_; }
  bool selected() const { return selected_; }

 private:
  std::vector<uint8_t> Finish(const ApduResponse& response);
  void AbandonWait();

  Platform& platform_;
  Applet& applet_;
  bool selected_ = false;
  bool waiting_ = false;
  std::vector<uint8_t> waiting_apdu_;
  uint64_t deadline_ms_ = 0;
};

// Encodes `data ‖ SW1 SW2` (ISO 7816-4 §5.1 response APDU).
std::vector<uint8_t> EncodeResponseApdu(const ApduResponse& response);

}  // namespace hsm::oath

#endif  // HSM_OATH_CCID_ENVELOPE_H_
