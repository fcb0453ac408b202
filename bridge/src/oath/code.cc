#include "bridge/oath/code.h"

namespace bridge::oath {

uint64_t TimeStep(int64_t unix_time, uint32_t period) {
  if (period == 0 || unix_time < 0) return 0;
  return static_cast<uint64_t>(unix_time) / period;
}

int64_t StepStart(int64_t unix_time, uint32_t period) {
  return static_cast<int64_t>(TimeStep(unix_time, period) * period);
}

std::string FormatCode(uint32_t truncated, uint8_t digits) {
  if (digits < 1) digits = 1;
  if (digits > 10) digits = 10;
  uint64_t mod = 1;
  for (uint8_t i = 0; i < digits; ++i) mod *= 10;
  uint64_t v = (truncated & 0x7FFFFFFFu) % mod;  // RFC 4226 §5.3
  std::string s = std::to_string(v);
  if (s.size() < digits) s.insert(0, digits - s.size(), '0');
  return s;
}

}  // namespace bridge::oath
