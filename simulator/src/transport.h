// Transports: keysim's host-side channels to the key's two interfaces, HID
// (UdpTransport, UhidTransport) and smart card (VpcdTransport). A transport
// only moves bytes (docs/architecture.md "Transports only move bytes"): it
// reads what its host sent, hands the event loop typed units through a sink,
// and sends what the loop gives it. The event loop owns the clock and is the
// only caller of hsm::Device's HID and card interfaces (the control socket only
// power-cycles the device).
//
// Contract:
// - The loop polls fd() for readability and then calls Receive(), which
//   reads what is pending (bounded per call) and calls the sink once per
//   unit, in order, each call as the unit is read.
// - HID: every output report goes to HidSink::OnReport, which returns the
//   input reports that answer it; the transport sends them back the way the
//   report came. Reports the device produces on its own (Device::Poll:
//   timeouts, keepalives, answers after a touch) are offered to every HID
//   transport through Offer(); a transport sends those whose CID it has
//   seen and drops the others. The loop calls Offer() every tick, with no
//   reports when the device has none, so a transport that holds reports
//   back (faulty_hid_transport.h) can release them on time.
// - Card: a command APDU goes to CardSink::OnApdu, which returns the
//   response APDU, or nullopt while the card waits for a touch; that
//   response comes later through CardTransport::Send(). Card power events
//   (the reader's power off, power on, warm reset; the card inserted or
//   removed) go to CardSink::OnPower; the reader's ATR request is answered
//   with CardSink::Atr().
// - Tracing (keysim --trace, trace_writer.h): with set_trace(), a transport
//   records every unit as it crosses its wire — a report or APDU as it is
//   read, an answer as it is sent — and nothing it drops.
#ifndef SIMULATOR_SRC_TRANSPORT_H_
#define SIMULATOR_SRC_TRANSPORT_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hsm/ctaphid/protocol.h"
#include "trace_writer.h"

namespace keysim {

template <typename Sink>
class Transport {
 public:
  Transport() = default;
  Transport(const Transport&) = delete;  // owns descriptors
  Transport& operator=(const Transport&) = delete;
  virtual ~Transport() = default;
  // Where the transport listens or connects, e.g. "udp:127.0.0.1:8111".
  virtual std::string description() const = 0;
  virtual int fd() const = 0;
  virtual void Receive(Sink& sink) = 0;
  // Not owned; nullptr (the default) traces nothing.
  void set_trace(TraceWriter* trace) { trace_ = trace; }

 protected:
  // `name` is the trace's transport column: udp, uhid or vpcd.
  void Trace(std::string_view name, TraceDirection direction,
             std::span<const uint8_t> bytes) {
    if (trace_ != nullptr) trace_->Record(name, direction, bytes);
  }

 private:
  TraceWriter* trace_ = nullptr;
};

class HidSink {
 public:
  virtual std::vector<hsm::ctaphid::Report> OnReport(
      std::span<const uint8_t> report) = 0;

 protected:
  ~HidSink() = default;
};

class HidTransport : public Transport<HidSink> {
 public:
  virtual void Offer(std::span<const hsm::ctaphid::Report> reports) = 0;
};

// Card inserted = kOn, removed = kOff.
enum class CardPower { kOff, kOn, kReset };

class CardSink {
 public:
  virtual std::optional<std::vector<uint8_t>> OnApdu(
      std::span<const uint8_t> apdu) = 0;
  virtual void OnPower(CardPower event) = 0;
  virtual std::span<const uint8_t> Atr() = 0;

 protected:
  ~CardSink() = default;
};

class CardTransport : public Transport<CardSink> {
 public:
  // A response APDU that OnApdu left pending.
  virtual void Send(std::span<const uint8_t> response) = 0;
};

}  // namespace keysim

#endif  // SIMULATOR_SRC_TRANSPORT_H_
