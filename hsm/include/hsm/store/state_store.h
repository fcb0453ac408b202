// StateStore: the device's persistent state, loaded at boot and replaced only
// by whole, successful commits.
//
// Contract: serial() and section() are always those of the last committed
// record. CommitSection() replaces one applet's section: it seals the whole
// new record and writes it to the slot not holding the current one
// (state_store.cc explains the medium layout); if the write fails the
// in-memory record stays as it was, so a failed or torn write changes
// nothing a client can see. Each applet keeps its decoded state itself and
// commits its section whole (copy-on-write).
#ifndef HSM_STORE_STATE_STORE_H_
#define HSM_STORE_STATE_STORE_H_

#include <cstdint>
#include <memory>
#include <optional>

#include "hsm/platform.h"
#include "hsm/result.h"
#include "hsm/store/state_record.h"

namespace hsm::store {

enum class StoreError : uint8_t {
  kIo = 1,       // storage failed
  kCorrupt = 2,  // no authentic state and no way to recover
  kVersion = 3,  // state from a newer version
};

class StateStore {
 public:
  // `fresh_serial`, when set, is the serial of every fresh record (first
  // boot, Wipe) instead of a random one (keysim --serial); it never changes
  // a record that exists.
  explicit StateStore(Platform& platform,
                      std::optional<uint32_t> fresh_serial = std::nullopt);

  // Loads the device key (creating it at first boot) and the newest authentic
  // state slot. A fresh device starts with no sections and a random serial
  // (or `fresh_serial`).
  Status<StoreError> Load();

  uint32_t serial() const { return record_.serial; }
  // The section's bytes as last committed; empty if never written.
  std::span<const uint8_t> section(Section s) const {
    return record_.section(s).view();
  }
  Status<StoreError> CommitSection(Section section,
                                   std::span<const uint8_t> bytes);
  // Commits a fresh record: a new random serial (or `fresh_serial`) and no
  // sections (a factory
  // reset; the applets reload their sections afterwards). The device key
  // stays.
  Status<StoreError> Wipe();

 private:
  Status<StoreError> Commit(StateRecord next);

  Platform& platform_;
  std::optional<uint32_t> fresh_serial_;
  StateRecord record_;
  // Sealing internals (device key, generation counter) live in the .cc file.
  struct Sealing;
  std::shared_ptr<Sealing> sealing_;
};

}  // namespace hsm::store

#endif  // HSM_STORE_STATE_STORE_H_
