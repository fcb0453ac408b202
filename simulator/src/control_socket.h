// ControlSocket: keysim's test-control socket (docs/protocol/ctap.md
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
// It never touches stored state and never returns key material. It is not a
// transport of the device (transport.h): it acts on the host platform's
// presence policy and on the device's power, like a test rig's hand; the
// event loop only watches fd() and calls OnReadable().
#ifndef SIMULATOR_SRC_CONTROL_SOCKET_H_
#define SIMULATOR_SRC_CONTROL_SOCKET_H_

#include <cstdint>
#include <string>

#include "host_platform.h"
#include "hsm/device.h"

namespace keysim {

class ControlSocket {
 public:
  // Throws std::runtime_error with a one-line reason if it cannot bind.
  ControlSocket(const std::string& host, uint16_t port, HostPlatform& platform,
                hsm::Device& device);
  ~ControlSocket();
  ControlSocket(const ControlSocket&) = delete;
  ControlSocket& operator=(const ControlSocket&) = delete;

  std::string description() const;  // "udp:127.0.0.1:PORT"
  int fd() const { return fd_; }
  // Answers every pending command.
  void OnReadable();

 private:
  std::string Execute(const std::string& command);

  int fd_ = -1;
  uint16_t port_ = 0;
  std::string host_;
  HostPlatform& platform_;
  hsm::Device& device_;
};

}  // namespace keysim

#endif  // SIMULATOR_SRC_CONTROL_SOCKET_H_
