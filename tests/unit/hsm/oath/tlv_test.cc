#include "oath/tlv.h"

#include <boost/test/unit_test.hpp>

#include "oath_harness.h"

namespace hsm::oath {
namespace {

using testing::Bytes;

BOOST_AUTO_TEST_SUITE(tlv)

BOOST_AUTO_TEST_CASE(simple_tlv_lengths) {
  Bytes long_value(300, 0x11);
  Bytes data = {0x71, 0x02, 'a', 'b', 0x73, 0xFF, 0x01, 0x2C};
  for (uint8_t b : long_value) data.push_back(b);
  data.insert(data.end(), {0x74, 0x00});
  auto r = ParseTlvs(data);
  BOOST_REQUIRE(r.ok());
  BOOST_REQUIRE(r->size() == 3u);
  BOOST_TEST((*r)[0].value.size() == 2u);
  BOOST_TEST((*r)[1].value.size() == 300u);
  BOOST_TEST((*r)[2].value.empty());

  Bytes out;
  AppendTlv(out, 0x73, long_value);
  BOOST_TEST(out[1] == 0xFF);
  BOOST_TEST(out[2] == 0x01);
  BOOST_TEST(out[3] == 0x2C);
  Bytes small;
  AppendTlv(small, 0x71, Bytes(254, 1));
  BOOST_TEST(small[1] == 254);
}

BOOST_AUTO_TEST_CASE(bare_property) {
  Bytes data = {0x71, 0x01, 'x', 0x78, 0x02, 0x7A, 0x04, 0, 0, 0, 5};
  auto bare = ParseTlvs(data, TlvMode::kBareProperty);
  BOOST_REQUIRE(bare.ok());
  BOOST_REQUIRE(bare->size() == 3u);
  BOOST_TEST((*bare)[1].value[0] == 0x02);
  BOOST_TEST((*bare)[2].value.size() == 4u);
  // Standard mode reads 78 02 as a 2-byte value and runs out of sync.
  auto std_mode = ParseTlvs(data);
  BOOST_TEST((!std_mode.ok() || std_mode->size() != 3u));
  // Property at the very end without its value byte.
  BOOST_TEST(!ParseTlvs(Bytes{0x78}, TlvMode::kBareProperty).ok());
}

BOOST_AUTO_TEST_CASE(malformed) {
  BOOST_TEST(!ParseTlvs(Bytes{0x71}).ok());
  BOOST_TEST(!ParseTlvs(Bytes{0x71, 0x03, 'a'}).ok());
  BOOST_TEST(!ParseTlvs(Bytes{0x71, 0xFF, 0x00}).ok());
  BOOST_TEST(!ParseTlvs(Bytes{0x71, 0xFF, 0x00, 0x05, 1, 2}).ok());
  BOOST_TEST(!ParseTlvs(Bytes{0x00, 0x00}).ok());
  BOOST_TEST(!ParseTlvs(Bytes{0xFF, 0x00}).ok());
  Bytes many;
  for (int i = 0; i < 9; ++i) many.insert(many.end(), {0x71, 0x00});
  BOOST_TEST(!ParseTlvs(many).ok());
}

BOOST_AUTO_TEST_CASE(unique_allowed) {
  const uint8_t allowed[] = {0x71};
  auto twice = ParseTlvs(Bytes{0x71, 0x00, 0x71, 0x00}, allowed);
  BOOST_REQUIRE(!twice.ok());
  BOOST_TEST((twice.error() == Sw::kIncorrectData));
  auto other = ParseTlvs(Bytes{0x71, 0x00, 0x74, 0x00}, allowed);
  BOOST_REQUIRE(!other.ok());
  BOOST_TEST((other.error() == Sw::kIncorrectData));
  const uint8_t both[] = {0x71, 0x74};
  BOOST_TEST(ParseTlvs(Bytes{0x71, 0x00, 0x74, 0x00}, both).ok());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::oath
