// CcidEnvelope: YKOATH as a smart card — SW last, SELECT first, 61xx
// chunking, touch waits resolved from Poll (hsm/oath/ccid_envelope.h,
// docs/protocol/oath.md decision 2, §3).
#include "hsm/oath/ccid_envelope.h"

#include <boost/test/unit_test.hpp>

#include "oath_harness.h"

namespace hsm::oath {
namespace {

using namespace testing;  // NOLINT

const Bytes kSelect = FromHex("00 A4 04 00 07 A0 00 00 05 27 21 01");

struct Card {
  Card() : h(Profile::kYubikey5), ccid(h.platform, *h.applet) {}
  Bytes Tx(const Bytes& apdu) {
    auto r = ccid.Transmit(apdu, h.platform.NowMs());
    BOOST_REQUIRE(r.has_value());
    return *r;
  }
  Harness h;
  CcidEnvelope ccid;
};

uint16_t SwOf(const Bytes& r) {
  BOOST_REQUIRE(r.size() >= 2);
  return static_cast<uint16_t>((r[r.size() - 2] << 8) | r.back());
}
Bytes DataOf(const Bytes& r) { return Bytes(r.begin(), r.end() - 2); }

BOOST_AUTO_TEST_SUITE(ccid_envelope)

BOOST_AUTO_TEST_CASE(select_first_then_sw_last) {
  Card c;
  // Nothing selected: only SELECT is served.
  BOOST_TEST(c.Tx(Apdu(0xA1, 0, 0)) == FromHex("6D 00"));
  BOOST_TEST(c.Tx(PutApdu(B("test"), 0x21, 8, kRfcSecret)) == FromHex("6D 00"));
  BOOST_TEST(c.h.store->state().credentials.empty());
  // A foreign AID (ykman probes the management AID): 6A82, still nothing.
  BOOST_TEST(c.Tx(FromHex("00 A4 04 00 08 A0 00 00 05 27 47 11 17")) ==
             FromHex("6A 82"));
  BOOST_TEST(!c.ccid.selected());
  BOOST_TEST(c.Tx(Apdu(0xA1, 0, 0)) == FromHex("6D 00"));
  // Malformed: 6700.
  BOOST_TEST(c.Tx(FromHex("00 A1")) == FromHex("67 00"));

  Bytes sel = c.Tx(kSelect);
  BOOST_TEST(SwOf(sel) == 0x9000);
  BOOST_TEST(DataOf(sel) == Cat({FromHex("79 03 05 04 03"),
                                 Tlv(0x71, c.h.store->state().salt)}));
  BOOST_TEST(c.ccid.selected());
  // docs/protocol/oath.md worked example, over CCID.
  BOOST_TEST(c.Tx(FromHex("00 01 00 00 1E 71 04 74 65 73 74 73 16 21 08 31 32 "
                          "33 34 35 36 37 38 39 30 31 32 33 34 35 36 37 38 39 "
                          "30")) == FromHex("90 00"));
  BOOST_TEST(c.Tx(FromHex("00 A2 00 01 10 71 04 74 65 73 74 74 08 00 00 00 00 "
                          "00 00 00 01")) ==
             FromHex("76 05 08 41 39 7E EA 90 00"));
  // YubiKey not-found.
  BOOST_TEST(c.Tx(CalcApdu(B("nope"), Bytes(8))) == FromHex("69 84"));

  // A foreign SELECT deselects; a card reset too.
  c.Tx(FromHex("00 A4 04 00 07 A0 00 00 05 27 20 01"));
  BOOST_TEST(c.Tx(Apdu(0xA1, 0, 0)) == FromHex("6D 00"));
  c.Tx(kSelect);
  BOOST_TEST(SwOf(c.Tx(Apdu(0xA1, 0, 0))) == 0x9000);
  c.ccid.Reset();
  BOOST_TEST(c.Tx(Apdu(0xA1, 0, 0)) == FromHex("6D 00"));
}

BOOST_AUTO_TEST_CASE(send_remaining_61xx) {
  Card c;
  c.Tx(kSelect);
  Bytes expected;
  for (int i = 0; i < 32; ++i) {
    Bytes name = B("account-" + std::to_string(i));
    name.resize(60, 'z');
    BOOST_REQUIRE(c.Tx(PutApdu(name, 0x21, 6, kRfcSecret)) == FromHex("90 00"));
    expected = Cat({expected, Bytes{0x72, 61, 0x21}, name});
  }
  Bytes r = c.Tx(Apdu(0xA1, 0, 0));
  Bytes all = DataOf(r);
  int rounds = 0;
  while ((SwOf(r) >> 8) == 0x61) {
    BOOST_TEST(DataOf(r).size() <= 256u);  // short-APDU response size
    r = c.Tx(FromHex("00 A5 00 00"));
    all = Cat({all, DataOf(r)});
    BOOST_REQUIRE(++rounds < 64);
  }
  BOOST_TEST(SwOf(r) == 0x9000);
  BOOST_TEST(rounds > 1);
  BOOST_TEST(all == expected);
  // Nothing pending any more.
  BOOST_TEST(c.Tx(FromHex("00 A5 00 00")) == FromHex("69 85"));
}

BOOST_AUTO_TEST_CASE(touch_waits_without_blocking) {
  Card c;
  c.Tx(kSelect);
  BOOST_REQUIRE(c.Tx(PutApdu(B("t"), 0x21, 8, kRfcSecret, {.props = 0x02})) ==
                FromHex("90 00"));
  const Bytes calc = CalcApdu(B("t"), CounterChallenge(1));

  // Approved after a while.
  c.h.platform.SetPresence(Presence::kPending);
  BOOST_TEST(!c.ccid.Transmit(calc, c.h.platform.NowMs()).has_value());
  BOOST_TEST(c.ccid.waiting());
  BOOST_TEST(c.h.platform.presence_active());
  c.h.platform.Advance(1000);
  BOOST_TEST(!c.ccid.Poll(c.h.platform.NowMs()).has_value());
  c.h.platform.SetPresence(Presence::kApproved);
  auto r = c.ccid.Poll(c.h.platform.NowMs());
  BOOST_REQUIRE(r.has_value());
  BOOST_TEST(*r == FromHex("76 05 08 41 39 7E EA 90 00"));
  BOOST_TEST(!c.ccid.waiting());
  BOOST_TEST(!c.h.platform.presence_active());

  // Nobody touches: 6982 after 15 s, not before.
  c.h.platform.SetPresence(Presence::kPending);
  BOOST_TEST(!c.ccid.Transmit(calc, c.h.platform.NowMs()).has_value());
  c.h.platform.Advance(14999);
  BOOST_TEST(!c.ccid.Poll(c.h.platform.NowMs()).has_value());
  c.h.platform.Advance(1);
  r = c.ccid.Poll(c.h.platform.NowMs());
  BOOST_REQUIRE(r.has_value());
  BOOST_TEST(*r == FromHex("69 82"));

  // Refused: 6982 at once.
  c.h.platform.SetPresence(Presence::kDenied);
  r = c.ccid.Transmit(calc, c.h.platform.NowMs());
  BOOST_REQUIRE(r.has_value());
  BOOST_TEST(*r == FromHex("69 82"));

  // A card reset abandons a wait; Poll then has nothing.
  c.h.platform.SetPresence(Presence::kPending);
  BOOST_TEST(!c.ccid.Transmit(calc, c.h.platform.NowMs()).has_value());
  c.ccid.Reset();
  BOOST_TEST(!c.ccid.waiting());
  BOOST_TEST(!c.h.platform.presence_active());
  BOOST_TEST(!c.ccid.Poll(c.h.platform.NowMs() + 20000).has_value());
  // CALCULATE ALL reports the touch credential without waiting.
  c.Tx(kSelect);
  BOOST_TEST(c.Tx(Apdu(0xA4, 0, 1, Tlv(0x74, CounterChallenge(1)))) ==
             FromHex("71 01 74 7C 01 08 90 00"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::oath
