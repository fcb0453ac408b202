// authenticatorConfig (CTAP 2.1 §6.11): toggleAlwaysUv, setMinPINLength and
// their effects on getInfo, clientPIN, makeCredential (incl. the
// minPinLength extension, §12.4) and getAssertion; reset clears them.
#include <boost/test/unit_test.hpp>

#include "ctap2_test_util.h"

namespace hsm::ctap2 {
namespace {

using namespace testing;

struct Fixture {
  Fixture() : pin(h, 2) {}

  // authenticatorConfig `sub` with optional params; with a token, the
  // pinUvAuthParam covers 32×0xff || 0x0d || sub || params (§6.11 step 4.2)
  // unless `mac_params` gives other params to cover.
  Response Config(uint8_t sub, cbor::Item params = nullptr,
                  const Bytes* token = nullptr,
                  const cbor::Item* mac_params = nullptr) {
    cbor::MapBuilder b;
    b.Add(1, cbor::Uint(sub));
    Bytes message(32, 0xFF);
    message.push_back(0x0D);
    message.push_back(sub);
    const cbor::Item& covered = mac_params ? *mac_params : params;
    if (covered) {
      Bytes encoded = cbor::Encode(covered.get());
      message.insert(message.end(), encoded.begin(), encoded.end());
    }
    if (params) b.Add(2, std::move(params));
    if (token) {
      b.Add(3, cbor::Uint(pin.protocol()))
          .Add(4, cbor::Bytes(pin.Authenticate(*token, message)));
    }
    return h.SendRaw(0x0D, cbor::Encode(b.Build().get()));
  }

  Response Info() { return h.SendRaw(0x04, {}); }
  bool InfoOption(const char* name) {
    Response r = Info();
    return cbor::AsBool(cbor::MapGetText(r.Get(4), name)).value();
  }

  Harness h;
  PinClient pin;
};

cbor::Item MinLength(uint64_t n) {
  return cbor::MapBuilder().Add(1, cbor::Uint(n)).Build();
}

BOOST_AUTO_TEST_SUITE(ctap2_config)

// §6.11.2 toggleAlwaysUv without a PIN needs no token; getInfo reports
// alwaysUv and makeCredUvNotRqd false while it is on (§6.4).
BOOST_AUTO_TEST_CASE(s6_11_2_toggle_always_uv_without_pin) {
  Fixture f;
  BOOST_TEST(f.Config(0x02).status == 0);
  BOOST_TEST(f.h.store.state().always_uv);
  BOOST_TEST(f.InfoOption("alwaysUv"));
  BOOST_TEST(!f.InfoOption("makeCredUvNotRqd"));
  BOOST_TEST(f.Config(0x02).status == 0);
  BOOST_TEST(!f.h.store.state().always_uv);
  BOOST_TEST(f.InfoOption("makeCredUvNotRqd"));
}

// §6.11 steps 1-4: with a PIN set a token with the acfg permission is
// required: none → PUAT_REQUIRED, another permission or a wrong MAC →
// PIN_AUTH_INVALID; nothing changes until it is right.
BOOST_AUTO_TEST_CASE(s6_11_step_4_with_pin_needs_acfg_token) {
  Fixture f;
  Bytes cm = f.pin.SetPinAndGetToken("1234", 0x04, std::nullopt);
  BOOST_TEST(f.Config(0x02).status == 0x36);
  BOOST_TEST(f.Config(0x02, nullptr, &cm).status == 0x33);
  Bytes acfg;
  BOOST_REQUIRE_EQUAL(f.pin.GetToken("1234", 0x20, std::nullopt, &acfg), 0);
  Bytes wrong = acfg;
  wrong[0] ^= 1;
  BOOST_TEST(f.Config(0x02, nullptr, &wrong).status == 0x33);
  BOOST_TEST(!f.h.store.state().always_uv);
  BOOST_TEST(f.Config(0x02, nullptr, &acfg).status == 0);
  BOOST_TEST(f.h.store.state().always_uv);
}

// §6.11 step 4.2: the MAC covers subCommandParams as sent.
BOOST_AUTO_TEST_CASE(s6_11_step_4_2_mac_covers_sub_command_params) {
  Fixture f;
  f.pin.SetPinAndGetToken("1234", 0x04, std::nullopt);
  Bytes acfg;
  BOOST_REQUIRE_EQUAL(f.pin.GetToken("1234", 0x20, std::nullopt, &acfg), 0);
  cbor::Item other = MinLength(6);
  BOOST_TEST(f.Config(0x03, MinLength(8), &acfg, &other).status == 0x33);
  BOOST_TEST(f.h.store.state().min_pin_length == 4);
  BOOST_TEST(f.Config(0x03, MinLength(8), &acfg).status == 0);
  BOOST_TEST(f.h.store.state().min_pin_length == 8);
}

// §6.11.4 step 2: the minimum never decreases; one above 63 bytes cannot be
// met and is refused the same way.
BOOST_AUTO_TEST_CASE(s6_11_4_step_2_minimum_only_grows) {
  Fixture f;
  BOOST_TEST(f.Config(0x03, MinLength(6)).status == 0);
  BOOST_TEST(f.Config(0x03, MinLength(5)).status == 0x37);
  BOOST_TEST(f.Config(0x03, MinLength(64)).status == 0x37);
  BOOST_TEST(f.Config(0x03).status == 0);  // absent: stays
  BOOST_TEST(f.h.store.state().min_pin_length == 6);
  BOOST_TEST(GetInt(f.Info().Get(0x0D)) == 6);
  // setPIN enforces it (§6.5.5.5 step 9).
  BOOST_TEST(f.pin.SetPin("12345") == 0x37);
  BOOST_TEST(f.pin.SetPin("123456") == 0);
  BOOST_TEST(f.h.store.state().pin_code_points == 6);
}

// §6.11.4 step 3: forceChangePin without a PIN → PIN_NOT_SET.
BOOST_AUTO_TEST_CASE(s6_11_4_step_3_force_change_pin_needs_a_pin) {
  Fixture f;
  BOOST_TEST(f.Config(0x03, cbor::MapBuilder().Add(3, cbor::Bool(true)).Build())
                 .status == 0x35);
  BOOST_TEST(!f.h.store.state().force_pin_change);
}

// §6.11.4 step 4: a minimum above the current PIN's length forces a change;
// until then no token is issued (PIN_INVALID after the PIN check, retries
// restored); changePIN must meet the new minimum and clears the flag.
BOOST_AUTO_TEST_CASE(s6_11_4_step_4_longer_minimum_forces_pin_change) {
  Fixture f;
  f.pin.SetPinAndGetToken("1234", 0x04, std::nullopt);
  Bytes acfg;
  BOOST_REQUIRE_EQUAL(f.pin.GetToken("1234", 0x20, std::nullopt, &acfg), 0);
  BOOST_TEST(f.Config(0x03, MinLength(6), &acfg).status == 0);
  BOOST_TEST(f.h.store.state().force_pin_change);
  BOOST_TEST(cbor::AsBool(f.Info().Get(0x0C)).value());
  Bytes token;
  BOOST_TEST(f.pin.GetToken("1234", 0x04, std::nullopt, &token) == 0x31);
  BOOST_TEST(f.pin.Retries() == 8);
  BOOST_TEST(f.pin.ChangePin("1234", "12345") == 0x37);
  BOOST_TEST(f.pin.ChangePin("1234", "123456") == 0);
  BOOST_TEST(!f.h.store.state().force_pin_change);
  BOOST_TEST(!cbor::AsBool(f.Info().Get(0x0C)).value());
  BOOST_TEST(f.pin.GetToken("123456", 0x04, std::nullopt, &token) == 0);
}

// §6.5.5.6 step 13: while forcePINChange is set the new PIN must differ
// from the current one.
BOOST_AUTO_TEST_CASE(s6_5_5_6_step_13_forced_change_needs_another_pin) {
  Fixture f;
  f.pin.SetPinAndGetToken("123456", 0x04, std::nullopt);
  Bytes acfg;
  BOOST_REQUIRE_EQUAL(f.pin.GetToken("123456", 0x20, std::nullopt, &acfg), 0);
  BOOST_TEST(
      f.Config(0x03, cbor::MapBuilder().Add(3, cbor::Bool(true)).Build(), &acfg)
          .status == 0);
  BOOST_TEST(f.h.store.state().force_pin_change);
  BOOST_TEST(f.h.store.state().min_pin_length == 4);
  BOOST_TEST(f.pin.ChangePin("123456", "123456") == 0x37);
  BOOST_TEST(f.h.store.state().force_pin_change);
  BOOST_TEST(f.pin.ChangePin("123456", "654321") == 0);
  BOOST_TEST(!f.h.store.state().force_pin_change);
}

// §12.4 minPinLength: reported to the RP IDs setMinPINLength listed, not to
// others; more RP IDs than maxRPIDsForSetMinPINLength → KEY_STORE_FULL.
BOOST_AUTO_TEST_CASE(s12_4_min_pin_length_extension_for_listed_rp_ids) {
  Fixture f;
  cbor::ArrayBuilder nine;
  for (int i = 0; i < 9; ++i) nine.Add(cbor::Text("rp" + std::to_string(i)));
  BOOST_TEST(
      f.Config(0x03, cbor::MapBuilder().Add(2, nine.Build()).Build()).status ==
      0x28);
  BOOST_TEST(
      f.Config(
           0x03,
           cbor::MapBuilder()
               .Add(1, cbor::Uint(7))
               .Add(2,
                    cbor::ArrayBuilder().Add(cbor::Text("a.example")).Build())
               .Build())
          .status == 0);
  auto ext = [&](const std::string& rp) {
    Response r = f.h.Send(
        Command::kMakeCredential,
        With(MakeCredentialParams(rp, {1}, Cdh()), 6,
             cbor::MapBuilder().Add("minPinLength", cbor::Bool(true)).Build()));
    BOOST_REQUIRE_EQUAL(r.status, 0);
    auto ad = ParseAuthData(GetBytes(r.Get(2)));
    BOOST_REQUIRE(ad.has_value());
    const cbor_item_t* v =
        ad->extensions ? cbor::MapGetText(ad->extensions.get(), "minPinLength")
                       : nullptr;
    return v ? std::optional<int64_t>(GetInt(v)) : std::nullopt;
  };
  BOOST_TEST((ext("a.example") == std::optional<int64_t>(7)));
  BOOST_TEST(!ext("b.example").has_value());
}

// §6.1.2 step 6 / §6.2.2 step 5: with alwaysUv on, makeCredential (even
// non-discoverable) and a getAssertion that collects a touch need a token.
BOOST_AUTO_TEST_CASE(s6_1_2_step_6_always_uv_needs_a_token) {
  Fixture f;
  Response made = f.h.Send(Command::kMakeCredential,
                           MakeCredentialParams("example.com", {1}, Cdh()));
  BOOST_REQUIRE_EQUAL(made.status, 0);
  Bytes id = ParseAuthData(GetBytes(made.Get(2)))->credential_id;
  BOOST_REQUIRE_EQUAL(f.Config(0x02).status, 0);
  BOOST_TEST(f.h.Send(Command::kMakeCredential,
                      MakeCredentialParams("example.com", {1}, Cdh()))
                 .status == 0x36);
  cbor::Item ga = cbor::MapBuilder()
                      .Add(1, cbor::Text("example.com"))
                      .Add(2, cbor::Bytes(Cdh()))
                      .Add(3, cbor::ArrayBuilder().Add(Descriptor(id)).Build())
                      .Build();
  BOOST_TEST(f.h.Send(Command::kGetAssertion, ga).status == 0x36);
  Bytes token = f.pin.SetPinAndGetToken("1234", 0x03, "example.com");
  BOOST_TEST(f.h.Send(Command::kMakeCredential,
                      f.pin.WithPinAuth(
                          MakeCredentialParams("example.com", {2}, Cdh()), 8,
                          token, Cdh()))
                 .status == 0);
}

// §6.6: authenticatorReset clears the configuration.
BOOST_AUTO_TEST_CASE(reset_clears_the_configuration) {
  Fixture f;
  BOOST_REQUIRE_EQUAL(
      f.Config(
           0x03,
           cbor::MapBuilder()
               .Add(1, cbor::Uint(9))
               .Add(2,
                    cbor::ArrayBuilder().Add(cbor::Text("a.example")).Build())
               .Build())
          .status,
      0);
  // alwaysUv last: once on, setMinPINLength would need a token.
  BOOST_REQUIRE_EQUAL(f.Config(0x02).status, 0);
  BOOST_REQUIRE_EQUAL(f.h.SendRaw(0x07, {}).status, 0);
  const FidoState& s = f.h.store.state();
  BOOST_TEST(!s.always_uv);
  BOOST_TEST(s.min_pin_length == 4);
  BOOST_TEST(s.min_pin_length_rp_ids.empty());
  BOOST_TEST(!s.force_pin_change);
}

// §6.11: enableEnterpriseAttestation on a key without it →
// INVALID_PARAMETER; unknown sub-commands → INVALID_SUBCOMMAND; bad input
// types → CBOR_UNEXPECTED_TYPE, no change.
BOOST_AUTO_TEST_CASE(s6_11_unsupported_and_malformed_requests) {
  Fixture f;
  BOOST_TEST(f.Config(0x01).status == 0x02);
  BOOST_TEST(f.Config(0x07).status == 0x3E);
  BOOST_TEST(f.Config(0xFF).status == 0x3E);
  BOOST_TEST(f.h.SendRaw(0x0D, {0xA0}).status == 0x14);  // no subCommand
  BOOST_TEST(f.Config(0x03, cbor::MapBuilder().Add(1, cbor::Text("6")).Build())
                 .status == 0x11);
  BOOST_TEST(f.Config(0x03, cbor::MapBuilder().Add(2, cbor::Text("a")).Build())
                 .status == 0x11);
  BOOST_TEST(f.h.store.state().min_pin_length == 4);
  BOOST_TEST(f.h.store.state().min_pin_length_rp_ids.empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::ctap2
