// CTAPHID packet view (CTAP 2.1 §11.2.4): parses one 64-byte report into an
// init packet (CID | CMD | BCNTH | BCNTL | DATA[57]) or a continuation packet
// (CID | SEQ | DATA[59]). Parsing cannot fail: every 64-byte report is one of
// the two, told apart by bit 7 of byte 4.
#ifndef HSM_SRC_CTAPHID_PACKET_H_
#define HSM_SRC_CTAPHID_PACKET_H_

#include <cstdint>
#include <span>

#include "hsm/ctaphid/protocol.h"

namespace hsm::ctaphid {

struct Packet {
  uint32_t cid = 0;
  bool is_init = false;
  uint8_t command = 0;            // init packets: command without the init bit
  uint16_t bcnt = 0;              // init packets: total payload length
  uint8_t seq = 0;                // continuation packets: 0x00..0x7F
  std::span<const uint8_t> data;  // 57 (init) or 59 (continuation) bytes
};

// `report` must be exactly kReportSize bytes.
Packet ParsePacket(std::span<const uint8_t, kReportSize> report);

}  // namespace hsm::ctaphid

#endif  // HSM_SRC_CTAPHID_PACKET_H_
