// BER definite-length TLVs as a YubiKey answers them over CCID
// (docs/protocol/oath.md §3 "TLV length: BER"; bridge/oath/tlv.h): short form
// 0..127, `81 xx`, `82 xx xx`; anything else, or a value running past the
// reply, is a kProtocol error that says what was wrong.
#include <boost/test/unit_test.hpp>
#include <string>

#include "bridge/oath/commands.h"
#include "bridge/oath/tlv.h"

namespace bridge::oath {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes Cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

void ExpectProtocolError(const Bytes& data, const std::string& needle) {
  auto r = ParseTlvs(data, TlvLength::kBer);
  BOOST_REQUIRE_MESSAGE(!r.ok(),
                        "accepted " + std::to_string(data.size()) +
                            " bytes starting with tag " +
                            std::to_string(data.empty() ? 0 : data[0]));
  BOOST_TEST(static_cast<int>(r.error().kind) ==
             static_cast<int>(ErrorKind::kProtocol));
  BOOST_TEST(r.error().message.find(needle) != std::string::npos,
             r.error().message);
}

BOOST_AUTO_TEST_CASE(BerShortAndLongForms) {
  const Bytes v127(127, 0x11);
  const Bytes v128(128, 0x22);
  const Bytes v255(255, 0x33);
  const Bytes v256(256, 0x44);
  const Bytes v300(300, 0x55);
  const Bytes data = Cat({{0x71, 0x7F},
                          v127,  // short form max
                          {0x72, 0x81, 0x80},
                          v128,  // 81 xx
                          {0x73, 0x81, 0xFF},
                          v255,  // 81 FF
                          {0x74, 0x82, 0x01, 0x00},
                          v256,  // 82 01 00
                          {0x75, 0x82, 0x01, 0x2C},
                          v300,                           // 82 01 2C
                          {0x76, 0x81, 0x02, 'h', 'i'},   // non-minimal
                          {0x77, 0x82, 0x00, 0x01, 'x'},  // non-minimal
                          {0x78, 0x00}});                 // empty value
  auto r = ParseTlvs(data, TlvLength::kBer);
  BOOST_REQUIRE(r.ok());
  BOOST_REQUIRE_EQUAL(r->size(), 8u);
  const size_t sizes[] = {127, 128, 255, 256, 300, 2, 1, 0};
  for (size_t i = 0; i < 8; ++i) {
    BOOST_TEST((*r)[i].tag == 0x71 + i);
    BOOST_TEST((*r)[i].value.size() == sizes[i]);
  }
  BOOST_TEST(Bytes((*r)[3].value.begin(), (*r)[3].value.end()) == v256,
             boost::test_tools::per_element());
  BOOST_TEST(Bytes((*r)[4].value.begin(), (*r)[4].value.end()) == v300,
             boost::test_tools::per_element());
  BOOST_TEST((*r)[5].value[1] == 'i');
  BOOST_TEST((*r)[6].value[0] == 'x');
  // Values point into the input.
  BOOST_TEST(((*r)[0].value.data() == data.data() + 2));
}

BOOST_AUTO_TEST_CASE(BerAndSimpleDisagreeAbove127) {
  // `81 03` is BER for 3; in SIMPLE-TLV 0x81 is itself the length (129).
  const Bytes data = {0x71, 0x81, 0x03, 'a', 'b', 'c'};
  auto ber = ParseTlvs(data, TlvLength::kBer);
  BOOST_REQUIRE(ber.ok());
  BOOST_REQUIRE_EQUAL(ber->size(), 1u);
  BOOST_TEST((*ber)[0].value.size() == 3u);
  BOOST_TEST(!ParseTlvs(data, TlvLength::kSimple).ok());
}

BOOST_AUTO_TEST_CASE(TruncatedBerIsClearError) {
  ExpectProtocolError({0x71}, "truncated");              // no length
  ExpectProtocolError({0x71, 0x81}, "truncated");        // 81 without xx
  ExpectProtocolError({0x71, 0x82}, "truncated");        // 82 without xx xx
  ExpectProtocolError({0x71, 0x82, 0x01}, "truncated");  // 82 with one byte
  ExpectProtocolError({0x71, 0x05, 1, 2, 3, 4}, "truncated");
  ExpectProtocolError(Cat({{0x71, 0x81, 0x80}, Bytes(127, 0)}), "truncated");
  ExpectProtocolError(Cat({{0x71, 0x82, 0x01, 0x00}, Bytes(255, 0)}),
                      "truncated");
  // A length far beyond the reply (and beyond any real APDU).
  ExpectProtocolError({0x71, 0x82, 0xFF, 0xFF, 0x00}, "truncated");
  // A good TLV followed by a truncated one fails as a whole.
  ExpectProtocolError({0x79, 0x03, 5, 2, 4, 0x71, 0x81}, "truncated");
}

BOOST_AUTO_TEST_CASE(OversizedOrIndefiniteBerLengthIsClearError) {
  // 80: indefinite form (not allowed in DER/definite BER); 83, 84: lengths
  // of 3 and 4 octets, beyond anything a short or extended APDU carries;
  // FF: reserved.
  for (uint8_t first : {0x80, 0x83, 0x84, 0x88, 0xFF}) {
    ExpectProtocolError(Cat({{0x71, first}, Bytes(8, 0)}),
                        "unsupported BER length");
  }
}

BOOST_AUTO_TEST_CASE(ParsersUseBerOnTheYkoathPath) {
  // SELECT with a long-form salt TLV: only BER reads it as 8 bytes.
  const Bytes select = {0x79, 0x03, 0x05, 0x02, 0x04, 0x71, 0x81, 0x08,
                        0x4B, 0xB7, 0xA7, 0xFA, 0xD7, 0xAF, 0x40, 0x1B};
  auto s = ParseSelectResponse(select, TlvLength::kBer);
  BOOST_REQUIRE(s.ok());
  BOOST_TEST(s->salt.size() == 8u);
  BOOST_TEST(s->salt.front() == 0x4B);
  BOOST_TEST(!ParseSelectResponse(select, TlvLength::kSimple).ok());

  // LIST v0: an entry whose length uses `81 xx`.
  const Bytes list = {0x72, 0x81, 0x04, 0x21, 'a', 'b',
                      'c',  0x72, 0x02, 0x12, 'z'};
  auto l = ParseListResponse(list, TlvLength::kBer, /*v1=*/false);
  BOOST_REQUIRE(l.ok());
  BOOST_REQUIRE_EQUAL(l->size(), 2u);
  BOOST_TEST((*l)[0].name == "abc");
  BOOST_TEST((*l)[1].name == "z");
  auto bad_list = ParseListResponse(Bytes{0x72, 0x81, 0x04, 0x21, 'a'},
                                    TlvLength::kBer, /*v1=*/false);
  BOOST_REQUIRE(!bad_list.ok());
  BOOST_TEST(static_cast<int>(bad_list.error().kind) ==
             static_cast<int>(ErrorKind::kProtocol));

  // CALCULATE: `76 81 05 …` is the same truncated response.
  auto c = ParseCalculateResponse(
      Bytes{0x76, 0x81, 0x05, 0x06, 0x00, 0x00, 0x00, 0x2A}, TlvLength::kBer);
  BOOST_REQUIRE(c.ok());
  BOOST_TEST(c->digits == 6);
  BOOST_TEST(c->value == 42u);
  BOOST_TEST(
      !ParseCalculateResponse(Bytes{0x76, 0x83, 0, 0, 5}, TlvLength::kBer)
           .ok());
}

}  // namespace
}  // namespace bridge::oath
