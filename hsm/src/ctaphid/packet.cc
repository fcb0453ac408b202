#include "ctaphid/packet.h"

namespace hsm::ctaphid {

Packet ParsePacket(std::span<const uint8_t, kReportSize> report) {
  Packet p;
  // CTAP 2.1 §11.2.4: the CID is sent big-endian as 4 bytes.
  p.cid = (uint32_t{report[0]} << 24) | (uint32_t{report[1]} << 16) |
          (uint32_t{report[2]} << 8) | uint32_t{report[3]};
  p.is_init = (report[4] & kTypeInit) != 0;
  if (p.is_init) {
    p.command = static_cast<uint8_t>(report[4] & ~kTypeInit);
    p.bcnt = static_cast<uint16_t>((report[5] << 8) | report[6]);
    p.data = report.subspan(7, kInitDataSize);
  } else {
    p.seq = report[4];
    p.data = report.subspan(5, kContDataSize);
  }
  return p;
}

}  // namespace hsm::ctaphid
