// HostPort: keysim's "HOST:PORT" option values (--udp, --control, --vpcd).
//
// Contract: accepts "HOST:PORT", ":PORT" or "PORT"; the host defaults to
// 127.0.0.1. A missing, non-numeric or out-of-range port throws
// std::invalid_argument naming `option` (e.g. "--udp").
#ifndef SIMULATOR_SRC_HOST_PORT_H_
#define SIMULATOR_SRC_HOST_PORT_H_

#include <cstdint>
#include <string>

namespace keysim {

struct HostPort {
  std::string host;
  uint16_t port;
};

HostPort ParseHostPort(const std::string& text, const std::string& option);

}  // namespace keysim

#endif  // SIMULATOR_SRC_HOST_PORT_H_
