// OathStore: the OATH applet's persistent state, kept decoded in RAM and
// committed as its section of the sealed state (hsm/store/state_store.h).
// Both OATH applets of a device (HID and CCID) share one OathStore, so they
// see the same credentials.
//
// Contract: Load() decodes the section (kCorrupt if it does not decode); a
// device whose section was never written gets a fresh state — no
// credentials, a random 8-byte salt — committed at once so the salt stays
// stable. state() is the last committed state; Commit() encodes and commits
// a new one, and on failure leaves state() unchanged. serial() is the key's.
#ifndef HSM_OATH_OATH_STORE_H_
#define HSM_OATH_OATH_STORE_H_

#include <cstdint>

#include "hsm/oath/oath_state.h"
#include "hsm/platform.h"
#include "hsm/result.h"
#include "hsm/store/state_store.h"

namespace hsm::oath {

class OathStore {
 public:
  OathStore(Platform& platform, store::StateStore& store)
      : platform_(platform), store_(store) {}

  Status<store::StoreError> Load();
  const OathState& state() const { return state_; }
  Status<store::StoreError> Commit(OathState next);
  uint32_t serial() const { return store_.serial(); }

 private:
  Platform& platform_;
  store::StateStore& store_;
  OathState state_;
};

}  // namespace hsm::oath

#endif  // HSM_OATH_OATH_STORE_H_
