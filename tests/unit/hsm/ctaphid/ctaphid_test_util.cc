#include "ctaphid_test_util.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>

namespace hsm::ctaphid::testing {
namespace {
void PutCid(uint32_t cid, Report& r) {
  for (int i = 0; i < 4; ++i) r[i] = static_cast<uint8_t>(cid >> (24 - 8 * i));
}
}  // namespace

uint32_t CidOf(const Report& r) {
  return (uint32_t{r[0]} << 24) | (uint32_t{r[1]} << 16) |
         (uint32_t{r[2]} << 8) | r[3];
}

Report InitPacket(uint32_t cid, uint8_t cmd, uint16_t bcnt,
                  std::span<const uint8_t> data) {
  Report r{};
  PutCid(cid, r);
  r[4] = static_cast<uint8_t>(0x80 | cmd);
  r[5] = static_cast<uint8_t>(bcnt >> 8);
  r[6] = static_cast<uint8_t>(bcnt & 0xFF);
  std::copy_n(data.begin(), std::min<size_t>(data.size(), 57), r.begin() + 7);
  return r;
}

Report ContPacket(uint32_t cid, uint8_t seq, std::span<const uint8_t> data) {
  Report r{};
  PutCid(cid, r);
  r[4] = seq;
  std::copy_n(data.begin(), std::min<size_t>(data.size(), 59), r.begin() + 5);
  return r;
}

std::vector<Report> Fragment(uint32_t cid, uint8_t cmd,
                             std::span<const uint8_t> payload) {
  std::vector<Report> out;
  out.push_back(
      InitPacket(cid, cmd, static_cast<uint16_t>(payload.size()), payload));
  size_t off = std::min<size_t>(payload.size(), 57);
  for (uint8_t seq = 0; off < payload.size(); ++seq, off += 59) {
    out.push_back(ContPacket(cid, seq, payload.subspan(off)));
  }
  return out;
}

std::vector<Message> Decode(const std::vector<Report>& reports) {
  std::vector<Message> out;
  size_t i = 0;
  while (i < reports.size()) {
    const Report& r = reports[i++];
    BOOST_REQUIRE_MESSAGE(r[4] & 0x80, "stray continuation packet");
    Message m;
    m.cid = CidOf(r);
    m.cmd = r[4] & 0x7F;
    size_t bcnt = (size_t{r[5]} << 8) | r[6];
    size_t n = std::min<size_t>(bcnt, 57);
    m.payload.assign(r.begin() + 7, r.begin() + 7 + n);
    BOOST_CHECK_MESSAGE(
        std::all_of(r.begin() + 7 + n, r.end(), [](uint8_t b) { return !b; }),
        "nonzero padding");
    uint8_t seq = 0;
    while (m.payload.size() < bcnt) {
      BOOST_REQUIRE_MESSAGE(i < reports.size(), "unfinished message");
      const Report& c = reports[i++];
      BOOST_REQUIRE_EQUAL(CidOf(c), m.cid);
      BOOST_REQUIRE_EQUAL(int{c[4]}, int{seq});
      ++seq;
      size_t k = std::min<size_t>(bcnt - m.payload.size(), 59);
      m.payload.insert(m.payload.end(), c.begin() + 5, c.begin() + 5 + k);
      BOOST_CHECK(std::all_of(c.begin() + 5 + k, c.end(),
                              [](uint8_t b) { return !b; }));
    }
    out.push_back(std::move(m));
  }
  return out;
}

AppOutcome TestApp::Handle(uint8_t command, std::span<const uint8_t> payload,
                           PresenceGrant grant) {
  calls.push_back({command, Bytes(payload.begin(), payload.end()), grant});
  if (fail) return AppOutcome::Fail(fail_error);
  if (needs_presence && (grant == PresenceGrant::kNotRequested || ask_twice)) {
    return AppOutcome::NeedsPresence(presence_timeout_ms, keepalive);
  }
  if (response_size > 0)
    return AppOutcome::Response(Bytes(response_size, 0xAB));
  Bytes r(1 + payload.size());
  r[0] = static_cast<uint8_t>(grant);
  std::copy(payload.begin(), payload.end(), r.begin() + 1);
  return AppOutcome::Response(std::move(r));
}

}  // namespace hsm::ctaphid::testing
