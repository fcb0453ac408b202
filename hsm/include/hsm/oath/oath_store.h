// OathStore: the OATH applet's persistent state as its section of the sealed
// state (hsm/store/section_store.h). Both OATH applets of a device (HID and
// CCID) share one OathStore, so they see the same credentials.
//
// Contract: as SectionStore, except that Load() gives a device whose section
// was never written a FreshOathState, committed at once so its salt stays
// stable across power cycles.
#ifndef HSM_OATH_OATH_STORE_H_
#define HSM_OATH_OATH_STORE_H_

#include "hsm/oath/oath_state.h"
#include "hsm/platform.h"
#include "hsm/result.h"
#include "hsm/store/section_store.h"

namespace hsm::oath {

// No credentials, no PIN, no access key and a new random 8-byte salt
// (SELECT tag 71, docs/protocol/oath.md §2.2): a new device, and a reset one.
OathState FreshOathState(Platform& platform);

class OathStore
    : public store::SectionStore<OathState, EncodeOathState, DecodeOathState> {
 public:
  OathStore(Platform& platform, store::StateStore& store)
      : SectionStore(store, store::Section::kOath), platform_(platform) {}

  Status<store::StoreError> Load() {
    if (never_written()) return Commit(FreshOathState(platform_));
    return SectionStore::Load();
  }

 private:
  Platform& platform_;
};

}  // namespace hsm::oath

#endif  // HSM_OATH_OATH_STORE_H_
