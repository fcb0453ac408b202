#include "vpcd_transport.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <stdexcept>

#include "host_port.h"

namespace keysim {
namespace {

// A one-byte vpcd message is a control, not an APDU (vsmartcard vpcd.h:
// VPCD_CTRL_OFF 0, _ON 1, _RESET 2, _ATR 4).
enum class VpcdControl : uint8_t { kOff = 0, kOn = 1, kReset = 2, kAtr = 4 };

// Bounded input: an extended APDU is at most 65544 bytes.
constexpr size_t kMaxMessage = 0xFFFF;

sockaddr_in Resolve(const std::string& text) {
  const HostPort hp = ParseHostPort(text, "--vpcd");
  if (hp.port == 0) {
    throw std::invalid_argument("--vpcd: expected HOST:PORT, got '" + text +
                                "'");
  }
  std::string error;
  std::optional<sockaddr_in> addr = ResolveIpv4(hp, &error);
  if (!addr) {
    throw std::invalid_argument("--vpcd: cannot resolve '" + hp.host +
                                "': " + error);
  }
  return *addr;
}

}  // namespace

VpcdTransport::VpcdTransport(const std::string& host_port)
    : addr_(Resolve(host_port)) {
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  timer_fd_ = ::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  if (epoll_fd_ < 0 || timer_fd_ < 0) {
    std::string reason = std::strerror(errno);
    if (epoll_fd_ >= 0) ::close(epoll_fd_);
    if (timer_fd_ >= 0) ::close(timer_fd_);
    throw std::runtime_error("vpcd: cannot create epoll/timerfd: " + reason);
  }
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = timer_fd_;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, timer_fd_, &ev);
  StartConnect();
}

VpcdTransport::~VpcdTransport() {
  if (sock_ >= 0) ::close(sock_);
  ::close(timer_fd_);
  ::close(epoll_fd_);
}

std::string VpcdTransport::description() const {
  char ip[INET_ADDRSTRLEN] = {};
  ::inet_ntop(AF_INET, &addr_.sin_addr, ip, sizeof ip);
  return std::string("vpcd:") + ip + ":" +
         std::to_string(ntohs(addr_.sin_port));
}

void VpcdTransport::ArmTimer(int ms) {
  itimerspec spec{};
  spec.it_value.tv_sec = ms / 1000;
  spec.it_value.tv_nsec = static_cast<long>(ms % 1000) * 1000000L;
  if (ms <= 0) spec.it_value.tv_nsec = 1;  // as soon as possible
  ::timerfd_settime(timer_fd_, 0, &spec, nullptr);
}

void VpcdTransport::Watch(int events) {
  epoll_event ev{};
  ev.events = static_cast<uint32_t>(events);
  ev.data.fd = sock_;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, sock_, &ev);
}

void VpcdTransport::StartConnect() {
  sock_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (sock_ < 0) {
    ArmTimer(kRetryMs);
    return;
  }
  int one = 1;
  ::setsockopt(sock_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  int rc =
      ::connect(sock_, reinterpret_cast<const sockaddr*>(&addr_), sizeof addr_);
  if (rc != 0 && errno != EINPROGRESS) {
    ::close(sock_);
    sock_ = -1;
    ArmTimer(kRetryMs);
    return;
  }
  // Connected or not yet, the socket turns writable once it is settled
  // (even when connect() already succeeded); FinishConnect runs then.
  epoll_event ev{};
  ev.events = EPOLLOUT;
  ev.data.fd = sock_;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, sock_, &ev);
  connecting_ = true;
}

void VpcdTransport::FinishConnect(CardSink& card) {
  int err = 0;
  socklen_t len = sizeof err;
  ::getsockopt(sock_, SOL_SOCKET, SO_ERROR, &err, &len);
  if (err != 0) {
    Disconnect();
    return;
  }
  connecting_ = false;
  inbuf_.clear();
  Watch(EPOLLIN | EPOLLRDHUP);
  card.OnPower(CardPower::kOn);  // a fresh card in the reader
}

void VpcdTransport::Disconnect() {
  removed_ = removed_ || connected();  // abandons a touch wait too
  if (sock_ >= 0) {
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, sock_, nullptr);
    ::close(sock_);
  }
  sock_ = -1;
  connecting_ = false;
  inbuf_.clear();
  ArmTimer(kRetryMs);
}

void VpcdTransport::Receive(CardSink& card) {
  epoll_event events[4];
  int n = ::epoll_wait(epoll_fd_, events, 4, 0);
  for (int i = 0; i < n; ++i) {
    if (events[i].data.fd == timer_fd_) {
      uint64_t expirations = 0;
      [[maybe_unused]] ssize_t r =
          ::read(timer_fd_, &expirations, sizeof expirations);
      if (sock_ < 0) StartConnect();
    } else if (sock_ >= 0 && events[i].data.fd == sock_) {
      if (connecting_) {
        FinishConnect(card);
      } else {
        OnSocketReadable(card);
      }
    }
  }
  // Also a removal noticed by Send(), which has no sink: the retry timer
  // wakes this up.
  if (removed_) {
    removed_ = false;
    card.OnPower(CardPower::kOff);
  }
}

void VpcdTransport::OnSocketReadable(CardSink& card) {
  uint8_t buf[4096];
  for (;;) {
    ssize_t n = ::recv(sock_, buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    if (n <= 0) {  // vpcd went away (pcscd stopped): retry later
      Disconnect();
      return;
    }
    inbuf_.insert(inbuf_.end(), buf, buf + n);
  }
  // vpcd writes a frame's length and its body separately and, with Nagle's
  // algorithm on its side, sends the body only once the length is ACKed.
  // Linux delays that ACK (up to 40 ms) unless quick-ACK mode is on, and the
  // kernel turns the mode off again by itself, so it is set after every read
  // (tcp(7) TCP_QUICKACK).
  int one = 1;
  ::setsockopt(sock_, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
  // Frames: 2-byte big-endian length + payload.
  size_t off = 0;
  while (sock_ >= 0 && inbuf_.size() - off >= 2) {
    const size_t len = (size_t{inbuf_[off]} << 8) | inbuf_[off + 1];
    if (len > kMaxMessage) {
      Disconnect();
      return;
    }
    if (inbuf_.size() - off - 2 < len) break;
    std::vector<uint8_t> payload(inbuf_.begin() + off + 2,
                                 inbuf_.begin() + off + 2 + len);
    off += 2 + len;
    HandleMessage(payload, card);
  }
  if (sock_ >= 0) inbuf_.erase(inbuf_.begin(), inbuf_.begin() + off);
}

void VpcdTransport::HandleMessage(std::span<const uint8_t> payload,
                                  CardSink& card) {
  if (payload.empty()) return;
  Trace("vpcd", TraceDirection::kIn, payload);
  if (payload.size() == 1) {
    switch (static_cast<VpcdControl>(payload[0])) {
      case VpcdControl::kOff:
        card.OnPower(CardPower::kOff);
        return;
      case VpcdControl::kOn:
        card.OnPower(CardPower::kOn);
        return;
      case VpcdControl::kReset:
        card.OnPower(CardPower::kReset);
        return;
      case VpcdControl::kAtr:
        Send(card.Atr());
        return;
      default:
        return;  // unknown control: ignored, as vicc does
    }
  }
  // Nothing yet: the card waits for a touch and its response comes through
  // Send() later.
  if (auto response = card.OnApdu(payload)) Send(*response);
}

void VpcdTransport::Send(std::span<const uint8_t> payload) {
  if (sock_ < 0 || connecting_) return;
  Trace("vpcd", TraceDirection::kOut, payload);
  std::vector<uint8_t> frame;
  frame.reserve(payload.size() + 2);
  frame.push_back(static_cast<uint8_t>(payload.size() >> 8));
  frame.push_back(static_cast<uint8_t>(payload.size() & 0xFF));
  frame.insert(frame.end(), payload.begin(), payload.end());
  size_t sent = 0;
  while (sent < frame.size()) {
    ssize_t n =
        ::send(sock_, frame.data() + sent, frame.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pollfd p{sock_, POLLOUT, 0};
      if (::poll(&p, 1, 1000) > 0) continue;
    }
    Disconnect();
    return;
  }
}

}  // namespace keysim
