#include "udp_transport.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <utility>

#include "host_port.h"
#include "solo_compat.h"

namespace keysim {
namespace {

constexpr size_t kMaxPeers = 1024;
// Datagrams handled per readiness, so Device::Poll keeps its cadence under
// load.
constexpr int kMaxDatagramsPerWake = 256;

}  // namespace

UdpTransport::UdpTransport(const std::string& host, uint16_t port) {
  std::string error;
  std::optional<sockaddr_in> addr = ResolveIpv4({host, port}, &error);
  if (!addr) {
    throw std::runtime_error("cannot resolve UDP host '" + host +
                             "': " + error);
  }
  bound_ = *addr;

  fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd_ < 0) {
    throw std::runtime_error(std::string("cannot open UDP socket: ") +
                             std::strerror(errno));
  }
  if (::bind(fd_, reinterpret_cast<const sockaddr*>(&bound_), sizeof bound_) !=
      0) {
    std::string reason = std::strerror(errno);
    ::close(fd_);
    fd_ = -1;
    throw std::runtime_error("cannot bind udp:" + host + ":" +
                             std::to_string(port) + ": " + reason);
  }
  socklen_t len = sizeof bound_;
  ::getsockname(fd_, reinterpret_cast<sockaddr*>(&bound_), &len);
}

UdpTransport::~UdpTransport() {
  if (fd_ >= 0) ::close(fd_);
}

uint16_t UdpTransport::port() const { return ntohs(bound_.sin_port); }

std::string UdpTransport::description() const {
  char ip[INET_ADDRSTRLEN] = {};
  ::inet_ntop(AF_INET, &bound_.sin_addr, ip, sizeof ip);
  return std::string("udp:") + ip + ":" + std::to_string(port());
}

void UdpTransport::Receive(HidSink& sink) {
  std::array<uint8_t, 2048> buf{};
  for (int i = 0; i < kMaxDatagramsPerWake; ++i) {
    sockaddr_in from{};
    socklen_t from_len = sizeof from;
    ssize_t n = ::recvfrom(fd_, buf.data(), buf.size(), MSG_TRUNC,
                           reinterpret_cast<sockaddr*>(&from), &from_len);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;  // EAGAIN, or a transient error (ICMP port unreachable)
    }
    // One datagram = one 64-byte report, no report ID; drop anything else.
    if (n != static_cast<ssize_t>(hsm::ctaphid::kReportSize) ||
        from.sin_family != AF_INET) {
      continue;
    }
    std::span<const uint8_t> report(buf.data(), hsm::ctaphid::kReportSize);
    Trace("udp", TraceDirection::kIn, report);
    if (reply_to_ &&
        std::equal(report.begin(), report.end(), solo::kMagicReboot.begin())) {
      reboot_();
      continue;
    }
    Remember(hsm::ctaphid::CidOf(report), from);
    Route(sink.OnReport(report));
  }
}

void UdpTransport::SetSoloCompat(const sockaddr_in& reply_to,
                                 std::function<void()> reboot) {
  reply_to_ = reply_to;
  reboot_ = std::move(reboot);
}

void UdpTransport::Offer(std::span<const hsm::ctaphid::Report> reports) {
  Route(reports);
}

void UdpTransport::Remember(uint32_t cid, const sockaddr_in& from) {
  auto it = peers_.find(cid);
  if (it != peers_.end()) {
    it->second.addr = from;
    order_.splice(order_.begin(), order_, it->second.order);
    return;
  }
  if (peers_.size() >= kMaxPeers) {
    peers_.erase(order_.back());
    order_.pop_back();
  }
  order_.push_front(cid);
  peers_.emplace(cid, Peer{from, order_.begin()});
}

void UdpTransport::Route(std::span<const hsm::ctaphid::Report> reports) {
  for (const auto& r : reports) {
    const sockaddr_in* to = reply_to_ ? &*reply_to_ : nullptr;
    if (to == nullptr) {
      auto it = peers_.find(hsm::ctaphid::CidOf(r));
      if (it == peers_.end()) continue;  // nobody asked on this CID
      to = &it->second.addr;
    }
    // Best effort, as a USB interrupt endpoint with nobody reading; a full
    // socket buffer gets a short wait rather than a lost report.
    for (int attempt = 0; attempt < 2; ++attempt) {
      ssize_t n = ::sendto(fd_, r.data(), r.size(), 0,
                           reinterpret_cast<const sockaddr*>(to), sizeof *to);
      if (n >= 0) {
        Trace("udp", TraceDirection::kOut, r);
        break;
      }
      if (errno != EAGAIN && errno != EWOULDBLOCK) break;
      pollfd p{fd_, POLLOUT, 0};
      ::poll(&p, 1, 100);
    }
  }
}

}  // namespace keysim
