// FuzzPlatform: the hsm::Platform every hsm fuzz target runs on —
// deterministic, in memory, and driven by the target's input.
//
// Contract: Random() is a 64-bit LCG from `seed`, or, in kCounting mode,
// the bytes 01 02 03 … (predictable CIDs, so a target can address the
// channels it opened). NowMs() returns `now_ms`, advanced by `tick_ms` on
// every call. Presence answers `presence`; a second BeginPresence() while
// one is active, or a poll while none is, aborts (one request at a time).
// Storage is an in-memory medium; while `fail_writes` is set every write
// fails with kIo and changes nothing.
#ifndef TESTS_FUZZ_FUZZ_PLATFORM_H_
#define TESTS_FUZZ_FUZZ_PLATFORM_H_

#include <cstdint>
#include <cstdlib>
#include <map>
#include <span>
#include <vector>

#include "hsm/platform.h"

namespace hsm::fuzzing {

class FuzzPlatform : public Platform {
 public:
  enum class RandomMode { kLcg, kCounting };

  explicit FuzzPlatform(RandomMode mode = RandomMode::kLcg, uint64_t seed = 42)
      : mode_(mode), state_(seed) {}

  void Random(std::span<uint8_t> out) override {
    for (auto& b : out) {
      if (mode_ == RandomMode::kCounting) {
        b = static_cast<uint8_t>(++state_);
      } else {
        state_ = state_ * 6364136223846793005ull + 1442695040888963407ull;
        b = static_cast<uint8_t>(state_ >> 56);
      }
    }
  }
  uint64_t NowMs() override {
    now_ms += tick_ms;
    return now_ms;
  }
  void BeginPresence() override {
    if (presence_active) std::abort();
    presence_active = true;
  }
  Presence PollPresence() override {
    if (!presence_active) std::abort();
    return presence;
  }
  void EndPresence() override { presence_active = false; }
  Result<std::vector<uint8_t>, StorageError> Read(StorageSlot slot) override {
    auto it = medium_.find(slot);
    if (it == medium_.end()) return MakeErr(StorageError::kNotFound);
    return it->second;
  }
  Status<StorageError> Write(StorageSlot slot,
                             std::span<const uint8_t> data) override {
    if (fail_writes) return MakeErr(StorageError::kIo);
    medium_[slot].assign(data.begin(), data.end());
    return Status<StorageError>::Ok();
  }

  uint64_t now_ms = 1000;
  uint64_t tick_ms = 0;
  Presence presence = Presence::kApproved;
  bool presence_active = false;
  bool fail_writes = false;

 private:
  RandomMode mode_;
  uint64_t state_;
  std::map<StorageSlot, std::vector<uint8_t>> medium_;
};

}  // namespace hsm::fuzzing

#endif  // TESTS_FUZZ_FUZZ_PLATFORM_H_
