// UdpLink: a PacketLink to a simulator over UDP (docs/architecture.md
// "Transports").
//
// Contract: one datagram = one 64-byte report, no report-ID byte. The socket
// is connect()ed to HOST:PORT from an ephemeral local port, so the kernel
// delivers only datagrams from that peer. Datagrams that are not exactly 64
// bytes are dropped. An ICMP "port unreachable" (nothing listening) surfaces
// as a kTransport error on the next Write/Read.
#ifndef BRIDGE_LINK_UDP_LINK_H_
#define BRIDGE_LINK_UDP_LINK_H_

#include <memory>
#include <string>

#include "bridge/link/packet_link.h"

namespace bridge::link {

class UdpLink : public PacketLink {
 public:
  static Result<std::unique_ptr<UdpLink>> Connect(const std::string& host,
                                                  uint16_t port);
  ~UdpLink() override;
  UdpLink(const UdpLink&) = delete;
  UdpLink& operator=(const UdpLink&) = delete;

  Status Write(std::span<const uint8_t, kReportSize> report) override;
  Result<std::optional<Report>> Read(int timeout_ms) override;

 private:
  explicit UdpLink(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace bridge::link

#endif  // BRIDGE_LINK_UDP_LINK_H_
