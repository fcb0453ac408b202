#include "bridge/fido2/io_adapter.h"

#include <algorithm>
#include <chrono>
#include <cstring>

#include "bridge/link/device_select.h"
#include "bridge/link/device_uri.h"

namespace bridge::fido2 {
namespace {

using Clock = IoHandle::Clock;

int MsUntil(IoHandle::Clock::time_point t) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                t - IoHandle::Clock::now())
                .count();
  return ms < 0 ? 0 : static_cast<int>(ms);
}

// CTAP 2.1 §11.2.4: init packet = CID(4) | CMD|0x80 | BCNTH | BCNTL | data.
constexpr uint8_t kKeepaliveWire = 0x80 | 0x3B;
constexpr size_t kCmdOffset = 4;
constexpr size_t kFirstDataOffset = 7;

}  // namespace

LinkRegistry& LinkRegistry::Global() {
  static LinkRegistry* registry = new LinkRegistry();
  return *registry;
}

std::string LinkRegistry::Register(link::PacketLink* link) {
  std::lock_guard<std::mutex> lock(mu_);
  std::string path =
      std::string(kRegisteredPathPrefix) + std::to_string(next_id_++);
  links_[path] = link;
  return path;
}

void LinkRegistry::Unregister(std::string_view path) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = links_.find(path);
  if (it != links_.end()) links_.erase(it);
}

link::PacketLink* LinkRegistry::Find(std::string_view path) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = links_.find(path);
  return it == links_.end() ? nullptr : it->second;
}

// docs/protocol/ctap.md §4: write gets 65 bytes, buf[0] = report ID 0; must
// return 65.
int IoHandle::Write(const unsigned char* buf, size_t len) {
  if (buf == nullptr || len != kHidReportWithIdSize || buf[0] != 0) {
    return Fail(IoFailure::kContract);
  }
  Status s = link_->Write(
      std::span<const uint8_t, link::kReportSize>(buf + 1, link::kReportSize));
  if (!s) return Fail(IoFailure::kTransport);
  return static_cast<int>(kHidReportWithIdSize);
}

// docs/protocol/ctap.md §4: read gets len = 64, must return exactly 64; -1 on
// timeout; ms is the remaining budget of the libfido2 call, -1 = no limit.
int IoHandle::Read(unsigned char* buf, size_t len, int ms) {
  if (buf == nullptr || len != link::kReportSize) {
    return Fail(IoFailure::kContract);
  }
  const auto start = Clock::now();
  const bool unlimited = ms < 0;
  auto deadline = start + std::chrono::milliseconds(unlimited ? 0 : ms);
  for (;;) {
    if (!cancel_sent_ && hooks_.cancel != nullptr && hooks_.cancel->load()) {
      cancel_sent_ = true;
      cancel_deadline_ =
          Clock::now() + std::chrono::milliseconds(kCancelGraceMs);
      if (hooks_.send_cancel) hooks_.send_cancel();
    }
    const bool bounded = !unlimited || cancel_sent_;
    if (cancel_sent_) {
      // The key had its grace period to answer the CANCEL; keepalives do
      // not extend it.
      if (MsUntil(cancel_deadline_) == 0) return Fail(IoFailure::kCancelled);
      deadline =
          unlimited ? cancel_deadline_ : std::min(deadline, cancel_deadline_);
    }
    // Always poll once, even with no budget left: a report may be waiting.
    int slice =
        bounded ? std::min(MsUntil(deadline), kIoPollSliceMs) : kIoPollSliceMs;
    Result<std::optional<link::Report>> r = link_->Read(slice);
    if (!r) return Fail(IoFailure::kTransport);
    if (r->has_value()) {
      const link::Report& report = **r;
      if (report[kCmdOffset] == kKeepaliveWire && hooks_.on_keepalive) {
        hooks_.on_keepalive(report[kFirstDataOffset]);
      }
      std::memcpy(buf, report.data(), link::kReportSize);
      return static_cast<int>(link::kReportSize);
    }
    if (bounded && MsUntil(deadline) == 0) {
      return Fail(cancel_sent_ ? IoFailure::kCancelled : IoFailure::kTimeout);
    }
  }
}

void* IoOpen(const char* path) {
  if (path == nullptr) return nullptr;
  std::string_view p(path);
  if (p.starts_with(kNfcPathPrefix)) return nullptr;
  if (link::PacketLink* l = LinkRegistry::Global().Find(p)) {
    return new IoHandle(*l);
  }
  if (p.starts_with(kRegisteredPathPrefix)) return nullptr;  // unregistered
  Result<link::DeviceUri> uri = link::ParseDeviceUri(p);
  if (!uri) return nullptr;
  Result<std::unique_ptr<link::PacketLink>> l = link::OpenLink(*uri);
  if (!l) return nullptr;
  return new IoHandle(std::move(l).value());
}

void IoClose(void* handle) { delete static_cast<IoHandle*>(handle); }

int IoRead(void* handle, unsigned char* buf, size_t len, int ms) {
  if (handle == nullptr) return -1;
  return static_cast<IoHandle*>(handle)->Read(buf, len, ms);
}

int IoWrite(void* handle, const unsigned char* buf, size_t len) {
  if (handle == nullptr) return -1;
  return static_cast<IoHandle*>(handle)->Write(buf, len);
}

const fido_dev_io_t& LinkIo() {
  static const fido_dev_io_t io = {IoOpen, IoClose, IoRead, IoWrite};
  return io;
}

}  // namespace bridge::fido2
