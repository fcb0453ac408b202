// ControlTransport: keysim's test-control socket (protocol/ctap.md
// "Decisions": test control goes through a separate loopback socket, not a
// vendor command on the HID interface).
//
// Contract: UDP on 127.0.0.1 (port 0 picks a free one); one datagram is one
// ASCII command, answered to its sender with one datagram `ok[ DETAILS]` or
// `error REASON`:
//   presence auto|deny|timeout|manual   how touches are answered from now on
//                                       (manual: pending until `touch`)
//   touch                               approve the pending (or next)
//                                       presence request once
//   power-cycle                         drop channels, pending requests and
//                                       per-boot state; keep what is stored
//   status                              `ok presence=POLICY`
// It never touches stored state and never returns key material.
#ifndef SIMULATOR_SRC_CONTROL_TRANSPORT_H_
#define SIMULATOR_SRC_CONTROL_TRANSPORT_H_

#include <cstdint>
#include <string>

#include "host_platform.h"
#include "transport.h"

namespace keysim {

class ControlTransport : public Transport {
 public:
  // Throws std::runtime_error with a one-line reason if it cannot bind.
  ControlTransport(const std::string& host, uint16_t port,
                   HostPlatform& platform);
  ~ControlTransport() override;
  ControlTransport(const ControlTransport&) = delete;
  ControlTransport& operator=(const ControlTransport&) = delete;

  std::string description() const override;
  int fd() const override { return fd_; }
  void OnReadable(hsm::Device& device, hsm::Platform& clock) override;
  void SendUnsolicited(std::span<const hsm::ctaphid::Report>) override {}

  // Runs one command line; returns the reply. Public for unit tests.
  std::string Execute(const std::string& command, hsm::Device& device);

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
  std::string host_;
  HostPlatform& platform_;
};

}  // namespace keysim

#endif  // SIMULATOR_SRC_CONTROL_TRANSPORT_H_
