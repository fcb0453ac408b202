// Clock: the wall clock the AWS flows read and sleep on, injectable so that
// tests move time by hand (docs/architecture.md convention 9).
//
// Contract: Now() is Unix time in seconds (fractional). SleepUntil(t)
// returns once Now() >= t (a FakeClock jumps there at once). SystemClock
// adds an offset in seconds; keybridge sets it from KEYBRIDGE_TIME_OFFSET,
// a TEST-ONLY variable that shifts the time keybridge believes it is (the
// TOTP step asked of the key, cache expiry), so tests can line up with the
// emulator's injectable clock without sleeping 30 s.
#ifndef BRIDGE_AWS_CLOCK_H_
#define BRIDGE_AWS_CLOCK_H_

#include <cstdint>
#include <optional>
#include <string>

#include "bridge/error.h"

namespace bridge::aws {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual double Now() = 0;
  virtual void SleepUntil(double unix_time) = 0;
};

class SystemClock : public Clock {
 public:
  explicit SystemClock(double offset_seconds = 0) : offset_(offset_seconds) {}
  double Now() override;
  void SleepUntil(double unix_time) override;

 private:
  double offset_;
};

class FakeClock : public Clock {
 public:
  explicit FakeClock(double now) : now_(now) {}
  double Now() override { return now_; }
  void SleepUntil(double unix_time) override {
    if (unix_time > now_) now_ = unix_time;
    ++sleeps_;
  }
  void Advance(double seconds) { now_ += seconds; }
  int sleeps() const { return sleeps_; }

 private:
  double now_;
  int sleeps_ = 0;
};

// floor(t) and ceil(t) as whole seconds, for times within int64_t. Written
// out rather than taken from <cmath>: these were keybridge's only calls into
// libm, and loading libm costs about a tenth of keybridge's start-up
// (docs/architecture.md "Performance").
constexpr int64_t FloorSeconds(double t) {
  const auto i = static_cast<int64_t>(t);  // rounds toward zero
  return static_cast<double>(i) > t ? i - 1 : i;
}
constexpr int64_t CeilSeconds(double t) {
  const auto i = static_cast<int64_t>(t);
  return static_cast<double>(i) < t ? i + 1 : i;
}

// Parses KEYBRIDGE_TIME_OFFSET (test-only): empty/unset → 0; otherwise a
// decimal number of seconds, else kInvalidInput.
Result<double> ParseTimeOffset(const std::optional<std::string>& value);

}  // namespace bridge::aws

#endif  // BRIDGE_AWS_CLOCK_H_
