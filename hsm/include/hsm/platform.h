// Platform: the device core's only ways out (docs/architecture.md
// "Boundaries").
//
// hsm makes no OS calls. Randomness, time, user presence and persistent
// storage come through this seam. The simulator implements it with the host
// (OpenSSL RAND, CLOCK_MONOTONIC, files); tests implement it deterministically
// (tests/unit/hsm/fake_platform.h: seeded RNG, hand-moved clock, in-memory
// storage that can cut power after N writes).
#ifndef HSM_PLATFORM_H_
#define HSM_PLATFORM_H_

#include <cstdint>
#include <span>
#include <vector>

#include "hsm/result.h"

namespace hsm {

// What the user did about a pending presence request.
enum class Presence {
  kPending,   // nothing yet: the core keeps waiting until its own timeout
  kApproved,  // touched
  kDenied,    // refused (a real key cannot say no; the simulator can)
};

// Storage slots. The device key lives apart from the sealed state; the state
// has two slots written alternately so a torn write never loses the last
// committed state (hsm/store/state_store.h).
enum class StorageSlot : uint8_t {
  kDeviceKey = 0,
  kStateA = 1,
  kStateB = 2,
};

enum class StorageError : uint8_t {
  kNotFound = 1,  // slot never written
  kIo = 2,        // the medium failed (power cut, disk error)
};

class Platform {
 public:
  virtual ~Platform() = default;

  // Fills `out` with cryptographically strong random bytes.
  virtual void Random(std::span<uint8_t> out) = 0;

  // Monotonic milliseconds since an arbitrary origin.
  virtual uint64_t NowMs() = 0;

  // User presence. BeginPresence() starts a request (a real key starts
  // blinking); PollPresence() reports it; EndPresence() ends it whatever the
  // outcome (timeout and cancel are decided by the core, not the platform).
  virtual void BeginPresence() = 0;
  virtual Presence PollPresence() = 0;
  virtual void EndPresence() = 0;

  // Storage. Read returns the last fully written contents of a slot. Write
  // replaces a slot's contents; it may fail (kIo) and, on real media, may be
  // torn — callers must not rely on atomicity (the sealed store does not).
  virtual Result<std::vector<uint8_t>, StorageError> Read(StorageSlot slot) = 0;
  virtual Status<StorageError> Write(StorageSlot slot,
                                     std::span<const uint8_t> data) = 0;
};

}  // namespace hsm

#endif  // HSM_PLATFORM_H_
