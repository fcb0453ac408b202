// The OATH applet: one APDU command set (YKOATH + Nitrokey 3 Secrets App,
// docs/protocol/oath.md §2–3) behind two envelopes — CTAPHID vendor command
// 0x70 with the status word first (ctaphid_envelope.h) and CCID with the status
// word last (the caller appends SW1 SW2).
//
// Contract: Handle() takes one command APDU and returns a status word and
// response data. A command that needs a touch first returns needs_presence
// without changing any state; it is then called again with the same APDU and
// the grant. Malformed input yields an error status word and changes no state.
// Persistent changes go through OathStore::Commit (all or nothing).
#ifndef HSM_OATH_APPLET_H_
#define HSM_OATH_APPLET_H_

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "hsm/oath/oath_store.h"
#include "hsm/platform.h"
#include "hsm/presence.h"

namespace hsm::oath {

enum class Profile {
  kNitrokey3,  // CTAPHID 0x70 default (docs/protocol/oath.md decision 4)
  kYubikey5,   // CCID (docs/protocol/oath.md decision 4)
};

// ISO 7816-4 status words used by the applet (docs/protocol/oath.md §2.8).
enum class Sw : uint16_t {
  kSuccess = 0x9000,
  kMoreDataFF = 0x61FF,
  kVerificationFailed = 0x6300,
  kNonPersistentError = 0x6400,
  kPersistentError = 0x6500,
  kMemoryError = 0x6581,
  kWrongLength = 0x6700,
  kLogicalChannelNotSupported = 0x6881,
  kSecureMessagingNotSupported = 0x6882,
  kChainingNotSupported = 0x6884,
  kSecurityStatusNotSatisfied = 0x6982,
  kOperationBlocked = 0x6983,
  kNoSuchObject = 0x6984,  // YubiKey "not found"
  kConditionsNotSatisfied = 0x6985,
  kIncorrectData = 0x6A80,
  kFunctionNotSupported = 0x6A81,
  kNotFound = 0x6A82,  // Nitrokey "not found"
  kNotEnoughMemory = 0x6A84,
  kIncorrectP1P2 = 0x6A86,
  kKeyReferenceNotFound = 0x6A88,
  kInsNotSupported = 0x6D00,
  kClaNotSupported = 0x6E00,
};
const char* ToString(Sw sw);

struct ApduResponse {
  uint16_t sw = 0;
  std::vector<uint8_t> data;
};

struct Outcome {
  bool needs_presence = false;
  ApduResponse response;  // meaningful when !needs_presence
};

class Applet {
 public:
  Applet(Platform& platform, OathStore& store, Profile profile);

  Outcome Handle(std::span<const uint8_t> apdu, PresenceGrant grant);

  // Drops per-session state: pending SEND REMAINING, PIN authorization.
  void Reset();

  Profile profile() const { return profile_; }

 private:
  struct Session;  // per-session state, defined in applet.cc
  Platform& platform_;
  OathStore& store_;
  Profile profile_;
  std::shared_ptr<Session> session_;
};

}  // namespace hsm::oath

#endif  // HSM_OATH_APPLET_H_
