// YKOATH CALCULATE ALL request bytes and answer parsing
// (docs/protocol/oath.md §3 "CALCULATE ALL").
#include <boost/test/unit_test.hpp>
#include <string>

#include "bridge/oath/code.h"
#include "bridge/oath/commands.h"
#include "hex.h"

namespace bridge::oath {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes Hex(std::string_view hex) { return keybridge::testing::FromHex(hex); }

Bytes Cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

Bytes B(std::string_view s) { return Bytes(s.begin(), s.end()); }

Result<std::vector<CalculateAllEntry>> Parse(const Bytes& b) {
  return ParseCalculateAllResponse(b, TlvLength::kBer);
}

BOOST_AUTO_TEST_CASE(CalculateAllRequestIsA4P1ZeroP2TruncatedWithChallenge) {
  // `00 A4 00 01` + `74 08 <T>`; T = 1 (RFC 6238 time 59, period 30).
  Bytes got = *EncodeApdu(EncodeCalculateAll(TimeChallenge(TimeStep(59, 30))));
  BOOST_TEST(got == Hex("00 A4 00 01 0A 74 08 00 00 00 00 00 00 00 01"),
             boost::test_tools::per_element());
  BOOST_TEST(InsName(kInsSelect, 0x00) == "CALCULATE ALL");
}

BOOST_AUTO_TEST_CASE(CalculateAllAnswerNameThenTruncatedHotpOrTouch) {
  auto r = Parse(Cat({Hex("71 04"), B("test"), Hex("76 05 08 41 39 7E EA"),
                      Hex("71 07"), B("counter"), Hex("77 01 06"), Hex("71 0A"),
                      B("60/touchy!"), Hex("7C 01 07")}));
  BOOST_REQUIRE(r.ok());
  BOOST_REQUIRE_EQUAL(r->size(), 3u);
  const CalculateAllEntry& totp = (*r)[0];
  BOOST_TEST(totp.name == "test");
  BOOST_TEST((totp.kind == CalculateAllEntry::Kind::kCode));
  BOOST_TEST(totp.digits == 8);
  // RFC 6238 Appendix B, SHA-1, time 59.
  BOOST_TEST(FormatCode(totp.code.value, totp.code.digits) == "94287082");
  BOOST_TEST((*r)[1].name == "counter");
  BOOST_TEST(((*r)[1].kind == CalculateAllEntry::Kind::kHotp));
  BOOST_TEST((*r)[1].digits == 6);
  BOOST_TEST((*r)[2].name == "60/touchy!");
  BOOST_TEST(((*r)[2].kind == CalculateAllEntry::Kind::kTouch));
  BOOST_TEST((*r)[2].digits == 7);
}

BOOST_AUTO_TEST_CASE(CalculateAllEmptyAnswerIsNoAccounts) {
  auto r = Parse({});
  BOOST_REQUIRE(r.ok());
  BOOST_TEST(r->empty());
}

BOOST_AUTO_TEST_CASE(CalculateAllMalformedAnswersAreProtocolErrors) {
  const Bytes name = Cat({Hex("71 01"), B("a")});
  const std::vector<Bytes> bad = {
      name,                                        // a name without a code
      Hex("76 05 06 00 00 00 01"),                 // a code without a name
      Cat({name, Hex("71 01"), B("b")}),           // two names in a row
      Cat({name, Hex("75 15 06"), Bytes(20, 1)}),  // full HMAC (not asked)
      Cat({name, Hex("76 04 06 00 00 01")}),       // short truncated code
      Cat({name, Hex("76 05 00 00 00 00 01")}),    // 0 digits
      Cat({name, Hex("76 05 0B 00 00 00 01")}),    // 11 digits
      Cat({name, Hex("77 02 06 00")}),             // HOTP entry too long
      Cat({name, Hex("7C 00")}),                   // touch entry empty
      Cat({Hex("71 00"), Hex("77 01 06")}),        // empty name
      Cat({Hex("71 41"), Bytes(65, 'x'), Hex("77 01 06")}),  // 65-byte name
      Cat({name, Hex("72 01 06")}),                          // unknown tag
      Cat({name, Hex("76 05 06 00 00")}),                    // truncated TLV
  };
  for (const Bytes& b : bad) {
    auto r = Parse(b);
    BOOST_TEST_CONTEXT(keybridge::testing::ToHex(b)) {
      BOOST_REQUIRE(!r.ok());
      BOOST_TEST(static_cast<int>(r.error().kind) ==
                 static_cast<int>(ErrorKind::kProtocol));
    }
  }
  // A 64-byte name is the longest allowed (docs/protocol/oath.md §3).
  BOOST_TEST(Parse(Cat({Hex("71 40"), Bytes(64, 'x'), Hex("77 01 06")})).ok());
}

}  // namespace
}  // namespace bridge::oath
