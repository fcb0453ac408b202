// authenticatorClientPIN (CTAP 2.1 §6.5), protocols 1 and 2.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "ctap2_test_util.h"

namespace hsm::ctap2 {
namespace {

using namespace testing;
namespace data = boost::unit_test::data;

BOOST_AUTO_TEST_SUITE(ctap2_client_pin)

BOOST_DATA_TEST_CASE(set_change_and_token, data::make({1, 2}), protocol) {
  Harness h;
  PinClient pin(h, static_cast<uint8_t>(protocol));
  BOOST_TEST(pin.Retries() == 8);
  Bytes token;
  BOOST_TEST(pin.GetToken("1234", 0, std::nullopt, &token) ==
             0x35);  // PIN_NOT_SET
  BOOST_TEST(pin.ChangePin("1234", "5678") == 0x35);
  BOOST_TEST(pin.SetPin("123") == 0x37);                 // too short
  BOOST_TEST(pin.SetPin(std::string(64, '1')) == 0x37);  // no room for a 0
  BOOST_TEST(pin.SetPin("1234") == 0);
  BOOST_TEST(pin.SetPin("9999") == 0x33);  // already set (CTAP 2.1 text)
  BOOST_TEST(pin.GetToken("1234", 0, std::nullopt, &token) == 0);
  BOOST_TEST(token.size() == 32u);
  BOOST_TEST(pin.ChangePin("1234", "abcdef") == 0);
  BOOST_TEST(pin.GetToken("1234", 0, std::nullopt, &token) == 0x31);
  BOOST_TEST(pin.Retries() == 7);
  BOOST_TEST(pin.GetToken("abcdef", 0x04, std::nullopt, &token) == 0);
  BOOST_TEST(pin.Retries() == 8);  // restored on success
  // A 4-code-point PIN of more than 4 bytes is fine; 63 bytes is the max.
  BOOST_TEST(pin.ChangePin("abcdef", "\xc3\xa4\xc3\xb6\xc3\xbc\xc3\x9f") == 0);
  BOOST_TEST(pin.ChangePin("\xc3\xa4\xc3\xb6\xc3\xbc\xc3\x9f",
                           std::string(63, '7')) == 0);
}

BOOST_AUTO_TEST_CASE(key_agreement_is_a_cose_p256_key) {
  Harness h;
  Response r = h.Send(
      Command::kClientPin,
      cbor::MapBuilder().Add(1, cbor::Uint(2)).Add(2, cbor::Uint(2)).Build());
  BOOST_REQUIRE_EQUAL(r.status, 0);
  const cbor_item_t* key = r.Get(1);
  BOOST_TEST(GetInt(cbor::MapGet(key, 1)) == 2);  // kty EC2
  BOOST_TEST(cbor_map_size(key) == 5u);
  // Without pinUvAuthProtocol.
  BOOST_TEST(h.Send(Command::kClientPin,
                    cbor::MapBuilder().Add(2, cbor::Uint(2)).Build())
                 .status == 0x14);
  BOOST_TEST(h.Send(Command::kClientPin, cbor::MapBuilder()
                                             .Add(1, cbor::Uint(7))
                                             .Add(2, cbor::Uint(2))
                                             .Build())
                 .status == 0x02);
  BOOST_TEST(h.Send(Command::kClientPin, cbor::MapBuilder()
                                             .Add(1, cbor::Uint(2))
                                             .Add(2, cbor::Uint(0x30))
                                             .Build())
                 .status == 0x3E);
  BOOST_TEST(h.Send(Command::kClientPin, cbor::MapBuilder()
                                             .Add(1, cbor::Uint(2))
                                             .Add(2, cbor::Uint(6))
                                             .Build())
                 .status == 0x3E);  // no built-in UV
}

// CTAP 2.1 §6.5.4 initialize() at power-up and regenerate(): the key
// agreement key is drawn on first use, stays the same until power-up or a
// PIN mismatch (§6.5.5.5 step 6.2), and is new after either.
BOOST_AUTO_TEST_CASE(s6_5_4_key_agreement_drawn_on_first_use) {
  Harness h;
  BOOST_TEST(h.platform.random_draws() == 0);  // power-up draws nothing
  auto key_agreement = [&] {
    Response r = h.Send(
        Command::kClientPin,
        cbor::MapBuilder().Add(1, cbor::Uint(2)).Add(2, cbor::Uint(2)).Build());
    BOOST_REQUIRE_EQUAL(r.status, 0);
    return cbor::Encode(r.Get(1));
  };
  Bytes first = key_agreement();
  BOOST_TEST(h.platform.random_draws() > 0);
  BOOST_TEST(key_agreement() == first);
  h.PowerCycle();
  Bytes after_power_up = key_agreement();
  BOOST_TEST(after_power_up != first);
  PinClient pin(h, 2);
  BOOST_REQUIRE_EQUAL(pin.SetPin("1234"), 0);
  Bytes token;
  BOOST_TEST(pin.GetToken("9999", 0x01, "a.example", &token) == 0x31);
  BOOST_TEST(key_agreement() != after_power_up);  // regenerated on mismatch
}

BOOST_AUTO_TEST_CASE(set_pin_with_bad_auth_or_padding) {
  Harness h;
  PinClient pin(h, 2);
  BOOST_REQUIRE(pin.Agree());
  Bytes padded(64, 0);
  padded[0] = padded[1] = padded[2] = padded[3] = '5';
  Bytes enc = pin.Encrypt(padded);
  Bytes auth = pin.Authenticate(pin.shared(), enc);
  auth[3] ^= 0x40;
  auto send = [&](const Bytes& new_pin_enc, const Bytes& param) {
    return h
        .Send(Command::kClientPin, cbor::MapBuilder()
                                       .Add(1, cbor::Uint(2))
                                       .Add(2, cbor::Uint(3))
                                       .Add(3, pin.PlatformKey())
                                       .Add(4, cbor::Bytes(param))
                                       .Add(5, cbor::Bytes(new_pin_enc))
                                       .Build())
        .status;
  };
  BOOST_TEST(send(enc, auth) == 0x33);
  Bytes short_enc = pin.Encrypt(Bytes(32, '5'));
  BOOST_TEST(send(short_enc, pin.Authenticate(pin.shared(), short_enc)) ==
             0x02);
  BOOST_TEST(!h.store.state().pin_hash.has_value());
}

BOOST_AUTO_TEST_CASE(permissions_are_checked) {
  Harness h;
  PinClient pin(h, 2);
  BOOST_REQUIRE_EQUAL(pin.SetPin("1234"), 0);
  Bytes token;
  BOOST_TEST(pin.GetToken("1234", 0x01, std::nullopt, &token) ==
             0x14);  // mc needs rpId
  BOOST_TEST(pin.GetToken("1234", 0x08, std::nullopt, &token) == 0x40);  // be
  BOOST_TEST(pin.GetToken("1234", 0x20, std::nullopt, &token) == 0);     // acfg
  BOOST_TEST(pin.Retries() == 8);  // rejected before the PIN was tried
}

BOOST_AUTO_TEST_CASE(lockout_sequence_with_power_cycles) {
  // fido2-tests test_lockout: PIN_AUTH_BLOCKED after 3 consecutive
  // mismatches until a power cycle; PIN_BLOCKED when retries reach 0.
  Harness h;
  PinClient pin(h, 2);
  BOOST_REQUIRE_EQUAL(pin.SetPin("1234"), 0);
  Bytes token;
  int retries = 8;
  for (int attempt = 1; attempt <= 8; ++attempt) {
    uint8_t s = pin.GetToken("0000", 0, std::nullopt, &token);
    --retries;
    BOOST_TEST(pin.Retries() == retries);
    if (retries == 0) {
      BOOST_TEST(s == 0x32);
    } else if (attempt % 3 == 0) {
      BOOST_TEST(s == 0x34);
      // Blocked until a power cycle, even with the right PIN; retries kept.
      BOOST_TEST(pin.GetToken("1234", 0, std::nullopt, &token) == 0x34);
      Response pr = h.Send(Command::kClientPin, cbor::MapBuilder()
                                                    .Add(1, cbor::Uint(2))
                                                    .Add(2, cbor::Uint(1))
                                                    .Build());
      BOOST_TEST(cbor::AsBool(pr.Get(4)).value() == true);  // powerCycleState
      BOOST_TEST(pin.Retries() == retries);
      h.PowerCycle();
    } else {
      BOOST_TEST(s == 0x31);
    }
  }
  BOOST_TEST(pin.GetToken("1234", 0, std::nullopt, &token) == 0x32);
  h.PowerCycle();
  BOOST_TEST(pin.GetToken("1234", 0, std::nullopt, &token) == 0x32);
  BOOST_TEST(pin.ChangePin("1234", "5678") == 0x32);
  BOOST_TEST(h.store.state().pin_retries == 0);
}

BOOST_AUTO_TEST_CASE(power_cycle_drops_the_token) {
  Harness h;
  PinClient pin(h, 1);
  Bytes token = pin.SetPinAndGetToken("1234", 0, std::nullopt);
  h.PowerCycle();
  Response r = h.Send(
      Command::kMakeCredential,
      pin.WithPinAuth(MakeCredentialParams("example.com", {1}, Cdh(), true), 8,
                      token, Cdh()));
  BOOST_TEST(r.status == 0x33);
}

BOOST_AUTO_TEST_CASE(token_expires) {
  Harness h;
  PinClient pin(h, 2);
  Bytes token = pin.SetPinAndGetToken("1234", 0x01, "example.com");
  h.platform.Advance(h.auth->config().pin_token_lifetime_ms + 1);
  BOOST_TEST(h.Send(Command::kMakeCredential,
                    pin.WithPinAuth(
                        MakeCredentialParams("example.com", {1}, Cdh(), true),
                        8, token, Cdh()))
                 .status == 0x33);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::ctap2
