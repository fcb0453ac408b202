// SectionStore: one applet's persistent state, kept decoded in RAM and
// committed as that applet's section of the sealed state (state_store.h).
// The applet supplies its schema as two functions:
//   std::vector<uint8_t> Encode(const State&);
//   Result<State, E> Decode(std::span<const uint8_t>);
//
// Contract: Load() decodes the section (kCorrupt if it does not decode); a
// section never written loads as State{}. state() is the last committed
// state; Commit() encodes, commits and wipes the encoding, and on failure
// leaves state() unchanged (copy-on-write, all or nothing).
#ifndef HSM_STORE_SECTION_STORE_H_
#define HSM_STORE_SECTION_STORE_H_

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "hsm/result.h"
#include "hsm/store/state_store.h"
#include "secret/secret_bytes.h"

namespace hsm::store {

template <typename State, auto Encode, auto Decode>
class SectionStore {
 public:
  SectionStore(StateStore& store, Section section)
      : store_(store), section_(section) {}

  bool never_written() const { return store_.section(section_).empty(); }

  Status<StoreError> Load() {
    std::span<const uint8_t> bytes = store_.section(section_);
    if (bytes.empty()) {
      state_ = State();
      return Status<StoreError>::Ok();
    }
    auto decoded = Decode(bytes);
    if (!decoded.ok()) return MakeErr(StoreError::kCorrupt);
    state_ = std::move(decoded.value());
    return Status<StoreError>::Ok();
  }

  const State& state() const { return state_; }

  Status<StoreError> Commit(State next) {
    std::vector<uint8_t> bytes = Encode(next);
    auto status = store_.CommitSection(section_, bytes);
    secret::WipeBytes(bytes);
    if (status.ok()) state_ = std::move(next);
    return status;
  }

  uint32_t serial() const { return store_.serial(); }

 private:
  StateStore& store_;
  const Section section_;
  State state_;
};

}  // namespace hsm::store

#endif  // HSM_STORE_SECTION_STORE_H_
