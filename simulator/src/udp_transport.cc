#include "udp_transport.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>
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
  // All reports of one answer in one sendmmsg(2) (a getAssertion answer is
  // four), kBatch at a time. Reading stays one recvfrom per datagram:
  // recvmmsg did not measure faster for the usual one-report request.
  std::array<mmsghdr, kBatch> msgs;
  std::array<iovec, kBatch> iov;
  std::array<const hsm::ctaphid::Report*, kBatch> sent_reports;
  while (!reports.empty()) {
    size_t count = 0;
    size_t used = 0;
    for (; used < reports.size() && count < kBatch; ++used) {
      const hsm::ctaphid::Report& r = reports[used];
      const sockaddr_in* to = reply_to_ ? &*reply_to_ : nullptr;
      if (to == nullptr) {
        auto it = peers_.find(hsm::ctaphid::CidOf(r));
        if (it == peers_.end()) continue;  // nobody asked on this CID
        to = &it->second.addr;
      }
      iov[count] = {const_cast<uint8_t*>(r.data()), r.size()};
      msgs[count] = {};
      msgs[count].msg_hdr.msg_name = const_cast<sockaddr_in*>(to);
      msgs[count].msg_hdr.msg_namelen = sizeof *to;
      msgs[count].msg_hdr.msg_iov = &iov[count];
      msgs[count].msg_hdr.msg_iovlen = 1;
      sent_reports[count] = &r;
      ++count;
    }
    reports = reports.subspan(used);
    Send(std::span(msgs.data(), count), std::span(sent_reports.data(), count));
  }
}

void UdpTransport::Send(std::span<mmsghdr> msgs,
                        std::span<const hsm::ctaphid::Report* const> reports) {
  // Best effort, as a USB interrupt endpoint with nobody reading: a full
  // socket buffer gets a short wait (twice at most) rather than a lost
  // report; any other error drops that one report.
  size_t done = 0;
  int waits = 0;
  while (done < msgs.size()) {
    int n = 0;
    if (msgs.size() - done == 1) {  // one report (most answers): sendto
      const msghdr& h = msgs[done].msg_hdr;
      n = ::sendto(fd_, h.msg_iov->iov_base, h.msg_iov->iov_len, 0,
                   static_cast<const sockaddr*>(h.msg_name), h.msg_namelen) >= 0
              ? 1
              : -1;
    } else {
      n = ::sendmmsg(fd_, msgs.data() + done, msgs.size() - done, 0);
    }
    if (n > 0) {
      for (int i = 0; i < n; ++i) {
        Trace("udp", TraceDirection::kOut, *reports[done + i]);
      }
      done += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && waits < 2) {
      ++waits;
      pollfd p{fd_, POLLOUT, 0};
      ::poll(&p, 1, 100);
      continue;
    }
    ++done;  // drop this report, go on with the next
    waits = 0;
  }
}

}  // namespace keysim
