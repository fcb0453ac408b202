#include "bridge/ctaphid/frame.h"

#include <algorithm>
#include <string>

#include "bridge/ctaphid/protocol.h"

namespace bridge::ctaphid {
namespace {

void PutCid(link::Report& r, uint32_t cid) {
  r[0] = static_cast<uint8_t>(cid >> 24);
  r[1] = static_cast<uint8_t>(cid >> 16);
  r[2] = static_cast<uint8_t>(cid >> 8);
  r[3] = static_cast<uint8_t>(cid);
}

}  // namespace

Result<std::vector<link::Report>> EncodeMessage(
    uint32_t cid, uint8_t cmd, std::span<const uint8_t> payload) {
  if (payload.size() > kMaxMessageSize) {
    return MakeError(ErrorKind::kInvalidInput,
                     "CTAPHID message of " + std::to_string(payload.size()) +
                         " bytes exceeds " + std::to_string(kMaxMessageSize));
  }
  std::vector<link::Report> out;
  link::Report init{};
  PutCid(init, cid);
  init[4] = static_cast<uint8_t>(kTypeInit | cmd);
  init[5] = static_cast<uint8_t>(payload.size() >> 8);
  init[6] = static_cast<uint8_t>(payload.size());
  size_t n = std::min(payload.size(), kInitDataSize);
  std::copy_n(payload.begin(), n, init.begin() + 7);
  out.push_back(init);
  size_t off = n;
  uint8_t seq = 0;
  while (off < payload.size()) {
    link::Report cont{};
    PutCid(cont, cid);
    cont[4] = seq++;
    size_t m = std::min(payload.size() - off, kContDataSize);
    std::copy_n(payload.begin() + off, m, cont.begin() + 5);
    out.push_back(cont);
    off += m;
  }
  return out;
}

Packet ParsePacket(const link::Report& r) {
  Packet p;
  p.cid = (uint32_t{r[0]} << 24) | (uint32_t{r[1]} << 16) |
          (uint32_t{r[2]} << 8) | uint32_t{r[3]};
  p.is_init = (r[4] & kTypeInit) != 0;
  if (p.is_init) {
    p.cmd = r[4] & static_cast<uint8_t>(~kTypeInit);
    p.bcnt = static_cast<uint16_t>((r[5] << 8) | r[6]);
    p.data = std::span<const uint8_t>(r.data() + 7, kInitDataSize);
  } else {
    p.seq = r[4];
    p.data = std::span<const uint8_t>(r.data() + 5, kContDataSize);
  }
  return p;
}

}  // namespace bridge::ctaphid
