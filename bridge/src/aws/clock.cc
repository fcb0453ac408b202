#include "bridge/aws/clock.h"

#include <time.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace bridge::aws {

double SystemClock::Now() {
  struct timespec ts;
  ::clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<double>(ts.tv_sec) + ts.tv_nsec / 1e9 + offset_;
}

void SystemClock::SleepUntil(double unix_time) {
  for (;;) {
    double left = unix_time - Now();
    if (left <= 0) return;
    struct timespec ts;
    ts.tv_sec = static_cast<time_t>(left);
    ts.tv_nsec =
        static_cast<long>((left - static_cast<double>(ts.tv_sec)) * 1e9);
    ::nanosleep(&ts, nullptr);  // EINTR: loop and recompute
  }
}

Result<double> ParseTimeOffset(const std::optional<std::string>& value) {
  if (!value || value->empty()) return 0.0;
  errno = 0;
  char* end = nullptr;
  double v = std::strtod(value->c_str(), &end);
  if (errno != 0 || end == value->c_str() || *end != '\0' ||
      !std::isfinite(v)) {
    return MakeError(ErrorKind::kInvalidInput,
                     "KEYBRIDGE_TIME_OFFSET must be a number of seconds");
  }
  return v;
}

}  // namespace bridge::aws
