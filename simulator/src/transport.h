// Transport: moves CTAPHID reports between a host-side channel (UDP today;
// uhid and vpcd later) and the device core, without interpreting them
// (DESIGN.md "Transports only move bytes").
//
// Contract: the event loop polls fd() for readability and then calls
// OnReadable(), which reads what is pending, hands every output report to
// the device (stamped with clock.NowMs() when it is read, so a long batch
// never looks like a stalled message) and sends back the reports it returns.
// Reports the device produces on its own (Device::Poll: timeouts, keepalives,
// answers after a touch) are offered to every transport through
// SendUnsolicited(); a transport sends those it can route and drops the others.
#ifndef SIMULATOR_SRC_TRANSPORT_H_
#define SIMULATOR_SRC_TRANSPORT_H_

#include <cstdint>
#include <span>
#include <string>

#include "hsm/ctaphid/protocol.h"
#include "hsm/device.h"
#include "hsm/platform.h"

namespace keysim {

class Transport {
 public:
  virtual ~Transport() = default;
  // Where the transport listens, e.g. "udp:127.0.0.1:8111".
  virtual std::string description() const = 0;
  virtual int fd() const = 0;
  virtual void OnReadable(hsm::Device& device, hsm::Platform& clock) = 0;
  virtual void SendUnsolicited(
      std::span<const hsm::ctaphid::Report> reports) = 0;
};

}  // namespace keysim

#endif  // SIMULATOR_SRC_TRANSPORT_H_
