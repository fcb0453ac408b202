#include "fault_injector.h"

namespace keysim {

void FaultInjector::Configure(const FaultConfig& config) {
  config_ = config;
  state_ = config.seed;
  active_ = true;
}

// SplitMix64 (Steele, Lea, Flood: "Fast splittable pseudorandom number
// generators", OOPSLA 2014).
uint64_t FaultInjector::Next() {
  uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

double FaultInjector::Uniform() {
  return static_cast<double>(Next() >> 11) * 0x1.0p-53;
}

FaultDecision FaultInjector::Decide(FaultDirection direction) {
  FaultDecision d;
  if (!active_) return d;
  if (direction == FaultDirection::kIn ? !config_.in : !config_.out) return d;
  // Always the same draws, in the same order (the header's contract).
  const bool drop = Uniform() < config_.drop;
  const bool duplicate = Uniform() < config_.duplicate;
  const bool corrupt = Uniform() < config_.corrupt;
  const bool delay = Uniform() < config_.delay;
  const bool reorder = Uniform() < config_.reorder;
  const uint64_t where = Next();
  const uint64_t span =
      uint64_t{config_.delay_max_ms} - config_.delay_min_ms + 1;
  const uint32_t delay_ms =
      config_.delay_min_ms + static_cast<uint32_t>(Next() % span);
  if (drop) {
    d.drop = true;
    ++counts_.dropped;
    return d;
  }
  if (duplicate) {
    d.duplicate = true;
    ++counts_.duplicated;
  }
  if (corrupt) {
    d.corrupt = true;
    d.corrupt_index = static_cast<uint8_t>(where % 64);
    d.corrupt_mask = static_cast<uint8_t>(1u << ((where >> 8) % 8));
    ++counts_.corrupted;
  }
  if (delay) {
    d.delay_ms = delay_ms > 0 ? delay_ms : 1;
    ++counts_.delayed;
  } else if (reorder) {
    d.reorder = true;
    ++counts_.reordered;
  }
  return d;
}

}  // namespace keysim
