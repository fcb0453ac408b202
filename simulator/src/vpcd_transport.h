// VpcdTransport: keysim as a smart card in pcscd's virtual reader
// (vsmartcard-vpcd; DESIGN.md "Transports only move bytes", issue 5).
//
// Contract:
// - keysim is the CLIENT: it connects over TCP to vpcd (default reader
//   "Virtual PCD 00 00" = 127.0.0.1:35963). Every message in both
//   directions is a 2-byte big-endian length + payload. A 1-byte payload is
//   a control: 0 power off, 1 power on, 2 reset (all three reset the card:
//   nothing selected, session dropped; no answer), 4 "send the ATR" (answered
//   with kAtr). Any longer payload is a command APDU, answered with one
//   response APDU (data ‖ SW1 SW2) from hsm::oath::CcidEnvelope on the
//   yubikey5-profile applet (hsm::Device::ccid_oath_applet(): credentials
//   shared with the HID side).
// - When vpcd is not there (pcscd not started yet) or goes away, keysim keeps
//   running and retries the connection every kRetryMs; the card is reset on
//   every new connection.
// - Never blocks the event loop for a touch: a command that waits for user
//   presence is resumed from a timer every kPresencePollMs (PC/SC has no
//   keepalive; the host just waits, at most the 15 s touch timeout). fd() is
//   an epoll descriptor that stays the same across reconnects, watching the
//   socket and a timerfd, so the event loop needs no changes.
// - The constructor throws std::invalid_argument for a bad HOST:PORT and
//   std::runtime_error for system failures (one-line reasons).
#ifndef SIMULATOR_SRC_VPCD_TRANSPORT_H_
#define SIMULATOR_SRC_VPCD_TRANSPORT_H_

#include <netinet/in.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "hsm/oath/ccid_envelope.h"
#include "hsm/platform.h"
#include "transport.h"

namespace keysim {

class VpcdTransport : public Transport {
 public:
  static constexpr uint16_t kDefaultPort = 35963;  // "Virtual PCD 00 00"
  static constexpr int kRetryMs = 250;
  static constexpr int kPresencePollMs = 10;
  // A YubiKey 5 NFC's ATR (ISO 7816-3 §8; the TCK checks out).
  static constexpr std::array<uint8_t, 18> kAtr = {
      0x3B, 0xF8, 0x13, 0x00, 0x00, 0x81, 0x31, 0xFE, 0x15,
      0x59, 0x75, 0x62, 0x69, 0x6B, 0x65, 0x79, 0x34, 0xD4};

  // `host_port`: "HOST:PORT", ":PORT" or "PORT" (host 127.0.0.1).
  VpcdTransport(const std::string& host_port, hsm::Platform& platform,
                hsm::oath::Applet& applet);
  ~VpcdTransport() override;
  VpcdTransport(const VpcdTransport&) = delete;
  VpcdTransport& operator=(const VpcdTransport&) = delete;

  std::string description() const override;  // "vpcd:127.0.0.1:35963"
  int fd() const override { return epoll_fd_; }
  void OnReadable(hsm::Device& device, hsm::Platform& clock) override;
  // CTAPHID reports never go to the card side.
  void SendUnsolicited(std::span<const hsm::ctaphid::Report>) override {}

  bool connected() const { return sock_ >= 0 && !connecting_; }

 private:
  void StartConnect();
  void FinishConnect();
  void Disconnect();
  void OnSocketReadable(uint64_t now_ms);
  void HandleMessage(std::span<const uint8_t> payload, uint64_t now_ms);
  void Send(std::span<const uint8_t> payload);
  void ArmTimer(int ms);
  void Watch(int events);

  sockaddr_in addr_{};
  hsm::Platform& platform_;
  hsm::oath::CcidEnvelope ccid_;
  int epoll_fd_ = -1;
  int timer_fd_ = -1;
  int sock_ = -1;
  bool connecting_ = false;
  std::vector<uint8_t> inbuf_;
};

}  // namespace keysim

#endif  // SIMULATOR_SRC_VPCD_TRANSPORT_H_
