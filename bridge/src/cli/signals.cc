#include "bridge/cli/signals.h"

#include <signal.h>
#include <unistd.h>

namespace bridge::cli {
namespace {

std::atomic<bool> g_cancel{false};

void OnSigint(int) {
  if (g_cancel.exchange(true)) _exit(130);
}

}  // namespace

std::atomic<bool>& CancelFlag() { return g_cancel; }

void InstallSigintHandler() {
  struct sigaction sa {};
  sa.sa_handler = OnSigint;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: blocking reads return EINTR
  sigaction(SIGINT, &sa, nullptr);
}

}  // namespace bridge::cli
