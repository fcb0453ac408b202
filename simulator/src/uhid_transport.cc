#include "uhid_transport.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/uhid.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <stdexcept>

#include "host_platform.h"

namespace keysim {
namespace {

// FIDO U2FHID/CTAPHID report descriptor (CTAP 2.1 §11.2.8.1 "HID report
// descriptor and device discovery"): usage page 0xF1D0, usage 0x01, one
// 64-byte input report (usage 0x20) and one 64-byte output report (usage
// 0x21), no report IDs.
constexpr uint8_t kFidoReportDescriptor[] = {
    0x06, 0xD0, 0xF1,  // Usage Page (FIDO Alliance)
    0x09, 0x01,        // Usage (CTAPHID)
    0xA1, 0x01,        // Collection (Application)
    0x09, 0x20,        //   Usage (Input Report Data)
    0x15, 0x00,        //   Logical Minimum (0)
    0x26, 0xFF, 0x00,  //   Logical Maximum (255)
    0x75, 0x08,        //   Report Size (8)
    0x95, 0x40,        //   Report Count (64)
    0x81, 0x02,        //   Input (Data, Var, Abs)
    0x09, 0x21,        //   Usage (Output Report Data)
    0x15, 0x00,        //   Logical Minimum (0)
    0x26, 0xFF, 0x00,  //   Logical Maximum (255)
    0x75, 0x08,        //   Report Size (8)
    0x95, 0x40,        //   Report Count (64)
    0x91, 0x02,        //   Output (Data, Var, Abs)
    0xC0,              // End Collection
};

constexpr size_t kMaxCids = 1024;
constexpr int kMaxEventsPerWake = 256;
constexpr int kStartTimeoutMs = 5000;
constexpr int kHidrawTimeoutMs = 2000;
constexpr uint16_t kBusUsb = 0x03;  // BUS_USB, <linux/input.h>

// Writes one event; only the first `size` bytes are used by the kernel.
void WriteEvent(int fd, const uhid_event& ev,
                size_t size = sizeof(uhid_event)) {
  [[maybe_unused]] ssize_t n = ::write(fd, &ev, size);
}

void Destroy(int fd) {
  uhid_event ev{};
  ev.type = UHID_DESTROY;
  WriteEvent(fd, ev);
  ::close(fd);
}

// hidraw write = report ID + data. No report IDs here, so the host sends
// 0x00 first; strip it as usbhid does before the wire. Nothing if the write
// is not one report.
std::optional<hsm::ctaphid::Report> ReportOf(const uhid_output_req& output) {
  std::span<const uint8_t> data(output.data,
                                std::min<size_t>(output.size, UHID_DATA_MAX));
  if (output.rtype != UHID_OUTPUT_REPORT) return std::nullopt;
  if (!data.empty() && data[0] == 0x00) data = data.subspan(1);
  if (data.empty() || data.size() > hsm::ctaphid::kReportSize) {
    return std::nullopt;
  }
  hsm::ctaphid::Report report{};
  std::copy(data.begin(), data.end(), report.begin());
  return report;
}

// GET_REPORT / SET_REPORT: EIO at once (uhid_transport.h).
void RefuseReportRequest(int fd, const uhid_event& request) {
  uhid_event reply{};
  if (request.type == UHID_GET_REPORT) {
    reply.type = UHID_GET_REPORT_REPLY;
    reply.u.get_report_reply.id = request.u.get_report.id;
    reply.u.get_report_reply.err = EIO;
  } else {
    reply.type = UHID_SET_REPORT_REPLY;
    reply.u.set_report_reply.id = request.u.set_report.id;
    reply.u.set_report_reply.err = EIO;
  }
  WriteEvent(fd, reply);
}

// Copies `text` into a fixed, NUL-terminated uhid string field (the fields
// are in a packed struct, so they are passed as pointer and size).
void CopyField(uint8_t* field, size_t size, const std::string& text) {
  size_t n = std::min(text.size(), size - 1);
  std::memcpy(field, text.data(), n);
  field[n] = 0;
}

std::string Errno(const char* what) {
  return std::string(what) + ": " + std::strerror(errno);
}

}  // namespace

UhidTransport::UhidTransport(const std::string& name,
                             const std::string& uhid_path)
    : name_(name) {
  fd_ = ::open(uhid_path.c_str(), O_RDWR | O_CLOEXEC | O_NONBLOCK);
  if (fd_ < 0) {
    throw std::runtime_error(
        "cannot open " + uhid_path + ": " + std::strerror(errno) +
        " (--uhid needs Linux with the uhid module and write access)");
  }
  uniq_ = "keysim-" + std::to_string(::getpid());

  uhid_event ev{};
  ev.type = UHID_CREATE2;
  CopyField(ev.u.create2.name, sizeof ev.u.create2.name, name_);
  CopyField(ev.u.create2.phys, sizeof ev.u.create2.phys, "keysim");
  CopyField(ev.u.create2.uniq, sizeof ev.u.create2.uniq, uniq_);
  ev.u.create2.rd_size = sizeof kFidoReportDescriptor;
  ev.u.create2.bus = kBusUsb;
  ev.u.create2.vendor = kVendorId;
  ev.u.create2.product = kProductId;
  ev.u.create2.version = 0x0100;
  ev.u.create2.country = 0;
  std::memcpy(ev.u.create2.rd_data, kFidoReportDescriptor,
              sizeof kFidoReportDescriptor);
  if (::write(fd_, &ev, sizeof ev) != static_cast<ssize_t>(sizeof ev)) {
    std::string reason = Errno("UHID_CREATE2");
    ::close(fd_);
    fd_ = -1;
    throw std::runtime_error("cannot create the uhid device: " + reason);
  }
  try {
    WaitForStart(kStartTimeoutMs);
  } catch (...) {
    Destroy(fd_);
    fd_ = -1;
    throw;
  }
  FindHidraw(kHidrawTimeoutMs);
}

UhidTransport::~UhidTransport() {
  if (fd_ >= 0) Destroy(fd_);
}

std::string UhidTransport::description() const {
  return "uhid:" + (hidraw_path_.empty() ? name_ : hidraw_path_);
}

// The kernel adds the HID device from a work queue and sends UHID_START once
// a driver (hid-generic) has bound; before that no OUTPUT can arrive, so
// nothing but START/OPEN/CLOSE is consumed here.
void UhidTransport::WaitForStart(int timeout_ms) {
  uint64_t deadline = MonotonicMs() + timeout_ms;
  for (;;) {
    uint64_t now = MonotonicMs();
    if (now >= deadline) {
      throw std::runtime_error(
          "uhid device was not started by the kernel within " +
          std::to_string(timeout_ms) + " ms (is hid-generic available?)");
    }
    pollfd p{fd_, POLLIN, 0};
    int n = ::poll(&p, 1, static_cast<int>(deadline - now));
    if (n < 0 && errno != EINTR) throw std::runtime_error(Errno("poll"));
    if (n <= 0) continue;
    uhid_event ev{};
    ssize_t r = ::read(fd_, &ev, sizeof ev);
    if (r < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      throw std::runtime_error(Errno("read /dev/uhid"));
    }
    if (r >= static_cast<ssize_t>(sizeof ev.type) && ev.type == UHID_START) {
      return;
    }
  }
}

// hidraw is created by hid_connect() right after the driver's start, so it
// may lag UHID_START a little. The node is the one whose HID device carries
// our uniq string (HID_UNIQ in its uevent).
void UhidTransport::FindHidraw(int timeout_ms) {
  const std::string want = "HID_UNIQ=" + uniq_;
  uint64_t deadline = MonotonicMs() + timeout_ms;
  do {
    if (DIR* dir = ::opendir("/sys/class/hidraw")) {
      while (dirent* e = ::readdir(dir)) {
        if (e->d_name[0] == '.') continue;
        std::ifstream uevent(std::string("/sys/class/hidraw/") + e->d_name +
                             "/device/uevent");
        std::string line;
        while (std::getline(uevent, line)) {
          if (line == want) {
            hidraw_path_ = std::string("/dev/") + e->d_name;
            break;
          }
        }
        if (!hidraw_path_.empty()) break;
      }
      ::closedir(dir);
    }
    if (!hidraw_path_.empty()) return;
    ::usleep(10 * 1000);
  } while (MonotonicMs() < deadline);
}

void UhidTransport::Receive(HidSink& sink) {
  for (int i = 0; i < kMaxEventsPerWake; ++i) {
    uhid_event ev{};
    ssize_t r = ::read(fd_, &ev, sizeof ev);
    if (r < 0) {
      if (errno == EINTR) continue;
      return;  // EAGAIN: drained
    }
    if (r < static_cast<ssize_t>(sizeof ev.type)) return;
    switch (ev.type) {
      case UHID_OUTPUT:
        if (auto report = ReportOf(ev.u.output)) {
          Trace("uhid", TraceDirection::kIn, *report);
          Remember(hsm::ctaphid::CidOf(*report));
          for (const auto& reply : sink.OnReport(*report)) SendInput(reply);
        }
        break;
      case UHID_GET_REPORT:
      case UHID_SET_REPORT:
        RefuseReportRequest(fd_, ev);
        break;
      default:  // START, STOP, OPEN, CLOSE: nothing to do
        break;
    }
  }
}

void UhidTransport::Offer(std::span<const hsm::ctaphid::Report> reports) {
  for (const auto& r : reports) {
    if (Known(hsm::ctaphid::CidOf(r))) SendInput(r);
  }
}

void UhidTransport::SendInput(std::span<const uint8_t> report) {
  Trace("uhid", TraceDirection::kOut, report);
  uhid_event ev{};
  ev.type = UHID_INPUT2;
  ev.u.input2.size = static_cast<uint16_t>(report.size());
  std::memcpy(ev.u.input2.data, report.data(), report.size());
  // Only the used part of the event is sent; the kernel reads the header
  // and `size` bytes (uhid_dev_input2).
  WriteEvent(fd_, ev, offsetof(uhid_event, u.input2.data) + report.size());
}

void UhidTransport::Remember(uint32_t cid) {
  if (auto it = cids_.find(cid); it != cids_.end()) {
    order_.splice(order_.begin(), order_, it->second);
    return;
  }
  if (cids_.size() >= kMaxCids) {
    cids_.erase(order_.back());
    order_.pop_back();
  }
  order_.push_front(cid);
  cids_.emplace(cid, order_.begin());
}

}  // namespace keysim
