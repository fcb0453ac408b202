// EventLoop: keysim's single thread, and the only caller of the device's HID
// and card interfaces (transport.h). Waits with poll() on the transports'
// descriptors, any other watched descriptor (the control socket) and a
// self-pipe for SIGINT/SIGTERM. Hands what the transports read to the device,
// stamped with the clock when it is read, so a long batch never looks like a
// stalled message. At least every kTickMs it calls Device::Poll, offering its
// reports to every HID transport, and Device::PollCard, sending a response
// that waited for a touch to the card transport. Run() returns when a stop
// signal arrives.
#ifndef SIMULATOR_SRC_EVENT_LOOP_H_
#define SIMULATOR_SRC_EVENT_LOOP_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "hsm/device.h"
#include "hsm/platform.h"
#include "transport.h"

namespace keysim {

class EventLoop : private HidSink, private CardSink {
 public:
  static constexpr int kTickMs = 10;  // device.h asks for <= 20 ms

  // Installs the SIGINT/SIGTERM handlers (throws std::runtime_error).
  EventLoop(hsm::Device& device, hsm::Platform& clock);
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // Transports are not owned. The key has one card interface, so at most one
  // card transport (a second throws std::logic_error).
  void Add(HidTransport* transport);
  void Add(CardTransport* transport);
  // Any other descriptor: `on_readable` runs whenever it is readable.
  void Watch(int fd, std::function<void()> on_readable);
  // Runs until SIGINT or SIGTERM; returns the signal number.
  int Run();

 private:
  struct Watched {
    int fd;
    std::function<void()> on_readable;
  };

  std::vector<hsm::ctaphid::Report> OnReport(
      std::span<const uint8_t> report) override;
  std::optional<std::vector<uint8_t>> OnApdu(
      std::span<const uint8_t> apdu) override;
  void OnPower(CardPower event) override;
  std::span<const uint8_t> Atr() override;
  void Tick(uint64_t now_ms);

  hsm::Device& device_;
  hsm::Platform& clock_;
  std::vector<HidTransport*> hid_;
  CardTransport* card_ = nullptr;
  std::vector<Watched> watched_;
};

}  // namespace keysim

#endif  // SIMULATOR_SRC_EVENT_LOOP_H_
