// StateStore: the device's persistent state, loaded at boot and replaced only
// by whole, successful commits.
//
// Contract: state() is always the last committed state. Commit() seals the new
// state and writes it (sealed_store.h); if the write fails the in-memory state
// stays as it was, so a failed or torn write changes nothing a client can see.
// Callers mutate a Clone() and commit it (copy-on-write).
#ifndef HSM_STORE_STATE_STORE_H_
#define HSM_STORE_STATE_STORE_H_

#include <memory>

#include "hsm/platform.h"
#include "hsm/result.h"
#include "hsm/store/state.h"

namespace hsm::store {

enum class StoreError : uint8_t {
  kIo = 1,         // storage failed
  kCorrupt = 2,    // no authentic state and no way to recover
  kVersion = 3,    // state from a newer version
};

class StateStore {
 public:
  explicit StateStore(Platform& platform);

  // Loads the device key (creating it at first boot) and the newest authentic
  // state slot. A fresh device starts with an empty state and a random serial.
  Status<StoreError> Load();

  const DeviceState& state() const { return state_; }
  Status<StoreError> Commit(DeviceState next);

 private:
  Platform& platform_;
  DeviceState state_;
  // Sealing internals (device key, generation counter) live in the .cc file.
  struct Sealing;
  std::shared_ptr<Sealing> sealing_;
};

}  // namespace hsm::store

#endif  // HSM_STORE_STATE_STORE_H_
