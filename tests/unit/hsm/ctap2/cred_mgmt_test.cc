// authenticatorCredentialManagement (CTAP 2.1 §6.8), on 0x0A and 0x41.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <set>

#include "ctap2_test_util.h"

namespace hsm::ctap2 {
namespace {

using namespace testing;
namespace data = boost::unit_test::data;

struct Fixture {
  Fixture() : pin(h, 2) {
    BOOST_REQUIRE_EQUAL(pin.SetPin("1234"), 0);
    for (auto [rp, user] :
         {std::pair{"a.example", 1}, std::pair{"a.example", 2},
          std::pair{"b.example", 3}}) {
      Bytes token;
      BOOST_REQUIRE_EQUAL(pin.GetToken("1234", 0x01, rp, &token), 0);
      Response r = h.Send(
          Command::kMakeCredential,
          pin.WithPinAuth(MakeCredentialParams(rp, {static_cast<uint8_t>(user)},
                                               Cdh(), true),
                          8, token, Cdh()));
      BOOST_REQUIRE_EQUAL(r.status, 0);
      ids.push_back(ParseAuthData(GetBytes(r.Get(2)))->credential_id);
    }
    BOOST_REQUIRE_EQUAL(pin.GetToken("1234", 0x04, std::nullopt, &cm_token), 0);
  }

  // Sends sub-command `sub` with optional params, authorized by `token`.
  Response Cm(uint8_t command, uint8_t sub, cbor::Item params = nullptr,
              bool authorize = true) {
    cbor::MapBuilder b;
    b.Add(1, cbor::Uint(sub));
    Bytes message{sub};
    if (params) {
      Bytes encoded = cbor::Encode(params.get());
      message.insert(message.end(), encoded.begin(), encoded.end());
      b.Add(2, std::move(params));
    }
    if (authorize) {
      b.Add(3, cbor::Uint(2))
          .Add(4, cbor::Bytes(pin.Authenticate(cm_token, message)));
    }
    return h.SendRaw(command, cbor::Encode(b.Build().get()));
  }

  Harness h;
  PinClient pin;
  Bytes cm_token;
  std::vector<Bytes> ids;
};

BOOST_AUTO_TEST_SUITE(ctap2_cred_mgmt)

BOOST_DATA_TEST_CASE(metadata_and_enumeration, data::make({0x0A, 0x41}),
                     command) {
  Fixture f;
  uint8_t cmd = static_cast<uint8_t>(command);
  Response meta = f.Cm(cmd, 1);
  BOOST_REQUIRE_EQUAL(meta.status, 0);
  BOOST_TEST(GetInt(meta.Get(1)) == 3);
  BOOST_TEST(GetInt(meta.Get(2)) == 47);

  Response rp1 = f.Cm(cmd, 2);
  BOOST_REQUIRE_EQUAL(rp1.status, 0);
  BOOST_TEST(GetInt(rp1.Get(5)) == 2);
  Response rp2 = f.Cm(cmd, 3, nullptr, false);
  BOOST_REQUIRE_EQUAL(rp2.status, 0);
  std::set<std::string> rps;
  for (const Response* r : {&rp1, &rp2}) {
    std::string id(cbor::AsText(cbor::MapGetText(r->Get(3), "id")).value());
    rps.insert(id);
    BOOST_TEST(GetBytes(r->Get(4)) == Sha256(ToBytes(id)));
  }
  BOOST_TEST((rps == std::set<std::string>{"a.example", "b.example"}));
  BOOST_TEST(f.Cm(cmd, 3, nullptr, false).status == 0x30);  // no more

  Response c1 = f.Cm(cmd, 4,
                     cbor::MapBuilder()
                         .Add(1, cbor::Bytes(Sha256(ToBytes("a.example"))))
                         .Build());
  BOOST_REQUIRE_EQUAL(c1.status, 0);
  BOOST_TEST(GetInt(c1.Get(9)) == 2);
  BOOST_TEST(GetInt(c1.Get(10)) == 1);
  BOOST_TEST(GetInt(cbor::MapGet(c1.Get(8), 3)) == -7);
  Response c2 = f.Cm(cmd, 5, nullptr, false);
  BOOST_REQUIRE_EQUAL(c2.status, 0);
  std::set<Bytes> users{GetBytes(cbor::MapGetText(c1.Get(6), "id")),
                        GetBytes(cbor::MapGetText(c2.Get(6), "id"))};
  BOOST_TEST((users == std::set<Bytes>{{1}, {2}}));
  BOOST_TEST(cbor::AsText(cbor::MapGetText(c1.Get(6), "name")).value() ==
             "alice");
  BOOST_TEST(f.Cm(cmd, 5, nullptr, false).status == 0x30);
  BOOST_TEST(
      f.Cm(cmd, 4, cbor::MapBuilder().Add(1, cbor::Bytes(Bytes(32, 0))).Build())
          .status == 0x2E);
}

BOOST_AUTO_TEST_CASE(authorization_errors) {
  Fixture f;
  BOOST_TEST(f.Cm(0x0A, 1, nullptr, false).status == 0x36);  // PUAT_REQUIRED
  BOOST_TEST(f.Cm(0x0A, 3, nullptr, false).status ==
             0x30);  // next without begin
  f.cm_token[0] ^= 1;
  BOOST_TEST(f.Cm(0x0A, 1).status == 0x33);
  // A token without cm.
  BOOST_REQUIRE_EQUAL(f.pin.GetToken("1234", 0x02, "a.example", &f.cm_token),
                      0);
  BOOST_TEST(f.Cm(0x0A, 1).status == 0x33);
  BOOST_TEST(f.Cm(0x0A, 0x20).status == 0x3E);
}

BOOST_AUTO_TEST_CASE(enumeration_state_ends_with_another_command) {
  Fixture f;
  BOOST_REQUIRE_EQUAL(f.Cm(0x0A, 2).status, 0);
  f.h.SendRaw(0x04, {});
  BOOST_TEST(f.Cm(0x0A, 3, nullptr, false).status == 0x30);
}

BOOST_AUTO_TEST_CASE(delete_and_update) {
  Fixture f;
  auto descriptor_params = [&](const Bytes& id) {
    return cbor::MapBuilder().Add(2, Descriptor(id)).Build();
  };
  // Sign once with the first two credentials: their keys are cached.
  for (int i : {0, 1}) {
    cbor::MapBuilder sign;
    sign.Add(1, cbor::Text("a.example"))
        .Add(2, cbor::Bytes(Cdh()))
        .Add(3, cbor::ArrayBuilder().Add(Descriptor(f.ids[i])).Build());
    BOOST_REQUIRE_EQUAL(f.h.Send(Command::kGetAssertion, sign.Build()).status,
                        0);
  }
  // Their keys and the attestation key (from makeCredential).
  BOOST_TEST(f.h.auth->cached_signing_keys() == 3u);
  BOOST_REQUIRE_EQUAL(f.Cm(0x0A, 6, descriptor_params(f.ids[0])).status, 0);
  BOOST_TEST(f.h.store.state().credentials.size() == 2u);
  // §6.8.5: the deleted credential's cached key goes with it.
  BOOST_TEST(f.h.auth->cached_signing_keys() == 2u);
  BOOST_TEST(f.Cm(0x0A, 6, descriptor_params(f.ids[0])).status == 0x2E);
  // The deleted credential no longer signs even with its ID in an allowList.
  cbor::MapBuilder ga;
  ga.Add(1, cbor::Text("a.example"))
      .Add(2, cbor::Bytes(Cdh()))
      .Add(3, cbor::ArrayBuilder().Add(Descriptor(f.ids[0])).Build());
  BOOST_TEST(f.h.Send(Command::kGetAssertion, ga.Build()).status == 0x2E);
  BOOST_REQUIRE_EQUAL(f.pin.GetToken("1234", 0x04, std::nullopt, &f.cm_token),
                      0);

  auto update = [&](const Bytes& id, const Bytes& user_id) {
    return f.Cm(0x0A, 7,
                cbor::MapBuilder()
                    .Add(2, Descriptor(id))
                    .Add(3, cbor::MapBuilder()
                                .Add("id", cbor::Bytes(user_id))
                                .Add("name", cbor::Text("bob"))
                                .Build())
                    .Build());
  };
  BOOST_TEST(update(f.ids[1], {9}).status == 0x02);  // user.id mismatch
  BOOST_REQUIRE_EQUAL(update(f.ids[1], {2}).status, 0);
  for (const auto& c : f.h.store.state().credentials) {
    if (c.id == f.ids[1]) {
      BOOST_TEST(c.user_name == "bob");
      BOOST_TEST(c.user_display_name.empty());
    }
  }
}

BOOST_AUTO_TEST_CASE(rp_bound_token_limits_scope) {
  Fixture f;
  BOOST_REQUIRE_EQUAL(f.pin.GetToken("1234", 0x04, "b.example", &f.cm_token),
                      0);
  BOOST_TEST(f.Cm(0x0A, 1).status == 0x33);
  BOOST_TEST(f.Cm(0x0A, 4,
                  cbor::MapBuilder()
                      .Add(1, cbor::Bytes(Sha256(ToBytes("a.example"))))
                      .Build())
                 .status == 0x33);
  BOOST_TEST(f.Cm(0x0A, 4,
                  cbor::MapBuilder()
                      .Add(1, cbor::Bytes(Sha256(ToBytes("b.example"))))
                      .Build())
                 .status == 0);
}

// CTAP 2.1 §6.8.2 (getCredsMetadata): a token without cm, or with a
// permissions RP ID, answers CTAP2_ERR_PIN_AUTH_INVALID.
BOOST_AUTO_TEST_CASE(s6_8_2_get_creds_metadata_needs_cm_and_no_rp_id) {
  Fixture f;
  BOOST_REQUIRE_EQUAL(f.pin.GetToken("1234", 0x03, "a.example", &f.cm_token),
                      0);
  BOOST_TEST(f.Cm(0x0A, 1).status == 0x33);
  BOOST_REQUIRE_EQUAL(f.pin.GetToken("1234", 0x04, "a.example", &f.cm_token),
                      0);
  BOOST_TEST(f.Cm(0x0A, 1).status == 0x33);
}

// CTAP 2.1 §6.8.3 (enumerateRPsBegin): as §6.8.2.
BOOST_AUTO_TEST_CASE(s6_8_3_enumerate_rps_needs_cm_and_no_rp_id) {
  Fixture f;
  BOOST_REQUIRE_EQUAL(f.pin.GetToken("1234", 0x02, "a.example", &f.cm_token),
                      0);
  BOOST_TEST(f.Cm(0x0A, 2).status == 0x33);
  BOOST_REQUIRE_EQUAL(f.pin.GetToken("1234", 0x04, "b.example", &f.cm_token),
                      0);
  BOOST_TEST(f.Cm(0x0A, 2).status == 0x33);
}

// CTAP 2.1 §6.8.4 (enumerateCredentialsBegin): a permissions RP ID that is
// not the one of rpIDHash answers CTAP2_ERR_PIN_AUTH_INVALID, also for an RP
// without credentials.
BOOST_AUTO_TEST_CASE(s6_8_4_enumerate_credentials_needs_matching_rp_id) {
  Fixture f;
  BOOST_REQUIRE_EQUAL(f.pin.GetToken("1234", 0x04, "b.example", &f.cm_token),
                      0);
  for (const char* rp : {"a.example", "none.example"}) {
    BOOST_TEST(f.Cm(0x0A, 4,
                    cbor::MapBuilder()
                        .Add(1, cbor::Bytes(Sha256(ToBytes(rp))))
                        .Build())
                   .status == 0x33);
  }
}

// CTAP 2.1 §6.8.5 (deleteCredential): a permissions RP ID other than the
// credential's answers CTAP2_ERR_PIN_AUTH_INVALID and deletes nothing.
BOOST_AUTO_TEST_CASE(s6_8_5_delete_needs_the_credentials_rp_id) {
  Fixture f;
  BOOST_REQUIRE_EQUAL(f.pin.GetToken("1234", 0x04, "b.example", &f.cm_token),
                      0);
  BOOST_TEST(
      f.Cm(0x0A, 6, cbor::MapBuilder().Add(2, Descriptor(f.ids[0])).Build())
          .status == 0x33);
  BOOST_TEST(f.h.store.state().credentials.size() == 3u);
  BOOST_REQUIRE_EQUAL(f.pin.GetToken("1234", 0x01, std::nullopt, &f.cm_token),
                      0x14);  // mc needs an rpId
  BOOST_REQUIRE_EQUAL(f.pin.GetToken("1234", 0x02, "a.example", &f.cm_token),
                      0);
  BOOST_TEST(
      f.Cm(0x0A, 6, cbor::MapBuilder().Add(2, Descriptor(f.ids[0])).Build())
          .status == 0x33);  // no cm
  BOOST_TEST(f.h.store.state().credentials.size() == 3u);
}

// CTAP 2.1 §6.8.6 (updateUserInformation): as §6.8.5; the stored user is
// unchanged.
BOOST_AUTO_TEST_CASE(s6_8_6_update_needs_the_credentials_rp_id) {
  Fixture f;
  BOOST_REQUIRE_EQUAL(f.pin.GetToken("1234", 0x04, "b.example", &f.cm_token),
                      0);
  BOOST_TEST(f.Cm(0x0A, 7,
                  cbor::MapBuilder()
                      .Add(2, Descriptor(f.ids[0]))
                      .Add(3, cbor::MapBuilder()
                                  .Add("id", cbor::Bytes(Bytes{1}))
                                  .Add("name", cbor::Text("mallory"))
                                  .Build())
                      .Build())
                 .status == 0x33);
  for (const auto& c : f.h.store.state().credentials)
    BOOST_TEST(c.user_name != "mallory");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::ctap2
