// One line of a keysim wire trace (`keysim --trace`, docs/trace.md):
//
//   T+SECONDS TRANSPORT DIR LENGTH HEX
//
// Contract: ParseTraceLine reads outside text and never crashes. A blank
// line or one starting with `#` is nullopt. Otherwise the five fields must be
// there, separated by blanks: `T+` digits `.` digits; transport `udp`,
// `uhid` or `vpcd`; direction `in` or `out`; a decimal length of at most
// kMaxTraceBytes; exactly that many bytes in hex (either case; absent when
// the length is 0). Anything else is a kInvalidInput error whose message
// says what is wrong (the caller adds the line number).
#ifndef BRIDGE_TRACE_TRACE_LINE_H_
#define BRIDGE_TRACE_TRACE_LINE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bridge/error.h"

namespace bridge::trace {

// A vpcd message payload is at most 65535 bytes (2-byte length).
inline constexpr size_t kMaxTraceBytes = 65535;

enum class Transport { kUdp, kUhid, kVpcd };
std::string_view ToString(Transport transport);

struct TraceRecord {
  std::string time;  // as written, e.g. "T+0.001234"
  Transport transport = Transport::kUdp;
  bool in = true;  // host to key
  std::vector<uint8_t> bytes;
};

Result<std::optional<TraceRecord>> ParseTraceLine(std::string_view line);

}  // namespace bridge::trace

#endif  // BRIDGE_TRACE_TRACE_LINE_H_
