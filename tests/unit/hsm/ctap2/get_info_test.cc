// authenticatorGetInfo (CTAP 2.1 §6.4).
#include <boost/test/unit_test.hpp>

#include "ctap2_test_util.h"

namespace hsm::ctap2 {
namespace {

using namespace testing;

std::vector<std::string> Texts(const cbor_item_t* array) {
  std::vector<std::string> out;
  for (size_t i = 0; array && i < cbor_array_size(array); ++i) {
    auto t = cbor::AsText(cbor_array_handle(array)[i]);
    out.push_back(t.ok() ? std::string(*t) : "?");
  }
  return out;
}

BOOST_AUTO_TEST_SUITE(ctap2_get_info)

BOOST_AUTO_TEST_CASE(advertises_what_clients_need) {
  Harness h;
  Response r = h.SendRaw(0x04, {});
  BOOST_REQUIRE_EQUAL(r.status, 0);
  BOOST_TEST(!r.asked_presence);
  auto versions = Texts(r.Get(1));
  BOOST_TEST((std::find(versions.begin(), versions.end(), "FIDO_2_0") !=
              versions.end()));
  // CTAP 2.1 §6.4: "U2F_V2" for an authenticator that speaks CTAP1/U2F.
  BOOST_TEST((std::find(versions.begin(), versions.end(), "U2F_V2") !=
              versions.end()));
  BOOST_TEST((std::find(versions.begin(), versions.end(), "FIDO_2_1") !=
              versions.end()));
  BOOST_TEST(Texts(r.Get(2)) ==
             std::vector<std::string>({"credBlob", "credProtect", "hmac-secret",
                                       "largeBlobKey", "minPinLength"}));
  BOOST_TEST(GetBytes(r.Get(3)) == Bytes(h.auth->config().aaguid.begin(),
                                         h.auth->config().aaguid.end()));
  const cbor_item_t* options = r.Get(4);
  BOOST_REQUIRE(options != nullptr);
  // Every option value is a bool (libfido2 1.12).
  struct cbor_pair* pairs = cbor_map_handle(options);
  for (size_t i = 0; i < cbor_map_size(options); ++i) {
    BOOST_TEST(cbor_is_bool(pairs[i].value));
  }
  auto opt = [&](const char* name) {
    auto v = cbor::AsBool(cbor::MapGetText(options, name));
    return v.ok() ? std::optional<bool>(*v) : std::nullopt;
  };
  BOOST_TEST((opt("rk") == std::optional<bool>(true)));
  BOOST_TEST((opt("up") == std::optional<bool>(true)));
  BOOST_TEST((opt("plat") == std::optional<bool>(false)));
  BOOST_TEST((opt("clientPin") == std::optional<bool>(false)));
  BOOST_TEST((opt("credMgmt") == std::optional<bool>(true)));
  BOOST_TEST((opt("credentialMgmtPreview") == std::optional<bool>(true)));
  BOOST_TEST((opt("pinUvAuthToken") == std::optional<bool>(true)));
  BOOST_TEST((opt("makeCredUvNotRqd") == std::optional<bool>(true)));
  // CTAP 2.1 §6.11: authenticatorConfig with both sub-commands.
  BOOST_TEST((opt("authnrCfg") == std::optional<bool>(true)));
  BOOST_TEST((opt("setMinPINLength") == std::optional<bool>(true)));
  BOOST_TEST((opt("alwaysUv") == std::optional<bool>(false)));
  // CTAP 2.1 §6.10: authenticatorLargeBlobs.
  BOOST_TEST((opt("largeBlobs") == std::optional<bool>(true)));
  BOOST_TEST(!opt("uv").has_value());
  BOOST_TEST(cbor::AsBool(r.Get(0x0C)).value() == false);  // forcePINChange
  BOOST_TEST(GetInt(r.Get(0x0D)) == 4);                    // minPINLength
  BOOST_TEST(GetInt(r.Get(0x10)) == 8);  // maxRPIDsForSetMinPINLength
  // §6.4: maxSerializedLargeBlobArray >= 1024, maxCredBlobLength >= 32.
  BOOST_TEST(GetInt(r.Get(0x0B)) == 4096);
  BOOST_TEST(GetInt(r.Get(0x0F)) == 32);
  BOOST_TEST(GetInt(r.Get(5)) == 1200);
  const cbor_item_t* protocols = r.Get(6);
  BOOST_REQUIRE(protocols && cbor_array_size(protocols) == 2);
  BOOST_TEST(GetInt(cbor_array_handle(protocols)[0]) == 2);
  BOOST_TEST(GetInt(cbor_array_handle(protocols)[1]) == 1);
  BOOST_TEST(GetInt(r.Get(8)) == 64);
  BOOST_TEST(Texts(r.Get(9)) == std::vector<std::string>({"usb"}));
  const cbor_item_t* algs = r.Get(10);
  BOOST_REQUIRE(algs && cbor_array_size(algs) == 2);
  BOOST_TEST(GetInt(cbor::MapGetText(cbor_array_handle(algs)[0], "alg")) == -7);
  BOOST_TEST(GetInt(r.Get(0x14)) == 50);
}

BOOST_AUTO_TEST_CASE(client_pin_and_remaining_credentials_follow_state) {
  Harness h;
  PinClient pin(h, 2);
  Bytes token = pin.SetPinAndGetToken("1234", 0x01, "example.com");
  Response made = h.Send(
      Command::kMakeCredential,
      pin.WithPinAuth(MakeCredentialParams("example.com", {1}, Cdh(), true), 8,
                      token, Cdh()));
  BOOST_REQUIRE_EQUAL(made.status, 0);
  Response r = h.SendRaw(0x04, {});
  BOOST_TEST(cbor::AsBool(cbor::MapGetText(r.Get(4), "clientPin")).value() ==
             true);
  BOOST_TEST(GetInt(r.Get(0x14)) == 49);
}

BOOST_AUTO_TEST_CASE(unknown_command_and_bad_payloads) {
  Harness h;
  BOOST_TEST(h.SendRaw(0x03, {}).status == 0x01);      // INVALID_COMMAND
  BOOST_TEST(h.SendRaw(0x09, {}).status == 0x01);      // bioEnrollment: none
  BOOST_TEST(h.SendRaw(0x01, {0xA1}).status == 0x12);  // INVALID_CBOR
  BOOST_TEST(h.SendRaw(0x01, {0x80}).status == 0x11);  // not a map
  BOOST_TEST(h.SendRaw(0x01, {}).status == 0x14);      // MISSING_PARAMETER
  auto outcome = h.auth->Handle(0x10, {}, PresenceGrant::kNotRequested);
  BOOST_TEST((outcome.kind == ctaphid::AppOutcome::Kind::kError));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::ctap2
