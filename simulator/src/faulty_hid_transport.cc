#include "faulty_hid_transport.h"

#include <algorithm>
#include <utility>

namespace keysim {
namespace {

using hsm::ctaphid::Report;

Report ToReport(std::span<const uint8_t> bytes) {
  Report r{};
  std::copy_n(bytes.begin(), std::min(bytes.size(), r.size()), r.begin());
  return r;
}

void Append(std::vector<Report>& to, std::vector<Report> more) {
  to.insert(to.end(), more.begin(), more.end());
}

}  // namespace

FaultyHidTransport::FaultyHidTransport(std::unique_ptr<HidTransport> inner,
                                       FaultInjector& faults, WireStats& stats,
                                       std::function<uint64_t()> clock)
    : inner_(std::move(inner)),
      faults_(faults),
      stats_(stats),
      clock_(std::move(clock)) {}

void FaultyHidTransport::Receive(HidSink& sink) {
  sink_ = &sink;
  inner_->Receive(*this);
}

std::vector<Report> FaultyHidTransport::OnReport(
    std::span<const uint8_t> bytes) {
  Report report = ToReport(bytes);
  FaultDecision d = faults_.Decide(FaultDirection::kIn);
  if (d.drop) return {};
  if (d.corrupt) report[d.corrupt_index] ^= d.corrupt_mask;
  const uint64_t now = clock_();
  if (d.delay_ms > 0 || d.reorder) {
    const int copies = d.duplicate ? 2 : 1;
    for (int i = 0; i < copies; ++i) {
      held_.push_back({FaultDirection::kIn, report,
                       now + (d.reorder ? kReorderHoldMs : d.delay_ms),
                       d.reorder});
    }
    return {};
  }
  std::vector<Report> answers = Deliver(report);
  if (d.duplicate) Append(answers, Deliver(report));
  for (const Held& h : TakeReordered(FaultDirection::kIn)) {
    Append(answers, Deliver(h.report));
  }
  return answers;
}

std::vector<Report> FaultyHidTransport::Deliver(const Report& report) {
  stats_.ReportIn(report);
  std::vector<Report> produced = sink_->OnReport(report);
  return Outgoing(produced);
}

std::vector<Report> FaultyHidTransport::Outgoing(
    std::span<const Report> reports) {
  std::vector<Report> now_out;
  const uint64_t now = clock_();
  for (const Report& produced : reports) {
    stats_.ReportOut(produced);
    Report report = produced;
    FaultDecision d = faults_.Decide(FaultDirection::kOut);
    if (d.drop) continue;
    if (d.corrupt) report[d.corrupt_index] ^= d.corrupt_mask;
    const int copies = d.duplicate ? 2 : 1;
    if (d.delay_ms > 0 || d.reorder) {
      for (int i = 0; i < copies; ++i) {
        held_.push_back({FaultDirection::kOut, report,
                         now + (d.reorder ? kReorderHoldMs : d.delay_ms),
                         d.reorder});
      }
      continue;
    }
    for (int i = 0; i < copies; ++i) now_out.push_back(report);
    for (const Held& h : TakeReordered(FaultDirection::kOut)) {
      now_out.push_back(h.report);
    }
  }
  return now_out;
}

std::vector<FaultyHidTransport::Held> FaultyHidTransport::TakeReordered(
    FaultDirection direction) {
  std::vector<Held> out;
  for (auto it = held_.begin(); it != held_.end();) {
    if (it->until_next && it->direction == direction) {
      out.push_back(*it);
      it = held_.erase(it);
    } else {
      ++it;
    }
  }
  return out;
}

std::vector<FaultyHidTransport::Held> FaultyHidTransport::TakeDue(
    uint64_t now) {
  std::vector<Held> out;
  for (auto it = held_.begin(); it != held_.end();) {
    if (it->due_ms <= now) {
      out.push_back(*it);
      it = held_.erase(it);
    } else {
      ++it;
    }
  }
  return out;
}

void FaultyHidTransport::Offer(std::span<const Report> reports) {
  std::vector<Report> send = Outgoing(reports);
  for (const Held& h : TakeDue(clock_())) {
    if (h.direction == FaultDirection::kOut) {
      send.push_back(h.report);
    } else if (sink_ != nullptr) {
      Append(send, Deliver(h.report));
    }
  }
  if (!send.empty()) inner_->Offer(send);
}

}  // namespace keysim
