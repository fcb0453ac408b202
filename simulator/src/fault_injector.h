// FaultInjector: seeded, reproducible decisions about what happens to each
// CTAPHID report crossing keysim's HID transport boundary (docs/control.md
// "faults"). It only decides; FaultyHidTransport (faulty_hid_transport.h)
// applies the decisions.
//
// Contract:
// - Configure() replaces the configuration and restarts the pseudo-random
//   sequence from the seed; Off() stops injecting. counts() keep counting
//   across configurations (the control socket's `stats`).
// - Decide(direction) draws the same fixed number of values for every report
//   of a selected direction, whatever the outcome, so one seed and one
//   sequence of reports give one sequence of decisions. Reports of a
//   direction not selected draw nothing and get no fault.
// - A dropped report gets no other fault. Otherwise it may be duplicated,
//   corrupted (one bit of one byte flipped), delayed by a time in
//   [delay_min_ms, delay_max_ms], or reordered (held back until the next
//   report in its direction has passed); delay wins over reorder.
// - Probabilities are in [0, 1]; the generator is SplitMix64, so decisions do
//   not depend on the standard library.
#ifndef SIMULATOR_SRC_FAULT_INJECTOR_H_
#define SIMULATOR_SRC_FAULT_INJECTOR_H_

#include <cstdint>

namespace keysim {

// kIn: host → key (output reports); kOut: key → host (input reports).
enum class FaultDirection { kIn, kOut };

struct FaultConfig {
  uint64_t seed = 0;
  double drop = 0;
  double duplicate = 0;
  double corrupt = 0;
  double delay = 0;
  double reorder = 0;
  uint32_t delay_min_ms = 10;
  uint32_t delay_max_ms = 100;
  bool in = true;   // faults on reports to the key
  bool out = true;  // faults on reports from the key
};

struct FaultDecision {
  bool drop = false;
  bool duplicate = false;
  bool corrupt = false;
  uint8_t corrupt_index = 0;  // byte of the 64-byte report
  uint8_t corrupt_mask = 0;   // the one bit flipped
  uint32_t delay_ms = 0;      // 0: not delayed
  bool reorder = false;

  bool any() const {
    return drop || duplicate || corrupt || delay_ms > 0 || reorder;
  }
};

struct FaultCounts {
  uint64_t dropped = 0;
  uint64_t duplicated = 0;
  uint64_t corrupted = 0;
  uint64_t delayed = 0;
  uint64_t reordered = 0;
};

class FaultInjector {
 public:
  void Configure(const FaultConfig& config);
  void Off() { active_ = false; }
  bool active() const { return active_; }
  const FaultConfig& config() const { return config_; }
  const FaultCounts& counts() const { return counts_; }
  void ClearCounts() { counts_ = FaultCounts(); }

  FaultDecision Decide(FaultDirection direction);

 private:
  uint64_t Next();
  double Uniform();  // [0, 1)

  FaultConfig config_;
  bool active_ = false;
  uint64_t state_ = 0;
  FaultCounts counts_;
};

}  // namespace keysim

#endif  // SIMULATOR_SRC_FAULT_INJECTOR_H_
