#include "oath/apdu.h"

#include <boost/test/unit_test.hpp>

#include "oath_harness.h"

namespace hsm::oath {
namespace {

using testing::Bytes;

BOOST_AUTO_TEST_SUITE(apdu)

BOOST_AUTO_TEST_CASE(cases_short) {
  auto c1 = ParseApdu(Bytes{0x00, 0xA4, 0x04, 0x00});
  BOOST_REQUIRE(c1.ok());
  BOOST_TEST(c1->data.empty());
  BOOST_TEST(!c1->le.has_value());

  auto c2 = ParseApdu(Bytes{0x00, 0xA5, 0x00, 0x00, 0x00});
  BOOST_REQUIRE(c2.ok());
  BOOST_TEST(*c2->le == 256u);

  const Bytes b3 = {0x00, 0x02, 0x00, 0x00, 0x02, 0xAA, 0xBB};
  auto c3 = ParseApdu(b3);
  BOOST_REQUIRE(c3.ok());
  BOOST_TEST(c3->data.size() == 2u);
  BOOST_TEST(c3->data[1] == 0xBB);
  BOOST_TEST(!c3->le.has_value());

  const Bytes b4 = {0x00, 0x02, 0x00, 0x00, 0x01, 0xAA, 0x10};
  auto c4 = ParseApdu(b4);
  BOOST_REQUIRE(c4.ok());
  BOOST_TEST(c4->data.size() == 1u);
  BOOST_TEST(*c4->le == 0x10u);
}

BOOST_AUTO_TEST_CASE(cases_extended) {
  Bytes data(300, 0x5A);
  Bytes c3 = {0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x2C};
  for (uint8_t b : data) c3.push_back(b);
  auto r3 = ParseApdu(c3);
  BOOST_REQUIRE(r3.ok());
  BOOST_TEST(r3->extended);
  BOOST_TEST(r3->data.size() == 300u);

  Bytes c4 = c3;
  c4.push_back(0x00);
  c4.push_back(0x00);
  auto r4 = ParseApdu(c4);
  BOOST_REQUIRE(r4.ok());
  BOOST_TEST(*r4->le == 65536u);

  auto r2 = ParseApdu(Bytes{0x00, 0xA1, 0x00, 0x00, 0x00, 0x01, 0x00});
  BOOST_REQUIRE(r2.ok());
  BOOST_TEST(*r2->le == 256u);
}

BOOST_AUTO_TEST_CASE(malformed) {
  BOOST_TEST(!ParseApdu(Bytes{}).ok());
  BOOST_TEST(!ParseApdu(Bytes{0x00, 0xA4, 0x04}).ok());
  // Lc says 3, only 2 follow; Lc says 1, 3 follow.
  BOOST_TEST(!ParseApdu(Bytes{0x00, 0x02, 0x00, 0x00, 0x03, 0xAA, 0xBB}).ok());
  BOOST_TEST(
      !ParseApdu(Bytes{0x00, 0x02, 0x00, 0x00, 0x01, 0xAA, 0xBB, 0xCC}).ok());
  // Extended: 6 bytes, Lc = 0, truncated data.
  BOOST_TEST(!ParseApdu(Bytes{0x00, 0x02, 0x00, 0x00, 0x00, 0x01}).ok());
  BOOST_TEST(
      !ParseApdu(Bytes{0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0xAA}).ok());
  BOOST_TEST(
      !ParseApdu(Bytes{0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x05, 0xAA}).ok());
}

BOOST_AUTO_TEST_CASE(class_byte) {
  BOOST_TEST(!CheckClass(0x00).has_value());
  BOOST_TEST(static_cast<int>(*CheckClass(0x10)) == 0x6884);
  BOOST_TEST(static_cast<int>(*CheckClass(0x04)) == 0x6882);
  BOOST_TEST(static_cast<int>(*CheckClass(0x0C)) == 0x6882);
  BOOST_TEST(static_cast<int>(*CheckClass(0x01)) == 0x6881);
  BOOST_TEST(static_cast<int>(*CheckClass(0x03)) == 0x6881);
  BOOST_TEST(static_cast<int>(*CheckClass(0x80)) == 0x6E00);
  BOOST_TEST(static_cast<int>(*CheckClass(0xFF)) == 0x6E00);
  BOOST_TEST(static_cast<int>(*CheckClass(0x40)) == 0x6E00);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::oath
