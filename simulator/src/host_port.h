// HostPort: keysim's "HOST:PORT" option values (--udp, --control, --vpcd).
//
// Contract: ParseHostPort accepts "HOST:PORT", ":PORT" or "PORT"; the host
// defaults to 127.0.0.1. A missing, non-numeric or out-of-range port throws
// std::invalid_argument naming `option` (e.g. "--udp"). ResolveIpv4 turns
// one into an IPv4 socket address (getaddrinfo), or returns nothing and sets
// `*error` to the resolver's reason.
#ifndef SIMULATOR_SRC_HOST_PORT_H_
#define SIMULATOR_SRC_HOST_PORT_H_

#include <netinet/in.h>

#include <cstdint>
#include <optional>
#include <string>

namespace keysim {

struct HostPort {
  std::string host;
  uint16_t port;
};

HostPort ParseHostPort(const std::string& text, const std::string& option);

std::optional<sockaddr_in> ResolveIpv4(const HostPort& where,
                                       std::string* error);

}  // namespace keysim

#endif  // SIMULATOR_SRC_HOST_PORT_H_
