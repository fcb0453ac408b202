// CTAPHID packet encoding and decoding (CTAP 2.1 §11.2.4; docs/protocol/ctap.md
// §6.1).
//
// Contract: EncodeMessage splits a payload of at most kMaxMessageSize bytes
// into one init packet (CID, CMD|0x80, BCNT big-endian, 57 data bytes) and
// continuation packets (CID, SEQ 0..127, 59 data bytes), zero-padded. It
// returns kInvalidInput for longer payloads. ParsePacket never fails: it
// only splits the header from the data; the caller validates.
#ifndef BRIDGE_CTAPHID_FRAME_H_
#define BRIDGE_CTAPHID_FRAME_H_

#include <cstdint>
#include <span>
#include <vector>

#include "bridge/error.h"
#include "bridge/link/packet_link.h"

namespace bridge::ctaphid {

Result<std::vector<link::Report>> EncodeMessage(
    uint32_t cid, uint8_t cmd, std::span<const uint8_t> payload);

struct Packet {
  uint32_t cid = 0;
  bool is_init = false;
  uint8_t cmd = 0;                // init packets: command without bit 7
  uint8_t seq = 0;                // continuation packets
  uint16_t bcnt = 0;              // init packets: total message length
  std::span<const uint8_t> data;  // 57 (init) or 59 (continuation) bytes
};

// `report` must outlive the returned Packet (data points into it).
Packet ParsePacket(const link::Report& report);

}  // namespace bridge::ctaphid

#endif  // BRIDGE_CTAPHID_FRAME_H_
