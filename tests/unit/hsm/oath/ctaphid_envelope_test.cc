// CTAPHID 0x70 envelope (docs/protocol/oath.md §2.1).
#include "hsm/oath/ctaphid_envelope.h"

#include <boost/test/unit_test.hpp>

#include "oath_harness.h"

namespace hsm::oath {
namespace {

using namespace testing;  // NOLINT
using Kind = ctaphid::AppOutcome::Kind;

BOOST_AUTO_TEST_SUITE(ctaphid_envelope)

BOOST_AUTO_TEST_CASE(sw_first_and_errors) {
  Harness h;
  CtaphidEnvelope env(*h.applet);
  auto list = env.Handle(0x70, Apdu(0xA1, 0, 0), PresenceGrant::kNotRequested);
  BOOST_REQUIRE(list.kind == Kind::kResponse);
  BOOST_TEST(list.payload == FromHex("90 00"));

  auto bad = env.Handle(0x70, Bytes{0x00, 0xA1}, PresenceGrant::kNotRequested);
  BOOST_TEST((bad.kind == Kind::kError));
  BOOST_TEST((bad.error == ctaphid::Error::kInvalidLen));
  auto bad_lc = env.Handle(0x70, FromHex("00 02 00 00 05 71 01"),
                           PresenceGrant::kNotRequested);
  BOOST_TEST((bad_lc.error == ctaphid::Error::kInvalidLen));

  auto cla = env.Handle(0x70, Apdu(0xA1, 0, 0, {}, 0x80),
                        PresenceGrant::kNotRequested);
  BOOST_REQUIRE(cla.kind == Kind::kResponse);
  BOOST_TEST(cla.payload == FromHex("6E 00"));

  auto other = env.Handle(0x71, Apdu(0xA1, 0, 0), PresenceGrant::kNotRequested);
  BOOST_TEST((other.kind == Kind::kError));
}

BOOST_AUTO_TEST_CASE(presence_is_silent_and_15s) {
  Harness h;
  CtaphidEnvelope env(*h.applet);
  BOOST_REQUIRE(h.Sw(PutApdu(B("x"), 0x21, 6, kRfcSecret)) == 0x9000);
  const Bytes del = NameApdu(0x02, B("x"));
  auto wait = env.Handle(0x70, del, PresenceGrant::kNotRequested);
  BOOST_REQUIRE(wait.kind == Kind::kNeedsPresence);
  BOOST_TEST(wait.presence_timeout_ms == 15000u);
  BOOST_TEST(!wait.keepalive_while_waiting);
  auto timeout = env.Handle(0x70, del, PresenceGrant::kTimedOut);
  BOOST_REQUIRE(timeout.kind == Kind::kResponse);
  BOOST_TEST(timeout.payload == FromHex("69 82"));
  auto ok = env.Handle(0x70, del, PresenceGrant::kApproved);
  BOOST_TEST(ok.payload == FromHex("90 00"));
  // Reset() drops session state through the envelope.
  BOOST_REQUIRE(h.Sw(PinApdu(0xB4, B("1234"))) == 0x9000);
  BOOST_REQUIRE(h.Sw(PinApdu(0xB2, B("1234"))) == 0x9000);
  env.Reset();
  BOOST_REQUIRE(h.Sw(PutApdu(B("p"), 0x21, 6, kRfcSecret, {.props = 0x04})) ==
                0x6982);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::oath
