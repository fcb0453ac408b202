#include "bridge/aws/countdown.h"

#include <fcntl.h>
#include <unistd.h>

namespace bridge::aws {

TerminalCountdown::TerminalCountdown(std::string what)
    : what_(std::move(what)) {
  if (::isatty(2)) {
    fd_ = 2;
  } else {
    fd_ = ::open("/dev/tty", O_WRONLY | O_NOCTTY | O_CLOEXEC);
    own_fd_ = fd_ >= 0;
  }
}

TerminalCountdown::~TerminalCountdown() {
  Clear();
  if (own_fd_) ::close(fd_);
}

void TerminalCountdown::Write(std::string_view s) {
  if (fd_ < 0) return;
  while (!s.empty()) {
    ssize_t n = ::write(fd_, s.data(), s.size());
    if (n <= 0) return;
    s.remove_prefix(static_cast<size_t>(n));
  }
}

void TerminalCountdown::Show(int seconds_left) {
  Write("\r" + what_ + ": " + std::to_string(seconds_left) + " s \x1b[K");
  shown_ = true;
}

void TerminalCountdown::Clear() {
  if (shown_) Write("\r\x1b[K");
  shown_ = false;
}

void TerminalCountdown::Say(std::string_view line) {
  Clear();
  Write(std::string(line) + "\n");
}

Status WaitUntil(Clock& clock, double unix_time, Countdown& countdown,
                 const std::atomic<bool>* cancel) {
  for (;;) {
    if (cancel != nullptr && cancel->load()) {
      countdown.Clear();
      return MakeError(ErrorKind::kCancelled, "interrupted");
    }
    double left = unix_time - clock.Now();
    if (left <= 0) break;
    countdown.Show(static_cast<int>(CeilSeconds(left)));
    double slice = left - static_cast<double>(FloorSeconds(left));
    if (slice <= 0.001) slice = 1.0;
    clock.SleepUntil(clock.Now() + std::min(slice, left));
  }
  countdown.Clear();
  return OkStatus();
}

}  // namespace bridge::aws
