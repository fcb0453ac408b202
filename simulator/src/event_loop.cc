#include "event_loop.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <utility>

namespace keysim {
namespace {

int g_signal_pipe[2] = {-1, -1};

void OnSignal(int sig) {
  int saved = errno;
  unsigned char b = static_cast<unsigned char>(sig);
  [[maybe_unused]] ssize_t n = ::write(g_signal_pipe[1], &b, 1);
  errno = saved;
}

}  // namespace

EventLoop::EventLoop(hsm::Device& device, hsm::Platform& clock)
    : device_(device), clock_(clock) {
  if (::pipe2(g_signal_pipe, O_NONBLOCK | O_CLOEXEC) != 0) {
    throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  }
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, nullptr);
}

EventLoop::~EventLoop() {
  struct sigaction sa {};
  sa.sa_handler = SIG_DFL;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, nullptr);
  for (int& fd : g_signal_pipe) {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
}

void EventLoop::Add(HidTransport* transport) {
  hid_.push_back(transport);
  Watch(transport->fd(), [this, transport] { transport->Receive(*this); });
}

void EventLoop::Add(CardTransport* transport) {
  if (card_ != nullptr) throw std::logic_error("a second card transport");
  card_ = transport;
  Watch(transport->fd(), [this, transport] { transport->Receive(*this); });
}

void EventLoop::Watch(int fd, std::function<void()> on_readable) {
  watched_.push_back({fd, std::move(on_readable)});
}

std::vector<hsm::ctaphid::Report> EventLoop::OnReport(
    std::span<const uint8_t> report) {
  return device_.HandleReport(report, clock_.NowMs());
}

std::optional<std::vector<uint8_t>> EventLoop::OnApdu(
    std::span<const uint8_t> apdu) {
  return device_.HandleApdu(apdu, clock_.NowMs());
}

// Power off, power on and a warm reset all leave the card freshly reset
// (hsm/oath/ccid_envelope.h).
void EventLoop::OnPower(CardPower /*event*/) { device_.ResetCard(); }

std::span<const uint8_t> EventLoop::Atr() { return device_.CardAtr(); }

void EventLoop::Tick(uint64_t now_ms) {
  auto reports = device_.Poll(now_ms);
  // Every tick, even with nothing to offer (transport.h: a transport may
  // hold reports back and release them here).
  for (HidTransport* t : hid_) t->Offer(reports);
  if (card_ == nullptr) return;
  if (auto response = device_.PollCard(now_ms)) card_->Send(*response);
}

int EventLoop::Run() {
  std::vector<pollfd> fds;
  fds.push_back({g_signal_pipe[0], POLLIN, 0});
  for (const Watched& w : watched_) fds.push_back({w.fd, POLLIN, 0});
  uint64_t last_tick = clock_.NowMs();
  for (;;) {
    uint64_t now = clock_.NowMs();
    int wait = now - last_tick >= kTickMs
                   ? 0
                   : static_cast<int>(kTickMs - (now - last_tick));
    int n = ::poll(fds.data(), fds.size(), wait);
    if (n < 0 && errno != EINTR) {
      throw std::runtime_error(std::string("poll: ") + std::strerror(errno));
    }
    if (n > 0 && (fds[0].revents & POLLIN)) {
      unsigned char sig = 0;
      if (::read(g_signal_pipe[0], &sig, 1) == 1) return sig;
    }
    for (size_t i = 1; n > 0 && i < fds.size(); ++i) {
      if (fds[i].revents & (POLLIN | POLLERR)) {
        watched_[i - 1].on_readable();
      }
    }
    now = clock_.NowMs();
    if (now - last_tick >= kTickMs) {
      Tick(now);
      last_tick = now;
    }
  }
}

}  // namespace keysim
