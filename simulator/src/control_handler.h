// ControlHandler: executes keysim's control requests (control_request.h)
// and writes their JSON answers (docs/control.md is the protocol).
//
// Contract: Handle() takes one request's text and returns one answer, a
// single-line JSON object: {"ok": true, ...} or {"ok": false, "error":
// "..."}. It never throws. It acts like a test rig's hand on the key: the
// host platform's presence answers, the device's power, the fault injector
// and statistics of the HID transports; it changes stored state only for
// reset-state and inject-credential, and answers public keys but never a
// secret.
#ifndef SIMULATOR_SRC_CONTROL_HANDLER_H_
#define SIMULATOR_SRC_CONTROL_HANDLER_H_

#include <string>
#include <string_view>

#include "control_request.h"
#include "fault_injector.h"
#include "host_platform.h"
#include "hsm/device.h"
#include "wire_stats.h"

namespace keysim {

class ControlHandler {
 public:
  ControlHandler(HostPlatform& platform, hsm::Device& device,
                 FaultInjector& faults, WireStats& stats)
      : platform_(platform), device_(device), faults_(faults), stats_(stats) {}

  std::string Handle(std::string_view text);

 private:
  std::string Execute(const ControlRequest& request);

  HostPlatform& platform_;
  hsm::Device& device_;
  FaultInjector& faults_;
  WireStats& stats_;
};

}  // namespace keysim

#endif  // SIMULATOR_SRC_CONTROL_HANDLER_H_
