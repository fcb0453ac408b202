// authenticatorReset (CTAP 2.1 §6.6) and authenticatorSelection (§6.9).
#include <boost/test/unit_test.hpp>

#include "ctap2_test_util.h"

namespace hsm::ctap2 {
namespace {

using namespace testing;

BOOST_AUTO_TEST_SUITE(ctap2_reset)

BOOST_AUTO_TEST_CASE(reset_within_window_erases_credentials_and_pin) {
  Harness h;
  Response mc = h.Send(Command::kMakeCredential,
                       MakeCredentialParams("example.com", {1}, Cdh(), true));
  BOOST_REQUIRE_EQUAL(mc.status, 0);
  Bytes id = ParseAuthData(GetBytes(mc.Get(2)))->credential_id;
  PinClient pin(h, 2);
  BOOST_REQUIRE_EQUAL(pin.SetPin("1234"), 0);
  Bytes cert = h.store.state().attestation_cert;
  uint32_t counter = h.store.state().sign_counter;
  cbor::MapBuilder sign;
  sign.Add(1, cbor::Text("example.com"))
      .Add(2, cbor::Bytes(Cdh()))
      .Add(3, cbor::ArrayBuilder().Add(Descriptor(id)).Build());
  BOOST_REQUIRE_EQUAL(h.Send(Command::kGetAssertion, sign.Build()).status, 0);
  // The credential's key and the attestation key (from makeCredential).
  BOOST_TEST(h.auth->cached_signing_keys() == 2u);

  Response r = h.SendRaw(0x07, {});
  BOOST_TEST(r.status == 0);
  BOOST_TEST(r.asked_presence);
  BOOST_TEST(h.store.state().credentials.empty());
  BOOST_TEST(h.auth->cached_signing_keys() == 0u);  // no key outlives reset
  BOOST_TEST(!h.store.state().pin_hash.has_value());
  BOOST_TEST(h.store.state().attestation_cert == cert);  // identity kept
  BOOST_TEST(h.store.state().sign_counter >= counter);   // stays monotonic
  cbor::MapBuilder ga;
  ga.Add(1, cbor::Text("example.com"))
      .Add(2, cbor::Bytes(Cdh()))
      .Add(3, cbor::ArrayBuilder().Add(Descriptor(id)).Build());
  BOOST_TEST(h.Send(Command::kGetAssertion, ga.Build()).status == 0x2E);
}

BOOST_AUTO_TEST_CASE(reset_outside_window_or_refused) {
  Harness h;
  h.platform.Advance(10001);
  Response late = h.SendRaw(0x07, {});
  BOOST_TEST(late.status == 0x30);  // NOT_ALLOWED
  BOOST_TEST(!late.asked_presence);
  h.PowerCycle();  // the window restarts at power-up
  BOOST_TEST(h.SendRaw(0x07, {}, PresenceGrant::kDenied).status == 0x27);
  BOOST_TEST(h.SendRaw(0x07, {}, PresenceGrant::kTimedOut).status == 0x2F);
  BOOST_TEST(h.SendRaw(0x07, {}, PresenceGrant::kCancelled).status == 0x2D);
  BOOST_TEST(h.SendRaw(0x07, {}).status == 0);
}

BOOST_AUTO_TEST_CASE(reset_window_is_configurable) {
  AuthenticatorConfig config;
  config.reset_window_ms = 100;
  Harness h(config);
  h.platform.Advance(101);
  BOOST_TEST(h.SendRaw(0x07, {}).status == 0x30);
}

BOOST_AUTO_TEST_CASE(selection_needs_a_touch) {
  Harness h;
  Response r = h.SendRaw(0x0B, {});
  BOOST_TEST(r.status == 0);
  BOOST_TEST(r.asked_presence);
  BOOST_TEST(r.body.empty());
  BOOST_TEST(h.SendRaw(0x0B, {}, PresenceGrant::kDenied).status == 0x27);
  BOOST_TEST(h.SendRaw(0x0B, {}, PresenceGrant::kCancelled).status == 0x2D);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::ctap2
