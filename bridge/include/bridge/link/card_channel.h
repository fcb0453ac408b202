// CardChannel: one smart-card connection, command APDU in, response APDU
// out (the link under YKOATH over CCID, docs/protocol/oath.md §3).
//
// Contract: Transmit() sends one command APDU and returns the whole response
// APDU (data ‖ SW1 SW2) uninterpreted; it blocks until the card answers. Any
// host failure is an Error (link/pcsc_link.h: kTransport, or kNoDevice when
// the card is gone). Implemented by PcscCard (PC/SC SCardTransmit); tests
// use scripted fakes.
#ifndef BRIDGE_LINK_CARD_CHANNEL_H_
#define BRIDGE_LINK_CARD_CHANNEL_H_

#include <cstdint>
#include <span>
#include <vector>

#include "bridge/error.h"

namespace bridge::link {

class CardChannel {
 public:
  virtual ~CardChannel() = default;
  virtual Result<std::vector<uint8_t>> Transmit(
      std::span<const uint8_t> apdu) = 0;
};

}  // namespace bridge::link

#endif  // BRIDGE_LINK_CARD_CHANNEL_H_
