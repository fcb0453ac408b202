#include "trace_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace keysim {

TraceWriter::TraceWriter(const std::string& path)
    : start_(std::chrono::steady_clock::now()) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd_ < 0) {
    throw std::runtime_error("cannot open trace file " + path + ": " +
                             std::strerror(errno));
  }
  // The trace holds secrets: an existing file loses group/other access too.
  if (::fchmod(fd_, 0600) != 0) {
    std::string reason = std::strerror(errno);
    ::close(fd_);
    fd_ = -1;
    throw std::runtime_error("cannot chmod trace file " + path + ": " + reason);
  }
  WriteLine("# keysim trace 1\n");
}

TraceWriter::~TraceWriter() {
  if (fd_ >= 0) ::close(fd_);
}

void TraceWriter::Record(std::string_view transport, TraceDirection direction,
                         std::span<const uint8_t> bytes) {
  const auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
                           std::chrono::steady_clock::now() - start_)
                           .count();
  char head[64];
  std::snprintf(head, sizeof head, "T+%lld.%06lld ",
                static_cast<long long>(elapsed / 1000000),
                static_cast<long long>(elapsed % 1000000));
  std::string line = head;
  line.append(transport);
  line += direction == TraceDirection::kIn ? " in " : " out ";
  line += std::to_string(bytes.size());
  line += ' ';
  static constexpr char kHex[] = "0123456789abcdef";
  line.reserve(line.size() + 2 * bytes.size() + 1);
  for (uint8_t b : bytes) {
    line += kHex[b >> 4];
    line += kHex[b & 0x0F];
  }
  line += '\n';
  WriteLine(line);
}

void TraceWriter::WriteLine(const std::string& line) {
  size_t done = 0;
  while (done < line.size()) {
    ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // best effort: tracing never stops the key
    done += static_cast<size_t>(n);
  }
}

}  // namespace keysim
