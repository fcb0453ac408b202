// authenticatorMakeCredential (CTAP 2.1 §6.1).
#include <boost/test/unit_test.hpp>

#include "ctap2_test_util.h"

namespace hsm::ctap2 {
namespace {

using namespace testing;

Bytes Aaguid(Harness& h) {
  return Bytes(h.auth->config().aaguid.begin(), h.auth->config().aaguid.end());
}

BOOST_AUTO_TEST_SUITE(ctap2_make_credential)

BOOST_AUTO_TEST_CASE(es256_packed_attestation_verifies) {
  Harness h;
  Response r = h.Send(Command::kMakeCredential,
                      MakeCredentialParams("example.com", {1, 2}, Cdh()));
  BOOST_REQUIRE_EQUAL(r.status, 0);
  BOOST_TEST(r.asked_presence);
  std::string why;
  BOOST_TEST(VerifyPackedAttestation(r, Cdh(), Aaguid(h), &why), why);
  auto ad = ParseAuthData(GetBytes(r.Get(2)));
  BOOST_REQUIRE(ad.has_value());
  BOOST_TEST(ad->rp_id_hash == Sha256(ToBytes("example.com")));
  BOOST_TEST(ad->flags == 0x41);  // UP | AT
  BOOST_TEST(ad->counter == 1u);
  BOOST_TEST(ad->aaguid == Aaguid(h));
  BOOST_TEST(ad->credential_id.size() == 64u);
  BOOST_TEST(GetInt(cbor::MapGet(ad->public_key.get(), 3)) == -7);
  // The attestation key and certificate persist: a second credential is
  // attested by the same certificate.
  Response again = h.Send(Command::kMakeCredential,
                          MakeCredentialParams("example.com", {3}, Cdh(2)));
  BOOST_REQUIRE_EQUAL(again.status, 0);
  auto x5c = [](const Response& m) {
    return GetBytes(cbor_array_handle(cbor::MapGetText(m.Get(3), "x5c"))[0]);
  };
  BOOST_TEST(x5c(r) == x5c(again));
  BOOST_TEST(ParseAuthData(GetBytes(again.Get(2)))->counter == 2u);
}

BOOST_AUTO_TEST_CASE(eddsa_credential) {
  Harness h;
  Response r =
      h.Send(Command::kMakeCredential,
             MakeCredentialParams("example.com", {1}, Cdh(), false, -8));
  BOOST_REQUIRE_EQUAL(r.status, 0);
  auto ad = ParseAuthData(GetBytes(r.Get(2)));
  BOOST_TEST(GetInt(cbor::MapGet(ad->public_key.get(), 3)) == -8);
  BOOST_TEST(GetInt(cbor::MapGet(ad->public_key.get(), 1)) == 1);  // OKP
}

BOOST_AUTO_TEST_CASE(parameter_errors) {
  Harness h;
  auto base = [] { return MakeCredentialParams("example.com", {1}, Cdh()); };
  // Missing required parameters.
  for (int key : {1, 2, 3, 4}) {
    cbor::MapBuilder b;
    cbor::Item full = base();
    struct cbor_pair* pairs = cbor_map_handle(full.get());
    for (size_t i = 0; i < cbor_map_size(full.get()); ++i) {
      if (GetInt(pairs[i].key) == key) continue;
      b.Add(cbor::Item(cbor_incref(pairs[i].key)),
            cbor::Item(cbor_incref(pairs[i].value)));
    }
    BOOST_TEST(h.Send(Command::kMakeCredential, b.Build()).status == 0x14);
  }
  // Wrong types.
  BOOST_TEST(h.Send(Command::kMakeCredential, With(base(), 1, cbor::Text("x")))
                 .status == 0x11);
  BOOST_TEST(
      h.Send(Command::kMakeCredential, With(base(), 2, cbor::Bytes(Bytes{1})))
          .status == 0x11);
  BOOST_TEST(h.Send(Command::kMakeCredential,
                    With(base(), 2,
                         cbor::MapBuilder().Add("id", cbor::Uint(8)).Build()))
                 .status == 0x11);
  BOOST_TEST(
      h.Send(Command::kMakeCredential,
             With(base(), 3,
                  cbor::MapBuilder().Add("name", cbor::Text("x")).Build()))
          .status == 0x14);
  BOOST_TEST(
      h.Send(Command::kMakeCredential,
             With(base(), 4, cbor::ArrayBuilder().Add(cbor::Uint(1)).Build()))
          .status == 0x11);
  BOOST_TEST(h.Send(Command::kMakeCredential,
                    With(base(), 4,
                         cbor::ArrayBuilder()
                             .Add(cbor::MapBuilder()
                                      .Add("type", cbor::Text("public-key"))
                                      .Build())
                             .Build()))
                 .status == 0x14);
  // Unsupported algorithm.
  BOOST_TEST(
      h.Send(Command::kMakeCredential,
             MakeCredentialParams("example.com", {1}, Cdh(), false, -257))
          .status == 0x26);
  // Options: up:false and uv:true are invalid; up:true is fine (2.1);
  // unknown options are ignored; non-bool values are a type error.
  auto with_options = [&](cbor::Item options) {
    return h.Send(Command::kMakeCredential, With(base(), 7, std::move(options)))
        .status;
  };
  struct BoolOption {
    const char* name;
    bool value;
    int status;
  };
  for (const BoolOption& o :
       {BoolOption{"up", false, 0x2C}, BoolOption{"uv", true, 0x2C},
        BoolOption{"up", true, 0x00}, BoolOption{"foo", true, 0x00}}) {
    BOOST_TEST_CONTEXT(o.name << ": " << o.value) {
      BOOST_TEST(
          with_options(
              cbor::MapBuilder().Add(o.name, cbor::Bool(o.value)).Build()) ==
          o.status);
    }
  }
  BOOST_TEST(with_options(
                 cbor::MapBuilder().Add("rk", cbor::Uint(1)).Build()) == 0x11);
  // user.id longer than 64 bytes.
  BOOST_TEST(h.Send(Command::kMakeCredential,
                    MakeCredentialParams("example.com", Bytes(65, 1), Cdh()))
                 .status == 0x03);
}

BOOST_AUTO_TEST_CASE(presence_outcomes) {
  Harness h;
  auto mc = [&](PresenceGrant g) {
    return h
        .Send(Command::kMakeCredential,
              MakeCredentialParams("example.com", {1}, Cdh(), true), g)
        .status;
  };
  BOOST_TEST(mc(PresenceGrant::kDenied) == 0x27);
  BOOST_TEST(mc(PresenceGrant::kTimedOut) == 0x2F);
  BOOST_TEST(mc(PresenceGrant::kCancelled) == 0x2D);
  BOOST_TEST(h.store.commits() == 0);  // nothing stored without a touch
  BOOST_TEST(h.store.state().credentials.empty());
}

BOOST_AUTO_TEST_CASE(exclude_list_after_touch) {
  Harness h;
  Response first = h.Send(Command::kMakeCredential,
                          MakeCredentialParams("example.com", {1}, Cdh()));
  BOOST_REQUIRE_EQUAL(first.status, 0);
  Bytes id = ParseAuthData(GetBytes(first.Get(2)))->credential_id;
  auto exclude = [&](const std::string& rp, PresenceGrant g) {
    return h.Send(Command::kMakeCredential,
                  With(MakeCredentialParams(rp, {2}, Cdh()), 5,
                       cbor::ArrayBuilder()
                           .Add(Descriptor(Bytes(64, 9)))
                           .Add(Descriptor(id))
                           .Build()),
                  g);
  };
  Response r = exclude("example.com", PresenceGrant::kApproved);
  BOOST_TEST(r.status == 0x19);
  BOOST_TEST(r.asked_presence);
  BOOST_TEST(exclude("example.com", PresenceGrant::kDenied).status == 0x27);
  // Another RP's ID does not match.
  BOOST_TEST(exclude("other.example", PresenceGrant::kApproved).status == 0x00);
}

BOOST_AUTO_TEST_CASE(resident_credentials_replace_and_fill_up) {
  AuthenticatorConfig config;
  config.max_resident_credentials = 3;
  Harness h(config);
  for (uint8_t u = 1; u <= 3; ++u) {
    BOOST_REQUIRE_EQUAL(
        h.Send(Command::kMakeCredential,
               MakeCredentialParams("example.com", {u}, Cdh(), true))
            .status,
        0);
  }
  BOOST_TEST(h.store.state().credentials.size() == 3u);
  // Same (rp, user.id) replaces.
  BOOST_TEST(h.Send(Command::kMakeCredential,
                    MakeCredentialParams("example.com", {2}, Cdh(), true))
                 .status == 0);
  BOOST_TEST(h.store.state().credentials.size() == 3u);
  Response full = h.Send(Command::kMakeCredential,
                         MakeCredentialParams("example.com", {4}, Cdh(), true));
  BOOST_TEST(full.status == 0x28);  // KEY_STORE_FULL, before any touch
  BOOST_TEST(!full.asked_presence);
  // Non-resident still works.
  BOOST_TEST(h.Send(Command::kMakeCredential,
                    MakeCredentialParams("example.com", {4}, Cdh()))
                 .status == 0);
}

BOOST_AUTO_TEST_CASE(pin_rules) {
  Harness h;
  // Zero-length pinUvAuthParam without a PIN: touch, then PIN_NOT_SET.
  Response probe = h.Send(Command::kMakeCredential,
                          With(MakeCredentialParams("example.com", {1}, Cdh()),
                               8, cbor::Bytes(Bytes{})));
  BOOST_TEST(probe.status == 0x35);
  BOOST_TEST(probe.asked_presence);
  PinClient pin(h, 2);
  BOOST_REQUIRE_EQUAL(pin.SetPin("1234"), 0);
  probe = h.Send(Command::kMakeCredential,
                 With(MakeCredentialParams("example.com", {1}, Cdh()), 8,
                      cbor::Bytes(Bytes{})));
  BOOST_TEST(probe.status == 0x31);  // PIN_INVALID (CTAP 2.1 text)
  // rk without a token → PUAT_REQUIRED; non-rk allowed (makeCredUvNotRqd).
  BOOST_TEST(h.Send(Command::kMakeCredential,
                    MakeCredentialParams("example.com", {1}, Cdh(), true))
                 .status == 0x36);
  Response plain = h.Send(Command::kMakeCredential,
                          MakeCredentialParams("example.com", {1}, Cdh()));
  BOOST_TEST(plain.status == 0);
  BOOST_TEST((ParseAuthData(GetBytes(plain.Get(2)))->flags & 0x04) == 0);

  Bytes token;
  BOOST_REQUIRE_EQUAL(pin.GetToken("1234", 0x01, "example.com", &token), 0);
  auto with_pin = [&](const std::string& rp, const Bytes& param,
                      uint64_t protocol) {
    return With(
        With(MakeCredentialParams(rp, {1}, Cdh(), true), 8, cbor::Bytes(param)),
        9, cbor::Uint(protocol));
  };
  // Missing protocol, unsupported protocol, wrong param.
  BOOST_TEST(h.Send(Command::kMakeCredential,
                    With(MakeCredentialParams("example.com", {1}, Cdh(), true),
                         8, cbor::Bytes(pin.Authenticate(token, Cdh()))))
                 .status == 0x14);
  BOOST_TEST(h.Send(Command::kMakeCredential,
                    with_pin("example.com", pin.Authenticate(token, Cdh()), 3))
                 .status == 0x02);
  BOOST_TEST(h.Send(Command::kMakeCredential,
                    with_pin("example.com", pin.Authenticate(token, Cdh(7)), 2))
                 .status == 0x33);
  // Bound to another RP (step 11.1.3).
  BOOST_TEST(
      h.Send(Command::kMakeCredential,
             with_pin("other.example", pin.Authenticate(token, Cdh()), 2))
          .status == 0x33);
  Response ok =
      h.Send(Command::kMakeCredential,
             with_pin("example.com", pin.Authenticate(token, Cdh()), 2));
  BOOST_REQUIRE_EQUAL(ok.status, 0);
  BOOST_TEST(ParseAuthData(GetBytes(ok.Get(2)))->flags == 0x45);  // UP|UV|AT
  // CTAP 2.1 §6.1.2: after use with a touch the token loses its permissions.
  BOOST_TEST(h.Send(Command::kMakeCredential,
                    with_pin("example.com", pin.Authenticate(token, Cdh()), 2))
                 .status == 0x33);
  // A token without mc (step 11.1.2).
  BOOST_REQUIRE_EQUAL(pin.GetToken("1234", 0x02, "example.com", &token), 0);
  BOOST_TEST(h.Send(Command::kMakeCredential,
                    with_pin("example.com", pin.Authenticate(token, Cdh()), 2))
                 .status == 0x33);
}

// CTAP 2.1 §6.1.2 step 11.1.2: a token without the mc permission answers
// CTAP2_ERR_PIN_AUTH_INVALID, and nothing is stored.
BOOST_AUTO_TEST_CASE(step_11_1_2_token_without_mc_is_pin_auth_invalid) {
  Harness h;
  PinClient pin(h, 2);
  Bytes token = pin.SetPinAndGetToken("1234", 0x02, "example.com");
  size_t before = h.store.state().credentials.size();
  Response r = h.Send(
      Command::kMakeCredential,
      pin.WithPinAuth(MakeCredentialParams("example.com", {1}, Cdh(), true), 8,
                      token, Cdh()));
  BOOST_TEST(r.status == 0x33);
  BOOST_TEST(!r.asked_presence);
  BOOST_TEST(h.store.state().credentials.size() == before);
}

// CTAP 2.1 §6.1.2 step 11.1.3: a permissions RP ID other than rp.id answers
// CTAP2_ERR_PIN_AUTH_INVALID; the token's own RP still works.
BOOST_AUTO_TEST_CASE(step_11_1_3_other_permissions_rp_id_is_pin_auth_invalid) {
  Harness h;
  PinClient pin(h, 1);
  Bytes token = pin.SetPinAndGetToken("1234", 0x01, "example.com");
  Response r = h.Send(
      Command::kMakeCredential,
      pin.WithPinAuth(MakeCredentialParams("other.example", {1}, Cdh(), true),
                      8, token, Cdh()));
  BOOST_TEST(r.status == 0x33);
  BOOST_TEST(h.store.state().credentials.empty());
  r = h.Send(
      Command::kMakeCredential,
      pin.WithPinAuth(MakeCredentialParams("example.com", {1}, Cdh(), true), 8,
                      token, Cdh()));
  BOOST_TEST(r.status == 0);
}

// docs/protocol/ctap.md §6.4 "clientDataHash length": a clientDataHash that
// is not 32 bytes answers CTAP1_ERR_INVALID_LENGTH without a touch and stores
// nothing.
BOOST_AUTO_TEST_CASE(client_data_hash_of_16_or_33_bytes_is_invalid_length) {
  Harness h;
  for (size_t size : {0u, 16u, 31u, 33u, 64u}) {
    Response r =
        h.Send(Command::kMakeCredential,
               With(MakeCredentialParams("example.com", {1}, Cdh(), true), 1,
                    cbor::Bytes(Bytes(size, 0x11))));
    BOOST_TEST(r.status == 0x03, "size " << size);
    BOOST_TEST(!r.asked_presence);
  }
  BOOST_TEST(h.store.state().credentials.empty());
  BOOST_TEST(h.Send(Command::kMakeCredential,
                    MakeCredentialParams("example.com", {1}, Cdh(), true))
                 .status == 0);
}

BOOST_AUTO_TEST_CASE(extensions_in_auth_data) {
  Harness h;
  Response r = h.Send(Command::kMakeCredential,
                      With(MakeCredentialParams("example.com", {1}, Cdh()), 6,
                           cbor::MapBuilder()
                               .Add("hmac-secret", cbor::Bool(true))
                               .Add("credProtect", cbor::Uint(2))
                               .Add("unknownExt", cbor::Text("x"))
                               .Build()));
  BOOST_REQUIRE_EQUAL(r.status, 0);
  auto ad = ParseAuthData(GetBytes(r.Get(2)));
  BOOST_REQUIRE(ad.has_value());
  BOOST_TEST((ad->flags & 0x80) != 0);
  BOOST_TEST(cbor::AsBool(cbor::MapGetText(ad->extensions.get(), "hmac-secret"))
                 .value());
  BOOST_TEST(GetInt(cbor::MapGetText(ad->extensions.get(), "credProtect")) ==
             2);
  BOOST_TEST(
      h.Send(Command::kMakeCredential,
             With(MakeCredentialParams("example.com", {1}, Cdh()), 6,
                  cbor::MapBuilder().Add("credProtect", cbor::Uint(4)).Build()))
          .status == 0x02);
}

BOOST_AUTO_TEST_CASE(failed_commit_changes_nothing) {
  Harness h;
  h.store.set_fail_commits(true);
  BOOST_TEST(h.Send(Command::kMakeCredential,
                    MakeCredentialParams("example.com", {1}, Cdh(), true))
                 .status == 0x7F);
  BOOST_TEST(h.store.state().credentials.empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::ctap2
