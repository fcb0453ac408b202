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
//
// Codes are computed through `hmac_keys` (crypto::HmacKeyCache), which keeps
// a keyed HMAC context per plain credential key it has used; never one for
// a PIN-encrypted credential, whose secret exists only during the command
// after VERIFY PIN (docs/protocol/oath.md §2.9.1). The applets of one store
// share one cache, as they share the store, so that a credential deleted or
// replaced through either leaves it at once: DELETE and an overwriting PUT
// erase the old key; RESET and Reset() (whatever ends either applet's
// session: a power cycle, a card reset, the card selecting another applet)
// clear the cache. The cache must outlive the applet.
#ifndef HSM_OATH_APPLET_H_
#define HSM_OATH_APPLET_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "hsm/crypto/hmac_key_cache.h"
#include "hsm/oath/oath_store.h"
#include "hsm/platform.h"
#include "hsm/presence.h"
#include "wire/iso7816_status.h"

namespace hsm::oath {

enum class Profile {
  kNitrokey3,  // CTAPHID 0x70 default (docs/protocol/oath.md decision 4)
  kYubikey5,   // CCID (docs/protocol/oath.md decision 4)
};

// ISO 7816-4 status words (docs/protocol/oath.md §2.8, wire/iso7816_status.h).
using wire::iso7816::Sw;
using wire::iso7816::ToString;

// The firmware version the profile's SELECT answers (tag 79,
// docs/protocol/oath.md §3 "SELECT response"); the YubiKey management applet
// reports the same one (docs/protocol/management.md).
std::array<uint8_t, 3> ProfileVersion(Profile profile);

// The most credentials a profile stores (NK3 50, YK5 32,
// docs/protocol/oath.md §3.1): an HmacKeyCache this large holds every
// credential's key, so computing each account's code in turn never evicts.
inline constexpr size_t kMaxCredentials = 50;

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
  Applet(Platform& platform, OathStore& store, Profile profile,
         crypto::HmacKeyCache& hmac_keys);

  Outcome Handle(std::span<const uint8_t> apdu, PresenceGrant grant);

  // Drops per-session state: pending SEND REMAINING, PIN authorization;
  // and clears the HMAC key cache (header comment).
  void Reset();

  Profile profile() const { return profile_; }

 private:
  struct Session;  // per-session state, defined in applet.cc
  Platform& platform_;
  OathStore& store_;
  Profile profile_;
  crypto::HmacKeyCache& hmac_keys_;
  std::shared_ptr<Session> session_;
};

}  // namespace hsm::oath

#endif  // HSM_OATH_APPLET_H_
