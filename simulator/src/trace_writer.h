// TraceWriter: keysim's wire trace (`keysim --trace FILE`, docs/trace.md).
// Every unit that crosses a transport — a 64-byte CTAPHID report on UDP or
// uhid, a vpcd payload (command/response APDU or a 1-byte control) — becomes
// one line, appended as it happens:
//
//   T+SECONDS TRANSPORT DIR LENGTH HEX
//
// SECONDS is the monotonic time since the writer was created, with six
// decimals; TRANSPORT is `udp`, `uhid` or `vpcd`; DIR is `in` (host to key)
// or `out` (key to host); LENGTH the byte count in decimal; HEX the bytes in
// lower-case hex. The file starts with the comment line `# keysim trace 1`
// (lines starting with `#` are comments).
//
// Contract: the constructor creates the file 0600 (an existing file is
// appended to and made 0600) or throws std::runtime_error with a one-line
// reason. Record() writes each line with one write(2) on an O_APPEND
// descriptor, so a killed keysim leaves whole lines behind; a failed write
// is ignored (tracing never stops the key). The trace holds what crosses the
// wire, secrets included (PIN hashes, OATH secrets in PUT).
#ifndef SIMULATOR_SRC_TRACE_WRITER_H_
#define SIMULATOR_SRC_TRACE_WRITER_H_

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace keysim {

enum class TraceDirection { kIn, kOut };

class TraceWriter {
 public:
  explicit TraceWriter(const std::string& path);
  ~TraceWriter();
  TraceWriter(const TraceWriter&) = delete;
  TraceWriter& operator=(const TraceWriter&) = delete;

  void Record(std::string_view transport, TraceDirection direction,
              std::span<const uint8_t> bytes);

 private:
  void WriteLine(const std::string& line);

  int fd_ = -1;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace keysim

#endif  // SIMULATOR_SRC_TRACE_WRITER_H_
