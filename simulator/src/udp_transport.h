// UdpTransport: CTAPHID over UDP (docs/architecture.md "Transports only move
// bytes").
//
// Contract: one datagram is one 64-byte report with no report-ID byte;
// datagrams of any other size are dropped. An answer or an offered report
// goes to the address that last sent a report on its CID (so the INIT reply
// on the broadcast CID goes to the INIT's sender, and timeouts or keepalives
// offered later from Device::Poll reach the client that owns the channel). The
// address book is bounded. Binds IPv4 only; 127.0.0.1 unless told
// otherwise; port 0 picks a free port. The constructor throws
// std::runtime_error with a one-line reason. The reports of one answer go
// out in one sendmmsg (Linux), in order.
//
// With SetSoloCompat() (keysim --solo-compat, solo_compat.h) every report,
// answers and offered reports alike, goes to one fixed address instead, as
// the Solo simulator does, and the magic reboot report is not handed to the
// device but calls `reboot`.
#ifndef SIMULATOR_SRC_UDP_TRANSPORT_H_
#define SIMULATOR_SRC_UDP_TRANSPORT_H_

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <functional>
#include <list>
#include <optional>
#include <string>
#include <unordered_map>

#include "transport.h"

namespace keysim {

class UdpTransport : public HidTransport {
 public:
  UdpTransport(const std::string& host, uint16_t port);
  ~UdpTransport() override;

  std::string description() const override;
  int fd() const override { return fd_; }
  void Receive(HidSink& sink) override;
  void Offer(std::span<const hsm::ctaphid::Report> reports) override;

  uint16_t port() const;

  void SetSoloCompat(const sockaddr_in& reply_to, std::function<void()> reboot);

 private:
  void Remember(uint32_t cid, const sockaddr_in& from);
  void Route(std::span<const hsm::ctaphid::Report> reports);
  // sendmmsg of `msgs`, tracing each of `reports` (same order) once sent.
  void Send(std::span<mmsghdr> msgs,
            std::span<const hsm::ctaphid::Report* const> reports);

  // Reports per sendmmsg call.
  static constexpr size_t kBatch = 32;

  int fd_ = -1;
  sockaddr_in bound_{};
  // CID → last sender, with least-recently-seen order for eviction.
  struct Peer {
    sockaddr_in addr;
    std::list<uint32_t>::iterator order;
  };
  std::unordered_map<uint32_t, Peer> peers_;
  std::list<uint32_t> order_;  // front = most recent
  // Solo convention: the one destination of every report, and the reboot.
  std::optional<sockaddr_in> reply_to_;
  std::function<void()> reboot_;
};

}  // namespace keysim

#endif  // SIMULATOR_SRC_UDP_TRANSPORT_H_
