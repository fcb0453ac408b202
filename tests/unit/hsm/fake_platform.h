// FakePlatform: a deterministic hsm::Platform for tests (docs/architecture.md
// convention 9): a seeded RNG, a clock moved by hand, scripted user presence,
// and in-memory storage that can cut power after N writes, tearing the write
// that was in flight.
#ifndef TESTS_UNIT_HSM_FAKE_PLATFORM_H_
#define TESTS_UNIT_HSM_FAKE_PLATFORM_H_

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <vector>

#include "hsm/platform.h"

namespace hsm::testing {

class FakePlatform : public Platform {
 public:
  explicit FakePlatform(uint32_t seed = 1) : rng_(seed) {}

  // Platform
  void Random(std::span<uint8_t> out) override;
  uint64_t NowMs() override { return now_ms_; }
  void BeginPresence() override {
    ++presence_requests_;
    presence_active_ = true;
  }
  Presence PollPresence() override { return presence_; }
  void EndPresence() override { presence_active_ = false; }
  Result<std::vector<uint8_t>, StorageError> Read(StorageSlot slot) override;
  Status<StorageError> Write(StorageSlot slot,
                             std::span<const uint8_t> data) override;

  // How many times Random was called.
  int random_draws() const { return random_draws_; }

  // Clock.
  void Advance(uint64_t ms) { now_ms_ += ms; }
  void SetNow(uint64_t ms) { now_ms_ = ms; }

  // Presence: what PollPresence answers (kApproved by default).
  void SetPresence(Presence p) { presence_ = p; }
  int presence_requests() const { return presence_requests_; }
  bool presence_active() const { return presence_active_; }

  // Storage faults. After `writes` more successful writes, the next write is
  // torn: only its first `torn_bytes` bytes reach the medium (the rest of the
  // slot keeps its old bytes), and it and every later write fail with kIo
  // until RestorePower().
  void CutPowerAfter(int writes, size_t torn_bytes = 0);
  void RestorePower();
  int write_count() const { return write_count_; }

  // Direct access to the medium, for corruption tests and plaintext scans.
  std::map<StorageSlot, std::vector<uint8_t>>& medium() { return medium_; }

 private:
  std::mt19937 rng_;
  uint64_t now_ms_ = 1000;
  Presence presence_ = Presence::kApproved;
  int presence_requests_ = 0;
  bool presence_active_ = false;
  std::map<StorageSlot, std::vector<uint8_t>> medium_;
  std::optional<int> writes_until_cut_;
  size_t torn_bytes_ = 0;
  bool power_cut_ = false;
  int write_count_ = 0;
  int random_draws_ = 0;
};

}  // namespace hsm::testing

#endif  // TESTS_UNIT_HSM_FAKE_PLATFORM_H_
