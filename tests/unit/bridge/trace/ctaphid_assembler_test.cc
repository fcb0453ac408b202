// bridge/trace/ctaphid_assembler.h: CTAPHID reassembly (CTAP 2.1 §11.2.4).
#include "bridge/trace/ctaphid_assembler.h"

#include <boost/test/unit_test.hpp>
#include <vector>

namespace bridge::trace {
namespace {

std::vector<uint8_t> Init(uint32_t cid, uint8_t cmd, size_t bcnt,
                          uint8_t fill) {
  std::vector<uint8_t> r(64, fill);
  r[0] = cid >> 24;
  r[1] = cid >> 16;
  r[2] = cid >> 8;
  r[3] = cid;
  r[4] = 0x80 | cmd;
  r[5] = bcnt >> 8;
  r[6] = bcnt;
  return r;
}

std::vector<uint8_t> Cont(uint32_t cid, uint8_t seq, uint8_t fill) {
  std::vector<uint8_t> r(64, fill);
  r[0] = cid >> 24;
  r[1] = cid >> 16;
  r[2] = cid >> 8;
  r[3] = cid;
  r[4] = seq;
  return r;
}

BOOST_AUTO_TEST_CASE(SinglePacketMessage) {
  CtaphidAssembler a;
  auto step = a.Add("udp in", Init(0x01020304, 0x10, 3, 0xAA));
  BOOST_TEST_REQUIRE(step.message.has_value());
  BOOST_TEST(step.message->cid == 0x01020304u);
  BOOST_TEST(step.message->command == 0x10);
  BOOST_TEST(step.message->payload.size() == 3u);
  BOOST_TEST(step.notes.empty());
}

BOOST_AUTO_TEST_CASE(InitPlusContinuationsPerChannel) {
  CtaphidAssembler a;
  // 57 + 59 + 4 = 120 bytes; another channel interleaves.
  BOOST_TEST(!a.Add("udp in", Init(1, 0x10, 120, 1)).message);
  BOOST_TEST(!a.Add("udp in", Init(2, 0x70, 100, 7)).message);
  BOOST_TEST(!a.Add("udp in", Cont(1, 0, 2)).message);
  auto done = a.Add("udp in", Cont(1, 1, 3));
  BOOST_TEST_REQUIRE(done.message.has_value());
  const auto& p = done.message->payload;
  BOOST_TEST(p.size() == 120u);
  BOOST_TEST(p[56] == 1);
  BOOST_TEST(p[57] == 2);
  BOOST_TEST(p[116] == 3);
  BOOST_TEST(a.Unfinished().size() == 1u);  // channel 2
}

BOOST_AUTO_TEST_CASE(FramingProblemsAreNotes) {
  CtaphidAssembler a;
  auto orphan = a.Add("udp in", Cont(1, 0, 0));
  BOOST_TEST(!orphan.message);
  BOOST_TEST(orphan.notes.size() == 1u);
  a.Add("udp in", Init(1, 0x10, 200, 0));
  auto skip = a.Add("udp in", Cont(1, 1, 0));
  BOOST_TEST(skip.notes.at(0).find("where 0 was due") != std::string::npos);
  auto big = a.Add("udp in", Init(1, 0x10, 7610, 0));
  BOOST_TEST(big.notes.at(0).find("exceeds 7609") != std::string::npos);
  auto short_report = a.Add("udp in", std::vector<uint8_t>(10, 0));
  BOOST_TEST(short_report.notes.size() == 1u);
  BOOST_TEST(a.Unfinished().empty());
}

BOOST_AUTO_TEST_CASE(DirectionsAreSeparateStreams) {
  CtaphidAssembler a;
  a.Add("udp in", Init(1, 0x10, 100, 0));
  auto out = a.Add("udp out", Cont(1, 0, 0));
  BOOST_TEST(out.notes.size() == 1u);  // nothing in progress going out
  auto in = a.Add("udp in", Cont(1, 0, 0));
  BOOST_TEST(in.message.has_value());
}

}  // namespace
}  // namespace bridge::trace
