// authenticatorGetAssertion / getNextAssertion (CTAP 2.1 §6.2, §6.3),
// credProtect (§12.1) and hmac-secret (§12.5).
#include <boost/test/unit_test.hpp>

#include "ctap2_test_util.h"

namespace hsm::ctap2 {
namespace {

using namespace testing;

struct Made {
  Bytes id;
  cbor::Item public_key;
};

Made Make(Harness& h, const std::string& rp, Bytes user, bool rk,
          cbor::Item extensions = nullptr,
          const std::optional<Bytes>& token = {}, PinClient* pin = nullptr) {
  cbor::Item params = MakeCredentialParams(rp, user, Cdh(), rk);
  if (extensions) params = With(params, 6, std::move(extensions));
  if (token) {
    params =
        With(With(params, 8, cbor::Bytes(pin->Authenticate(*token, Cdh()))), 9,
             cbor::Uint(pin->protocol()));
  }
  Response r = h.Send(Command::kMakeCredential, params);
  BOOST_REQUIRE_EQUAL(r.status, 0);
  auto ad = ParseAuthData(GetBytes(r.Get(2)));
  return {ad->credential_id, std::move(ad->public_key)};
}

cbor::Item GaParams(const std::string& rp, const Bytes& cdh,
                    const std::vector<Bytes>& allow = {}) {
  cbor::MapBuilder b;
  b.Add(1, cbor::Text(rp)).Add(2, cbor::Bytes(cdh));
  if (!allow.empty()) {
    cbor::ArrayBuilder list;
    for (const auto& id : allow) list.Add(Descriptor(id));
    b.Add(3, list.Build());
  }
  return b.Build();
}

bool SignatureOk(const Response& r, const cbor_item_t* key, const Bytes& cdh) {
  Bytes signed_data = GetBytes(r.Get(2));
  signed_data.insert(signed_data.end(), cdh.begin(), cdh.end());
  return VerifyCoseSignature(key, signed_data, GetBytes(r.Get(3)));
}

BOOST_AUTO_TEST_SUITE(ctap2_get_assertion)

BOOST_AUTO_TEST_CASE(allow_list_assertion_verifies_and_counts) {
  Harness h;
  Made a = Make(h, "example.com", {1}, false);
  Response r = h.Send(Command::kGetAssertion,
                      GaParams("example.com", Cdh(5), {Bytes(64, 1), a.id}));
  BOOST_REQUIRE_EQUAL(r.status, 0);
  BOOST_TEST(r.asked_presence);
  BOOST_TEST(SignatureOk(r, a.public_key.get(), Cdh(5)));
  BOOST_TEST(GetBytes(cbor::MapGetText(r.Get(1), "id")) == a.id);
  BOOST_TEST(r.Get(4) == nullptr);  // no user for a non-discoverable credential
  BOOST_TEST(r.Get(5) == nullptr);
  auto ad = ParseAuthData(GetBytes(r.Get(2)));
  BOOST_TEST(ad->flags == 0x01);
  uint32_t c1 = ad->counter;
  Response again =
      h.Send(Command::kGetAssertion, GaParams("example.com", Cdh(6), {a.id}));
  BOOST_TEST(ParseAuthData(GetBytes(again.Get(2)))->counter > c1);
  // Counter survives a power cycle (it is in the store).
  h.PowerCycle();
  Response after =
      h.Send(Command::kGetAssertion, GaParams("example.com", Cdh(6), {a.id}));
  BOOST_REQUIRE_EQUAL(after.status, 0);
  BOOST_TEST(ParseAuthData(GetBytes(after.Get(2)))->counter >
             ParseAuthData(GetBytes(again.Get(2)))->counter);
}

BOOST_AUTO_TEST_CASE(no_credentials_cases) {
  Harness h;
  Made a = Make(h, "example.com", {1}, false);
  // Wrong RP, corrupt ID, empty allowList without discoverable credentials.
  BOOST_TEST(
      h.Send(Command::kGetAssertion, GaParams("other.example", Cdh(), {a.id}))
          .status == 0x2E);
  Bytes corrupt = a.id;
  corrupt[20] ^= 1;
  Response r =
      h.Send(Command::kGetAssertion, GaParams("example.com", Cdh(), {corrupt}));
  BOOST_TEST(r.status == 0x2E);
  BOOST_TEST(!r.asked_presence);
  BOOST_TEST(
      h.Send(Command::kGetAssertion, With(GaParams("example.com", Cdh()), 3,
                                          cbor::ArrayBuilder().Build()))
          .status == 0x2E);
}

// CTAP 2.1 §6.2.2 step 6.1.4: a token without the ga permission answers
// CTAP2_ERR_PIN_AUTH_INVALID.
BOOST_AUTO_TEST_CASE(step_6_1_4_token_without_ga_is_pin_auth_invalid) {
  Harness h;
  Made a = Make(h, "example.com", {1}, false);
  PinClient pin(h, 2);
  Bytes token = pin.SetPinAndGetToken("1234", 0x01, "example.com");
  Response r = h.Send(
      Command::kGetAssertion,
      pin.WithPinAuth(GaParams("example.com", Cdh(), {a.id}), 6, token, Cdh()));
  BOOST_TEST(r.status == 0x33);
  BOOST_TEST(!r.asked_presence);
}

// CTAP 2.1 §6.2.2 step 6.1.5: a permissions RP ID other than rpId answers
// CTAP2_ERR_PIN_AUTH_INVALID; the token's own RP still works.
BOOST_AUTO_TEST_CASE(step_6_1_5_other_permissions_rp_id_is_pin_auth_invalid) {
  Harness h;
  Made a = Make(h, "example.com", {1}, false);
  Made b = Make(h, "other.example", {1}, false);
  PinClient pin(h, 1);
  Bytes token = pin.SetPinAndGetToken("1234", 0x02, "example.com");
  Response r = h.Send(Command::kGetAssertion,
                      pin.WithPinAuth(GaParams("other.example", Cdh(), {b.id}),
                                      6, token, Cdh()));
  BOOST_TEST(r.status == 0x33);
  r = h.Send(
      Command::kGetAssertion,
      pin.WithPinAuth(GaParams("example.com", Cdh(), {a.id}), 6, token, Cdh()));
  BOOST_TEST(r.status == 0);
}

// docs/protocol/ctap.md §6.4 "clientDataHash length": a clientDataHash that
// is not 32 bytes answers CTAP1_ERR_INVALID_LENGTH and the counter stays.
BOOST_AUTO_TEST_CASE(client_data_hash_of_16_or_33_bytes_is_invalid_length) {
  Harness h;
  Made a = Make(h, "example.com", {1}, false);
  uint32_t counter = h.store.state().sign_counter;
  for (size_t size : {0u, 16u, 33u}) {
    Response r = h.Send(Command::kGetAssertion,
                        GaParams("example.com", Bytes(size, 0x11), {a.id}));
    BOOST_TEST(r.status == 0x03, "size " << size);
    BOOST_TEST(!r.asked_presence);
  }
  BOOST_TEST(h.store.state().sign_counter == counter);
  BOOST_TEST(
      h.Send(Command::kGetAssertion, GaParams("example.com", Cdh(), {a.id}))
          .status == 0);
}

BOOST_AUTO_TEST_CASE(parameter_and_option_errors) {
  Harness h;
  Made a = Make(h, "example.com", {1}, false);
  BOOST_TEST(h.Send(Command::kGetAssertion,
                    cbor::MapBuilder().Add(2, cbor::Bytes(Cdh())).Build())
                 .status == 0x14);
  BOOST_TEST(
      h.Send(Command::kGetAssertion,
             cbor::MapBuilder().Add(1, cbor::Text("example.com")).Build())
          .status == 0x14);
  BOOST_TEST(h.Send(Command::kGetAssertion,
                    With(GaParams("example.com", Cdh()), 3,
                         cbor::ArrayBuilder().Add(cbor::Bytes(a.id)).Build()))
                 .status == 0x11);
  BOOST_TEST(
      h.Send(
           Command::kGetAssertion,
           With(
               GaParams("example.com", Cdh()), 3,
               cbor::ArrayBuilder()
                   .Add(cbor::MapBuilder().Add("id", cbor::Bytes(a.id)).Build())
                   .Build()))
          .status == 0x14);
  auto with_options = [&](cbor::Item options) {
    return h.Send(
        Command::kGetAssertion,
        With(GaParams("example.com", Cdh(), {a.id}), 5, std::move(options)));
  };
  BOOST_TEST(
      with_options(cbor::MapBuilder().Add("rk", cbor::Bool(true)).Build())
          .status == 0x2B);
  BOOST_TEST(
      with_options(cbor::MapBuilder().Add("uv", cbor::Bool(true)).Build())
          .status == 0x2C);
  // up:false: a silent assertion, UP flag clear, no touch.
  Response silent =
      with_options(cbor::MapBuilder().Add("up", cbor::Bool(false)).Build());
  BOOST_REQUIRE_EQUAL(silent.status, 0);
  BOOST_TEST(!silent.asked_presence);
  BOOST_TEST((ParseAuthData(GetBytes(silent.Get(2)))->flags & 0x01) == 0);
  // Presence outcomes.
  BOOST_TEST(h.Send(Command::kGetAssertion,
                    GaParams("example.com", Cdh(), {a.id}),
                    PresenceGrant::kDenied)
                 .status == 0x27);
  BOOST_TEST(h.Send(Command::kGetAssertion,
                    GaParams("example.com", Cdh(), {a.id}),
                    PresenceGrant::kCancelled)
                 .status == 0x2D);
  BOOST_TEST(h.Send(Command::kGetAssertion,
                    GaParams("example.com", Cdh(), {a.id}),
                    PresenceGrant::kTimedOut)
                 .status == 0x2F);
}

BOOST_AUTO_TEST_CASE(discoverable_credentials_and_next_assertion) {
  Harness h;
  Made u1 = Make(h, "example.com", {1}, true);
  h.platform.Advance(10);
  Made u2 = Make(h, "example.com", {2}, true);
  Make(h, "other.example", {3}, true);
  Response r = h.Send(Command::kGetAssertion, GaParams("example.com", Cdh()));
  BOOST_REQUIRE_EQUAL(r.status, 0);
  BOOST_TEST(GetInt(r.Get(5)) == 2);
  // Newest first; user.id only (no UV).
  BOOST_TEST(GetBytes(cbor::MapGetText(r.Get(4), "id")) == Bytes({2}));
  BOOST_TEST(cbor::MapGetText(r.Get(4), "name") == nullptr);
  BOOST_TEST(SignatureOk(r, u2.public_key.get(), Cdh()));
  Response next = h.SendRaw(0x08, {});
  BOOST_REQUIRE_EQUAL(next.status, 0);
  BOOST_TEST(GetBytes(cbor::MapGetText(next.Get(4), "id")) == Bytes({1}));
  BOOST_TEST(next.Get(5) == nullptr);
  BOOST_TEST(SignatureOk(next, u1.public_key.get(), Cdh()));
  BOOST_TEST(h.SendRaw(0x08, {}).status == 0x30);  // none left
  // Another command in between ends the sequence; so does the 30 s timer.
  BOOST_REQUIRE_EQUAL(
      h.Send(Command::kGetAssertion, GaParams("example.com", Cdh())).status, 0);
  h.SendRaw(0x04, {});
  BOOST_TEST(h.SendRaw(0x08, {}).status == 0x30);
  BOOST_REQUIRE_EQUAL(
      h.Send(Command::kGetAssertion, GaParams("example.com", Cdh())).status, 0);
  h.platform.Advance(30001);
  BOOST_TEST(h.SendRaw(0x08, {}).status == 0x30);
  // With an allowList: one answer, no numberOfCredentials (CTAP 2.1).
  Response listed = h.Send(Command::kGetAssertion,
                           GaParams("example.com", Cdh(), {u1.id, u2.id}));
  BOOST_REQUIRE_EQUAL(listed.status, 0);
  BOOST_TEST(listed.Get(5) == nullptr);
  BOOST_TEST(GetBytes(cbor::MapGetText(listed.Get(4), "id")) == Bytes({1}));
  BOOST_TEST(h.SendRaw(0x08, {}).status == 0x30);
}

BOOST_AUTO_TEST_CASE(user_details_with_uv_and_several_accounts) {
  Harness h;
  PinClient pin(h, 1);
  BOOST_REQUIRE_EQUAL(pin.SetPin("12345678"), 0);
  Bytes token;
  for (uint8_t u : {1, 2}) {
    BOOST_REQUIRE_EQUAL(pin.GetToken("12345678", 0x01, "example.com", &token),
                        0);
    Make(h, "example.com", {u}, true, nullptr, token, &pin);
  }
  BOOST_REQUIRE_EQUAL(pin.GetToken("12345678", 0x02, "example.com", &token), 0);
  Response r =
      h.Send(Command::kGetAssertion,
             pin.WithPinAuth(GaParams("example.com", Cdh()), 6, token, Cdh()));
  BOOST_REQUIRE_EQUAL(r.status, 0);
  BOOST_TEST(ParseAuthData(GetBytes(r.Get(2)))->flags == 0x05);
  BOOST_TEST(cbor::AsText(cbor::MapGetText(r.Get(4), "name")).value() ==
             "alice");
  BOOST_TEST(cbor::AsText(cbor::MapGetText(r.Get(4), "displayName")).value() ==
             "Alice A.");
}

BOOST_AUTO_TEST_CASE(cred_protect_rules) {
  Harness h;
  PinClient pin(h, 2);
  auto protect = [](uint64_t level) {
    return cbor::MapBuilder().Add("credProtect", cbor::Uint(level)).Build();
  };
  Made optional = Make(h, "example.com", {1}, true, protect(1));
  Made with_list = Make(h, "example.com", {2}, true, protect(2));
  Made required = Make(h, "example.com", {3}, true, protect(3));
  // Without UV: discovery finds only level 1.
  Response r = h.Send(Command::kGetAssertion, GaParams("example.com", Cdh()));
  BOOST_REQUIRE_EQUAL(r.status, 0);
  BOOST_TEST(r.Get(5) == nullptr);
  BOOST_TEST(GetBytes(cbor::MapGetText(r.Get(1), "id")) == optional.id);
  // Level 2 by allowList, level 3 never without UV.
  BOOST_TEST(h.Send(Command::kGetAssertion,
                    GaParams("example.com", Cdh(), {with_list.id}))
                 .status == 0);
  BOOST_TEST(h.Send(Command::kGetAssertion,
                    GaParams("example.com", Cdh(), {required.id}))
                 .status == 0x2E);
  // Level 3 is not revealed by excludeList without UV.
  BOOST_TEST(
      h.Send(Command::kMakeCredential,
             With(MakeCredentialParams("example.com", {9}, Cdh()), 5,
                  cbor::ArrayBuilder().Add(Descriptor(required.id)).Build()))
          .status == 0);
  // With UV all three are found.
  Bytes token = pin.SetPinAndGetToken("1234", 0x02, "example.com");
  Response uv =
      h.Send(Command::kGetAssertion,
             pin.WithPinAuth(GaParams("example.com", Cdh()), 6, token, Cdh()));
  BOOST_REQUIRE_EQUAL(uv.status, 0);
  BOOST_TEST(GetInt(uv.Get(5)) == 3);
}

BOOST_AUTO_TEST_CASE(hmac_secret_outputs) {
  Harness h;
  Made a =
      Make(h, "example.com", {1}, false,
           cbor::MapBuilder().Add("hmac-secret", cbor::Bool(true)).Build());
  Made plain = Make(h, "example.com", {2}, false);
  for (uint8_t protocol : {1, 2}) {
    PinClient client(h, protocol);
    BOOST_REQUIRE(client.Agree());
    Bytes salts(64);
    for (size_t i = 0; i < 64; ++i) salts[i] = static_cast<uint8_t>(i);
    auto request = [&](const Bytes& salt_plain, const std::vector<Bytes>& allow,
                       bool bad_auth = false) {
      Bytes salt_enc = client.Encrypt(salt_plain);
      Bytes salt_auth = client.Authenticate(client.shared(), salt_enc);
      if (bad_auth) salt_auth[0] ^= 1;
      cbor::MapBuilder hs;
      hs.Add(1, client.PlatformKey())
          .Add(2, cbor::Bytes(salt_enc))
          .Add(3, cbor::Bytes(salt_auth));
      if (protocol == 2) hs.Add(4, cbor::Uint(2));
      return h.Send(
          Command::kGetAssertion,
          With(GaParams("example.com", Cdh(), allow), 4,
               cbor::MapBuilder().Add("hmac-secret", hs.Build()).Build()));
    };
    Response two = request(salts, {a.id});
    BOOST_REQUIRE_EQUAL(two.status, 0);
    auto ad = ParseAuthData(GetBytes(two.Get(2)));
    BOOST_REQUIRE(ad && (ad->flags & 0x80));
    Bytes out = client.Decrypt(
        GetBytes(cbor::MapGetText(ad->extensions.get(), "hmac-secret")));
    BOOST_REQUIRE_EQUAL(out.size(), 64u);
    // salt1 alone gives the first half again: the output is a function of
    // the salt (and the credential), stable across requests and protocols.
    Response one = request(Bytes(salts.begin(), salts.begin() + 32), {a.id});
    auto ad1 = ParseAuthData(GetBytes(one.Get(2)));
    Bytes out1 = client.Decrypt(
        GetBytes(cbor::MapGetText(ad1->extensions.get(), "hmac-secret")));
    BOOST_TEST(out1 == Bytes(out.begin(), out.begin() + 32));
    BOOST_TEST(Bytes(out.begin(), out.begin() + 32) !=
               Bytes(out.begin() + 32, out.end()));
    BOOST_TEST(request(salts, {a.id}, /*bad_auth=*/true).status == 0xE0);
    BOOST_TEST(request(Bytes(48, 1), {a.id}).status == 0x03);
    // A credential made without hmac-secret gives no output.
    Response none = request(salts, {plain.id});
    BOOST_REQUIRE_EQUAL(none.status, 0);
    BOOST_TEST((ParseAuthData(GetBytes(none.Get(2)))->flags & 0x80) == 0);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::ctap2
