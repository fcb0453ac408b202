// APDU and TLV encoding (docs/protocol/oath.md §2.1, §2.4, decision 8).
#include <boost/test/unit_test.hpp>

#include "bridge/oath/apdu.h"
#include "bridge/oath/tlv.h"

namespace bridge::oath {
namespace {

using Bytes = std::vector<uint8_t>;

BOOST_AUTO_TEST_CASE(ApduForms) {
  Apdu none{0x00, 0xA5, 0x00, 0x00, {}};
  BOOST_TEST(*EncodeApdu(none) == (Bytes{0x00, 0xA5, 0x00, 0x00}),
             boost::test_tools::per_element());

  Apdu shortform{0x00, 0xA1, 0x00, 0x00, {0x01}};
  BOOST_TEST(
      *EncodeApdu(shortform) == (Bytes{0x00, 0xA1, 0x00, 0x00, 0x01, 0x01}),
      boost::test_tools::per_element());

  Apdu edge{0x00, 0x01, 0x00, 0x00, Bytes(255, 0xAA)};
  Bytes e = *EncodeApdu(edge);
  BOOST_TEST(e.size() == 4u + 1u + 255u);
  BOOST_TEST(e[4] == 0xFF);

  Apdu extended{0x00, 0x01, 0x00, 0x00, Bytes(300, 0xBB)};
  Bytes x = *EncodeApdu(extended);
  BOOST_TEST(x.size() == 4u + 3u + 300u);
  BOOST_TEST(x[4] == 0x00);
  BOOST_TEST(x[5] == 0x01);
  BOOST_TEST(x[6] == 0x2C);
  BOOST_TEST(x[7] == 0xBB);

  Apdu too_long{0x00, 0x01, 0x00, 0x00, Bytes(65536, 0)};
  BOOST_TEST(!EncodeApdu(too_long).ok());
}

BOOST_AUTO_TEST_CASE(TlvWritesAtMost127Bytes) {
  Bytes out;
  BOOST_TEST(AppendTlv(out, 0x71, Bytes{'a', 'b'}).ok());
  BOOST_TEST(out == (Bytes{0x71, 0x02, 'a', 'b'}),
             boost::test_tools::per_element());
  Bytes v127(127, 1);
  BOOST_TEST(AppendTlv(out, 0x73, v127).ok());
  BOOST_TEST(out.size() == 4u + 2u + 127u);
  BOOST_TEST(out[5] == 127);
  Bytes v128(128, 1);
  Status s = AppendTlv(out, 0x73, v128);
  BOOST_REQUIRE(!s.ok());
  BOOST_TEST(static_cast<int>(s.error().kind) ==
             static_cast<int>(ErrorKind::kInvalidInput));
  BOOST_TEST(out.size() == 133u);  // unchanged
}

BOOST_AUTO_TEST_CASE(ParsesSimpleAndBerLengths) {
  Bytes simple = {0x72, 0x81};
  simple.insert(simple.end(), 0x81, 0x21);
  simple.insert(simple.end(), {0x71, 0xFF, 0x00, 0x02, 'h', 'i'});
  auto s = ParseTlvs(simple, TlvLength::kSimple);
  BOOST_REQUIRE(s.ok());
  BOOST_REQUIRE_EQUAL(s->size(), 2u);
  BOOST_TEST((*s)[0].value.size() == 0x81u);
  BOOST_TEST((*s)[1].tag == 0x71);
  BOOST_TEST((*s)[1].value.size() == 2u);

  Bytes ber = {0x75, 0x81, 0x80};
  ber.insert(ber.end(), 0x80, 0x00);
  ber.insert(ber.end(), {0x79, 0x03, 5, 2, 4});
  auto b = ParseTlvs(ber, TlvLength::kBer);
  BOOST_REQUIRE(b.ok());
  BOOST_TEST((*b)[0].value.size() == 0x80u);
  BOOST_TEST((*b)[1].value[0] == 5);
}

BOOST_AUTO_TEST_CASE(TruncatedTlvIsProtocolError) {
  for (const Bytes& bad : {Bytes{0x71}, Bytes{0x71, 0x03, 'a'},
                           Bytes{0x71, 0xFF, 0x00}, Bytes{0x71, 0xFF}}) {
    auto r = ParseTlvs(bad, TlvLength::kSimple);
    BOOST_REQUIRE(!r.ok());
    BOOST_TEST(static_cast<int>(r.error().kind) ==
               static_cast<int>(ErrorKind::kProtocol));
  }
  BOOST_TEST(!ParseTlvs(Bytes{0x71, 0x83, 0, 0, 1}, TlvLength::kBer).ok());
  BOOST_TEST(ParseTlvs(Bytes{}, TlvLength::kSimple)->empty());
}

}  // namespace
}  // namespace bridge::oath
