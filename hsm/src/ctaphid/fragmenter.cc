#include "ctaphid/fragmenter.h"

#include <algorithm>

namespace hsm::ctaphid {
namespace {

void PutCid(uint32_t cid, Report& r) {
  r[0] = static_cast<uint8_t>(cid >> 24);
  r[1] = static_cast<uint8_t>(cid >> 16);
  r[2] = static_cast<uint8_t>(cid >> 8);
  r[3] = static_cast<uint8_t>(cid);
}

}  // namespace

void AppendMessage(uint32_t cid, uint8_t command,
                   std::span<const uint8_t> payload, std::vector<Report>& out) {
  if (payload.size() > kMaxPayload) {
    AppendError(cid, Error::kOther, out);
    return;
  }
  // Init packet: CID | CMD | BCNTH | BCNTL | DATA[57].
  Report init{};
  PutCid(cid, init);
  init[4] = static_cast<uint8_t>(kTypeInit | command);
  init[5] = static_cast<uint8_t>(payload.size() >> 8);
  init[6] = static_cast<uint8_t>(payload.size());
  size_t n = std::min(payload.size(), kInitDataSize);
  std::copy_n(payload.begin(), n, init.begin() + 7);
  out.push_back(init);
  // Continuation packets: CID | SEQ | DATA[59].
  size_t offset = n;
  uint8_t seq = 0;
  while (offset < payload.size()) {
    Report cont{};
    PutCid(cid, cont);
    cont[4] = seq++;
    size_t m = std::min(payload.size() - offset, kContDataSize);
    std::copy_n(payload.begin() + offset, m, cont.begin() + 5);
    out.push_back(cont);
    offset += m;
  }
}

void AppendError(uint32_t cid, Error error, std::vector<Report>& out) {
  const uint8_t code = static_cast<uint8_t>(error);
  AppendMessage(cid, static_cast<uint8_t>(Command::kError), {&code, 1}, out);
}

void AppendKeepalive(uint32_t cid, KeepaliveStatus status,
                     std::vector<Report>& out) {
  const uint8_t code = static_cast<uint8_t>(status);
  AppendMessage(cid, static_cast<uint8_t>(Command::kKeepalive), {&code, 1},
                out);
}

}  // namespace hsm::ctaphid
