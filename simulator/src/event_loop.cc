#include "event_loop.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

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

EventLoop::EventLoop(hsm::Device& device, hsm::Platform& platform)
    : device_(device), platform_(platform) {
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

void EventLoop::Add(Transport* transport) { transports_.push_back(transport); }

void EventLoop::Tick() {
  auto reports = device_.Poll(platform_.NowMs());
  if (reports.empty()) return;
  for (Transport* t : transports_) t->SendUnsolicited(reports);
}

int EventLoop::Run() {
  std::vector<pollfd> fds;
  fds.push_back({g_signal_pipe[0], POLLIN, 0});
  for (Transport* t : transports_) fds.push_back({t->fd(), POLLIN, 0});
  uint64_t last_tick = platform_.NowMs();
  for (;;) {
    uint64_t now = platform_.NowMs();
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
        transports_[i - 1]->OnReadable(device_, platform_);
      }
    }
    now = platform_.NowMs();
    if (now - last_tick >= kTickMs) {
      Tick();
      last_tick = now;
    }
  }
}

}  // namespace keysim
