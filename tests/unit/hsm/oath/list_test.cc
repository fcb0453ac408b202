// LIST and SEND REMAINING (docs/protocol/oath.md §2.7).
#include <boost/test/unit_test.hpp>

#include "oath_harness.h"

namespace hsm::oath {
namespace {

using namespace testing;  // NOLINT

BOOST_AUTO_TEST_SUITE(list)

BOOST_AUTO_TEST_CASE(empty_store) {
  Harness h;
  auto r = h.Run(Apdu(0xA1, 0, 0));
  BOOST_TEST(r.sw == 0x9000);
  BOOST_TEST(r.data.empty());
  BOOST_TEST(h.Sw(Apdu(0xA5, 0, 0)) == 0x6985);
}

BOOST_AUTO_TEST_CASE(v0_and_v1) {
  Harness h;
  BOOST_REQUIRE(h.Sw(PutApdu(B("ab"), 0x21, 6, kRfcSecret)) == 0x9000);
  BOOST_REQUIRE(h.Sw(PutApdu(B("c"), 0x12, 8, kRfcSecret, {.props = 0x02})) ==
                0x9000);
  Bytes v0 = FromHex("72 03 21 61 62 72 02 12 63");
  BOOST_TEST(h.Run(Apdu(0xA1, 0, 0)).data == v0);
  BOOST_TEST(h.Run(Apdu(0xA1, 0, 0, Bytes{0})).data == v0);
  BOOST_TEST(h.Run(Apdu(0xA1, 0, 0, Bytes{1})).data ==
             FromHex("72 04 21 61 62 00 72 03 12 63 01"));
  BOOST_TEST(h.Sw(Apdu(0xA1, 0, 0, Bytes{2})) == 0x6A80);
  BOOST_TEST(h.Sw(Apdu(0xA1, 0, 0, Bytes{1, 1})) == 0x6A80);
}

BOOST_AUTO_TEST_CASE(send_remaining_chunks_50_long_names) {
  Harness h;
  Bytes expected;
  for (int i = 0; i < 50; ++i) {
    std::string n = std::to_string(i) + "-";
    Bytes name = B(n);
    name.resize(127, static_cast<uint8_t>('a' + i % 26));
    BOOST_REQUIRE(h.Sw(PutApdu(name, 0x21, 6, kRfcSecret)) == 0x9000);
    expected.insert(expected.end(), {0x72, 129, 0x21});
    expected.insert(expected.end(), name.begin(), name.end());
    expected.push_back(0x00);
  }
  auto r = h.Run(Apdu(0xA1, 0, 0, Bytes{1}));
  Bytes all = r.data;
  int chunks = 1;
  while (r.sw == 0x61FF) {
    BOOST_TEST(r.data.size() + 2 <= 3072u);  // CTAPHID message limit
    BOOST_TEST(!r.data.empty());
    r = h.Run(Apdu(0xA5, 0, 0));
    all.insert(all.end(), r.data.begin(), r.data.end());
    ++chunks;
    BOOST_REQUIRE(chunks < 10);
  }
  BOOST_TEST(r.sw == 0x9000);
  BOOST_TEST(chunks == 3);
  BOOST_TEST(all == expected);
  BOOST_TEST(h.Sw(Apdu(0xA5, 0, 0)) == 0x6985);

  // Any other command drops the pending state.
  BOOST_REQUIRE(h.Run(Apdu(0xA1, 0, 0, Bytes{1})).sw == 0x61FF);
  BOOST_REQUIRE(h.Sw(CalcApdu(B("nope"), Bytes(8))) == 0x6A82);
  BOOST_TEST(h.Sw(Apdu(0xA5, 0, 0)) == 0x6985);
  // A power cycle (Reset) drops it too.
  BOOST_REQUIRE(h.Run(Apdu(0xA1, 0, 0)).sw == 0x61FF);
  h.applet->Reset();
  BOOST_TEST(h.Sw(Apdu(0xA5, 0, 0)) == 0x6985);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::oath
