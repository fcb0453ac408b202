// VpcdTransport: keysim as a smart card in pcscd's virtual reader
// (vsmartcard-vpcd; docs/architecture.md "Transports only move bytes",
// docs/testing.md recipe B).
//
// Contract:
// - keysim is the CLIENT: it connects over TCP to vpcd (default reader
//   "Virtual PCD 00 00" = 127.0.0.1:35963). Every message in both
//   directions is a 2-byte big-endian length + payload. A 1-byte payload is
//   a control: 0 power off, 1 power on, 2 reset (card power events, never
//   answered), 4 "send the ATR" (answered with the card's ATR). Any longer
//   payload is a command APDU, answered with one response APDU
//   (data ‖ SW1 SW2): at once, or through Send() once the card is done
//   waiting for a touch (PC/SC has no keepalive; the host just waits).
// - When vpcd is not there (pcscd not started yet) or goes away, keysim keeps
//   running and retries the connection every kRetryMs. A new connection is
//   the card inserted (power on), a lost one the card removed (power off).
// - fd() is an epoll descriptor that stays the same across reconnects,
//   watching the socket and the retry timer (a timerfd).
// - The constructor throws std::invalid_argument for a bad HOST:PORT and
//   std::runtime_error for system failures (one-line reasons).
#ifndef SIMULATOR_SRC_VPCD_TRANSPORT_H_
#define SIMULATOR_SRC_VPCD_TRANSPORT_H_

#include <netinet/in.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "transport.h"

namespace keysim {

class VpcdTransport : public CardTransport {
 public:
  static constexpr uint16_t kDefaultPort = 35963;  // "Virtual PCD 00 00"
  static constexpr int kRetryMs = 250;

  // `host_port`: "HOST:PORT", ":PORT" or "PORT" (host 127.0.0.1).
  explicit VpcdTransport(const std::string& host_port);
  ~VpcdTransport() override;

  std::string description() const override;  // "vpcd:127.0.0.1:35963"
  int fd() const override { return epoll_fd_; }
  void Receive(CardSink& card) override;
  void Send(std::span<const uint8_t> response) override;

  bool connected() const { return sock_ >= 0 && !connecting_; }

 private:
  void StartConnect();
  void FinishConnect(CardSink& card);
  void Disconnect();
  void OnSocketReadable(CardSink& card);
  void HandleMessage(std::span<const uint8_t> payload, CardSink& card);
  void ArmTimer(int ms);
  void Watch(int events);

  sockaddr_in addr_{};
  int epoll_fd_ = -1;
  int timer_fd_ = -1;
  int sock_ = -1;
  bool connecting_ = false;
  // The card left the reader (Disconnect) and the sink has not heard yet.
  bool removed_ = false;
  std::vector<uint8_t> inbuf_;
};

}  // namespace keysim

#endif  // SIMULATOR_SRC_VPCD_TRANSPORT_H_
