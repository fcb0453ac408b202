// CountedCardTransport: a card transport whose APDUs and responses are
// counted in WireStats (docs/control.md "stats"). It wraps the real
// CardTransport (vpcd) and is what the event loop adds instead; bytes pass
// unchanged (the fault injector acts on the CTAPHID report stream only).
#ifndef SIMULATOR_SRC_COUNTED_CARD_TRANSPORT_H_
#define SIMULATOR_SRC_COUNTED_CARD_TRANSPORT_H_

#include <memory>
#include <string>
#include <utility>

#include "transport.h"
#include "wire_stats.h"

namespace keysim {

class CountedCardTransport : public CardTransport, private CardSink {
 public:
  CountedCardTransport(std::unique_ptr<CardTransport> inner, WireStats& stats)
      : inner_(std::move(inner)), stats_(stats) {}

  std::string description() const override { return inner_->description(); }
  int fd() const override { return inner_->fd(); }
  void Receive(CardSink& sink) override {
    sink_ = &sink;
    inner_->Receive(*this);
  }
  void Send(std::span<const uint8_t> response) override {
    stats_.ApduOut(response);
    inner_->Send(response);
  }

 private:
  std::optional<std::vector<uint8_t>> OnApdu(
      std::span<const uint8_t> apdu) override {
    stats_.ApduIn(apdu);
    auto response = sink_->OnApdu(apdu);
    if (response) stats_.ApduOut(*response);
    return response;
  }
  void OnPower(CardPower event) override { sink_->OnPower(event); }
  std::span<const uint8_t> Atr() override { return sink_->Atr(); }

  std::unique_ptr<CardTransport> inner_;
  WireStats& stats_;
  CardSink* sink_ = nullptr;
};

}  // namespace keysim

#endif  // SIMULATOR_SRC_COUNTED_CARD_TRANSPORT_H_
