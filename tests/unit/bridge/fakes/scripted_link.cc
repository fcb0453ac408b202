#include "scripted_link.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace bridge::testing {

link::Report MakeReport(std::initializer_list<uint8_t> bytes) {
  link::Report r{};
  std::copy_n(bytes.begin(), std::min(bytes.size(), r.size()), r.begin());
  return r;
}

link::Report MakeReport(const std::vector<uint8_t>& bytes) {
  link::Report r{};
  std::copy_n(bytes.begin(), std::min(bytes.size(), r.size()), r.begin());
  return r;
}

Status ScriptedLink::Write(std::span<const uint8_t, link::kReportSize> report) {
  link::Report r;
  std::copy(report.begin(), report.end(), r.begin());
  written.push_back(r);
  if (on_write) on_write(r, *this);
  return OkStatus();
}

Result<std::optional<link::Report>> ScriptedLink::Read(int timeout_ms) {
  if (to_read.empty()) {
    std::this_thread::sleep_for(
        std::chrono::milliseconds(std::min(timeout_ms, 2)));
    return std::optional<link::Report>();
  }
  Step step = to_read.front();
  if (step.delay_ms > timeout_ms) {
    // Not yet: the caller's slice ends first.
    to_read.front().delay_ms -= timeout_ms;
    std::this_thread::sleep_for(std::chrono::milliseconds(timeout_ms));
    return std::optional<link::Report>();
  }
  to_read.pop_front();
  std::this_thread::sleep_for(std::chrono::milliseconds(step.delay_ms));
  return std::optional<link::Report>(step.report);
}

}  // namespace bridge::testing
