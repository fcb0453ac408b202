// ScriptedLink: a deterministic in-memory PacketLink for bridge tests.
//
// Contract: Write() records the report and then calls `on_write` (a
// responder that may Queue() replies). Read() pops the next queued step: a
// report (after sleeping its delay) or, when the queue is empty, sleeps
// min(timeout, 2 ms) and reports a timeout slice.
#ifndef TESTS_UNIT_BRIDGE_FAKES_SCRIPTED_LINK_H_
#define TESTS_UNIT_BRIDGE_FAKES_SCRIPTED_LINK_H_

#include <deque>
#include <functional>
#include <initializer_list>
#include <vector>

#include "bridge/link/packet_link.h"

namespace bridge::testing {

// A 64-byte report: `bytes` followed by zeros.
link::Report MakeReport(std::initializer_list<uint8_t> bytes);
link::Report MakeReport(const std::vector<uint8_t>& bytes);

class ScriptedLink : public link::PacketLink {
 public:
  struct Step {
    link::Report report;
    int delay_ms = 0;
  };

  Status Write(std::span<const uint8_t, link::kReportSize> report) override;
  Result<std::optional<link::Report>> Read(int timeout_ms) override;

  void Queue(const link::Report& r, int delay_ms = 0) {
    to_read.push_back({r, delay_ms});
  }

  std::vector<link::Report> written;
  std::deque<Step> to_read;
  std::function<void(const link::Report&, ScriptedLink&)> on_write;
};

}  // namespace bridge::testing

#endif  // TESTS_UNIT_BRIDGE_FAKES_SCRIPTED_LINK_H_
