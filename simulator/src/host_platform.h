// HostPlatform: hsm::Platform on a Linux host, for keysim.
//
// Contract:
// - Random: OpenSSL RAND_bytes (aborts if the RNG fails: the core cannot
//   work without randomness).
// - NowMs: CLOCK_MONOTONIC.
// - Presence: a policy — auto approves at once, deny refuses, timeout never
//   answers so the core's own timeout fires. The policy can be changed while
//   running (for a control socket). A queue of answers overrides it: each
//   presence request (BeginPresence) takes the next queued answer, if any,
//   for its whole wait; the policy resumes when the queue is empty. A touch
//   approves the pending request (or the next one) whatever the queue or
//   the policy say.
// - Storage: one file per slot in the state directory (device.key,
//   state-a.bin, state-b.bin), mode 0600. Writes are atomic: write a temp
//   file, fsync, rename over the slot, fsync the directory
//   (docs/architecture.md "State is crash-safe"). The directory is created 0700
//   if missing and locked (flock) so two simulators cannot share it.
// The constructor throws std::runtime_error with a one-line reason if the
// directory is unusable.
#ifndef SIMULATOR_SRC_HOST_PLATFORM_H_
#define SIMULATOR_SRC_HOST_PLATFORM_H_

#include <cstdint>
#include <deque>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>

#include "hsm/platform.h"

namespace keysim {

// keysim's one clock: CLOCK_MONOTONIC in milliseconds (HostPlatform::NowMs).
uint64_t MonotonicMs();

// kManual: pending until Touch() (the control socket's `touch`).
enum class PresencePolicy { kAuto, kDeny, kTimeout, kManual };
// One queued answer (the control socket's `presence` "next").
enum class PresenceAnswer { kApprove, kDeny, kTimeout };

class HostPlatform : public hsm::Platform {
 public:
  HostPlatform(std::filesystem::path state_dir, PresencePolicy policy);
  ~HostPlatform() override;
  HostPlatform(const HostPlatform&) = delete;
  HostPlatform& operator=(const HostPlatform&) = delete;

  void Random(std::span<uint8_t> out) override;
  uint64_t NowMs() override;
  void BeginPresence() override;
  hsm::Presence PollPresence() override;
  // A touch approves one presence request, the pending one or the next.
  void EndPresence() override;
  hsm::Result<std::vector<uint8_t>, hsm::StorageError> Read(
      hsm::StorageSlot slot) override;
  hsm::Status<hsm::StorageError> Write(hsm::StorageSlot slot,
                                       std::span<const uint8_t> data) override;

  void set_presence_policy(PresencePolicy policy) { policy_ = policy; }
  PresencePolicy presence_policy() const { return policy_; }
  // One touch: approves the pending presence request, or the next one.
  void Touch() { touched_ = true; }
  // Replaces the queue of answers for the next presence requests.
  void set_presence_queue(std::deque<PresenceAnswer> answers) {
    queue_ = std::move(answers);
  }
  const std::deque<PresenceAnswer>& presence_queue() const { return queue_; }
  const std::filesystem::path& state_dir() const { return dir_; }

 private:
  std::filesystem::path PathOf(hsm::StorageSlot slot) const;
  std::filesystem::path dir_;
  PresencePolicy policy_;
  bool touched_ = false;
  std::deque<PresenceAnswer> queue_;
  std::optional<PresenceAnswer> current_;  // the pending request's answer
  int dir_fd_ = -1;  // open and flock'ed for the process lifetime
};

}  // namespace keysim

#endif  // SIMULATOR_SRC_HOST_PLATFORM_H_
