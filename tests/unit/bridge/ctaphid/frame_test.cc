// CTAPHID packet layout (CTAP 2.1 §11.2.4).
#include "bridge/ctaphid/frame.h"

#include <boost/test/unit_test.hpp>

#include "bridge/ctaphid/protocol.h"

namespace bridge::ctaphid {
namespace {

BOOST_AUTO_TEST_CASE(SmallMessageIsOneInitPacket) {
  std::vector<uint8_t> payload = {0x90, 0x00};
  auto frames = EncodeMessage(0x11223344, 0x70, payload);
  BOOST_REQUIRE(frames.ok());
  BOOST_REQUIRE_EQUAL(frames->size(), 1u);
  const link::Report& r = (*frames)[0];
  std::vector<uint8_t> head(r.begin(), r.begin() + 9);
  std::vector<uint8_t> want = {0x11, 0x22, 0x33, 0x44, 0xF0,
                               0x00, 0x02, 0x90, 0x00};
  BOOST_TEST(head == want, boost::test_tools::per_element());
  for (size_t i = 9; i < r.size(); ++i) BOOST_TEST(r[i] == 0);
}

BOOST_AUTO_TEST_CASE(EmptyMessage) {
  auto frames = EncodeMessage(0x01020304, 0x11, {});
  BOOST_REQUIRE(frames.ok());
  BOOST_REQUIRE_EQUAL(frames->size(), 1u);
  BOOST_TEST((*frames)[0][4] == 0x91);
  BOOST_TEST((*frames)[0][5] == 0);
  BOOST_TEST((*frames)[0][6] == 0);
}

BOOST_AUTO_TEST_CASE(MaximumAndOversize) {
  std::vector<uint8_t> max(kMaxMessageSize, 0xAB);
  auto frames = EncodeMessage(1, 0x01, max);
  BOOST_REQUIRE(frames.ok());
  BOOST_TEST(frames->size() == 129u);
  BOOST_TEST(frames->back()[4] == 0x7F);
  std::vector<uint8_t> over(kMaxMessageSize + 1, 0);
  auto bad = EncodeMessage(1, 0x01, over);
  BOOST_REQUIRE(!bad.ok());
  BOOST_TEST(static_cast<int>(bad.error().kind) ==
             static_cast<int>(ErrorKind::kInvalidInput));
}

BOOST_AUTO_TEST_CASE(ParsesInitAndContinuation) {
  link::Report init{};
  init[0] = 0xCA;
  init[1] = 0xFE;
  init[2] = 0x00;
  init[3] = 0x01;
  init[4] = 0xBB;
  init[5] = 0x01;
  init[6] = 0x02;
  init[7] = 0x42;
  Packet p = ParsePacket(init);
  BOOST_TEST(p.cid == 0xCAFE0001u);
  BOOST_TEST(p.is_init);
  BOOST_TEST(p.cmd == 0x3B);
  BOOST_TEST(p.bcnt == 0x0102);
  BOOST_TEST(p.data.size() == 57u);
  BOOST_TEST(p.data[0] == 0x42);

  link::Report cont{};
  cont[3] = 0x05;
  cont[4] = 0x07;
  cont[5] = 0x99;
  Packet c = ParsePacket(cont);
  BOOST_TEST(c.cid == 5u);
  BOOST_TEST(!c.is_init);
  BOOST_TEST(c.seq == 7);
  BOOST_TEST(c.data.size() == 59u);
  BOOST_TEST(c.data[0] == 0x99);
}

}  // namespace
}  // namespace bridge::ctaphid
