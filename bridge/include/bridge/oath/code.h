// Code arithmetic on the host (RFC 4226 §5.3, RFC 6238 §4;
// docs/protocol/oath.md §2.6).
//
// Contract: TimeStep(unix, period) = floor(unix / period) for period > 0
// (unix times before 1970 give 0). FormatCode((v & 0x7FFFFFFF) %
// 10^digits), zero-padded to `digits` (1..10).
#ifndef BRIDGE_OATH_CODE_H_
#define BRIDGE_OATH_CODE_H_

#include <cstdint>
#include <string>

namespace bridge::oath {

uint64_t TimeStep(int64_t unix_time, uint32_t period);
std::string FormatCode(uint32_t truncated, uint8_t digits);

// Start of the step containing `unix_time` and the start of the next one.
int64_t StepStart(int64_t unix_time, uint32_t period);

}  // namespace bridge::oath

#endif  // BRIDGE_OATH_CODE_H_
