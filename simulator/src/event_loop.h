// EventLoop: keysim's single thread. Waits with poll() on the transports'
// sockets and a self-pipe for SIGINT/SIGTERM; calls Device::Poll at least
// every kTickMs (timeouts, keepalives, presence) and hands its reports to
// every transport. Run() returns when a stop signal arrives.
#ifndef SIMULATOR_SRC_EVENT_LOOP_H_
#define SIMULATOR_SRC_EVENT_LOOP_H_

#include <cstdint>
#include <vector>

#include "hsm/device.h"
#include "hsm/platform.h"
#include "transport.h"

namespace keysim {

class EventLoop {
 public:
  static constexpr int kTickMs = 10;  // device.h asks for <= 20 ms

  // Installs the SIGINT/SIGTERM handlers (throws std::runtime_error).
  EventLoop(hsm::Device& device, hsm::Platform& platform);
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  void Add(Transport* transport);  // not owned
  // Runs until SIGINT or SIGTERM; returns the signal number.
  int Run();

 private:
  void Tick();
  hsm::Device& device_;
  hsm::Platform& platform_;
  std::vector<Transport*> transports_;
};

}  // namespace keysim

#endif  // SIMULATOR_SRC_EVENT_LOOP_H_
