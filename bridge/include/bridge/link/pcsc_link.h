// PC/SC smart-card access through libpcsclite (docs/architecture.md "link/":
// pcsc for CCID keys; docs/protocol/oath.md §CCID).
//
// Contract:
//  - ListPcscReaders: the reader names pcscd knows. When pcscd is not
//    running or has no readers the list is empty (not an error): a machine
//    without smart-card support simply has no PC/SC keys. Other failures
//    are kTransport.
//  - PcscCard::Connect opens the card in `reader` (shared mode, T=1 or T=0)
//    inside its own PC/SC context; a missing reader or an empty reader is
//    kNoDevice with the reader name; pcscd not running is kNoDevice with a
//    hint. Transmit() sends one command APDU and returns the whole response
//    APDU (data ‖ SW1 SW2); it blocks until the card answers (pcscd applies
//    no timeout of its own). The card is released (SCARD_LEAVE_CARD) and the
//    context closed on destruction.
#ifndef BRIDGE_LINK_PCSC_LINK_H_
#define BRIDGE_LINK_PCSC_LINK_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "bridge/error.h"
#include "bridge/link/card_channel.h"

namespace bridge::link {

Result<std::vector<std::string>> ListPcscReaders();

class PcscCard : public CardChannel {
 public:
  static Result<std::unique_ptr<PcscCard>> Connect(const std::string& reader);
  ~PcscCard() override;
  PcscCard(const PcscCard&) = delete;
  PcscCard& operator=(const PcscCard&) = delete;

  Result<std::vector<uint8_t>> Transmit(std::span<const uint8_t> apdu) override;
  const std::string& reader() const { return reader_; }

 private:
  PcscCard() = default;
  std::string reader_;
  intptr_t context_ = 0;        // SCARDCONTEXT
  intptr_t handle_ = 0;         // SCARDHANDLE
  unsigned long protocol_ = 0;  // SCARD_PROTOCOL_T0 / T1
  bool connected_ = false;
  bool has_context_ = false;
};

}  // namespace bridge::link

#endif  // BRIDGE_LINK_PCSC_LINK_H_
