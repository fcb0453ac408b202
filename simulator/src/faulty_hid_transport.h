// FaultyHidTransport: a HID transport seen through the fault injector and
// the wire statistics (docs/control.md "faults", "stats"). It wraps a real
// HidTransport (UDP or uhid) and is what the event loop adds instead.
//
// Contract:
// - With the injector off every report passes unchanged and in order; only
//   WireStats counts them.
// - Host → key: each report the inner transport reads gets a decision
//   (fault_injector.h, FaultDirection::kIn) before the device sees it:
//   dropped, corrupted, handed over twice, held for its delay, or held
//   until the next report in the same direction has been handed over
//   (reorder; at most kReorderHoldMs). Answers to a held report are sent
//   when it is released, through the inner transport's Offer().
// - Key → host: every report the device produces, as an answer or from
//   Device::Poll, gets a decision (kOut) the same way before the inner
//   transport sends it.
// - Held reports are released by Offer(), which the event loop calls every
//   tick (transport.h). Counting (WireStats) is at the device's edge: what
//   the device was handed, and what it produced. With two HID transports
//   (uhid and UDP) the reports of Device::Poll are offered to, decided on
//   and counted by each.
#ifndef SIMULATOR_SRC_FAULTY_HID_TRANSPORT_H_
#define SIMULATOR_SRC_FAULTY_HID_TRANSPORT_H_

#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <string>
#include <vector>

#include "fault_injector.h"
#include "transport.h"
#include "wire_stats.h"

namespace keysim {

class FaultyHidTransport : public HidTransport, private HidSink {
 public:
  static constexpr uint32_t kReorderHoldMs = 50;

  // `clock` gives monotonic milliseconds (MonotonicMs in keysim).
  FaultyHidTransport(std::unique_ptr<HidTransport> inner, FaultInjector& faults,
                     WireStats& stats, std::function<uint64_t()> clock);

  std::string description() const override { return inner_->description(); }
  int fd() const override { return inner_->fd(); }
  void Receive(HidSink& sink) override;
  void Offer(std::span<const hsm::ctaphid::Report> reports) override;

 private:
  struct Held {
    FaultDirection direction;
    hsm::ctaphid::Report report;
    uint64_t due_ms;
    bool until_next;  // reorder: released after the next report passes
  };

  std::vector<hsm::ctaphid::Report> OnReport(
      std::span<const uint8_t> report) override;
  // Hands one report to the device; returns its answers after out-faults.
  std::vector<hsm::ctaphid::Report> Deliver(const hsm::ctaphid::Report& r);
  // Applies out-faults to what the device produced; returns what to send now.
  std::vector<hsm::ctaphid::Report> Outgoing(
      std::span<const hsm::ctaphid::Report> reports);
  // Released held reports of `direction` that waited for a next report.
  std::vector<Held> TakeReordered(FaultDirection direction);
  std::vector<Held> TakeDue(uint64_t now);

  std::unique_ptr<HidTransport> inner_;
  FaultInjector& faults_;
  WireStats& stats_;
  std::function<uint64_t()> clock_;
  HidSink* sink_ = nullptr;
  std::list<Held> held_;
};

}  // namespace keysim

#endif  // SIMULATOR_SRC_FAULTY_HID_TRANSPORT_H_
