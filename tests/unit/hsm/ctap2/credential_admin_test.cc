// Credential injection and description for a test rig
// (hsm/ctap2/credential_admin.h): an imported key signs getAssertion
// answers that verify with the public key computed independently (RFC 6979
// A.2.5's P-256 key pair), and nothing is changed on a refusal.
#include "hsm/ctap2/credential_admin.h"

#include <boost/test/unit_test.hpp>

#include "ctap2_test_util.h"
#include "hex.h"

namespace hsm::ctap2 {
namespace {

using namespace testing;
using keybridge::testing::FromHex;

// RFC 6979 A.2.5: private key x and public key (Ux, Uy).
const Bytes kScalar =
    FromHex("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721");
const Bytes kPublic = FromHex(
    "04"
    "60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6"
    "7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299");

CredentialImport Request(bool resident = true, Bytes user_id = {1, 2, 3}) {
  CredentialImport r;
  r.rp_id = "example.com";
  r.user_id = std::move(user_id);
  r.user_name = "alice";
  r.private_key = SecretBytes(kScalar);
  r.resident = resident;
  return r;
}

Result<CredentialInfo, AdminError> Import(Harness& h,
                                          const CredentialImport& r) {
  return ImportCredential(h.platform, h.store, h.auth->config(),
                          h.auth->signing_keys(), r);
}

cbor::Item GaParams(const std::string& rp, const Bytes& cdh,
                    const std::optional<Bytes>& allow = {}) {
  cbor::MapBuilder b;
  b.Add(1, cbor::Text(rp)).Add(2, cbor::Bytes(cdh));
  if (allow) b.Add(3, cbor::ArrayBuilder().Add(Descriptor(*allow)).Build());
  return b.Build();
}

cbor::Item DecodeCose(const Bytes& bytes) {
  cbor_load_result result;
  return cbor::Item(cbor_load(bytes.data(), bytes.size(), &result));
}

bool AssertionVerifies(const Response& r, const Bytes& cose, const Bytes& cdh) {
  Bytes signed_data = GetBytes(r.Get(2));
  signed_data.insert(signed_data.end(), cdh.begin(), cdh.end());
  return VerifyCoseSignature(DecodeCose(cose).get(), signed_data,
                             GetBytes(r.Get(3)));
}

BOOST_AUTO_TEST_SUITE(ctap2_credential_admin)

BOOST_AUTO_TEST_CASE(resident_import_signs_discoverable_assertions) {
  Harness h;
  auto info = Import(h, Request());
  BOOST_REQUIRE(info.ok());
  BOOST_TEST(info->id.size() == 64u);
  BOOST_TEST(info->public_key == kPublic);
  BOOST_TEST(info->resident);
  BOOST_TEST(info->alg == kAlgEs256);
  BOOST_REQUIRE_EQUAL(h.store.state().credentials.size(), 1u);

  Response r = h.Send(Command::kGetAssertion, GaParams("example.com", Cdh(9)));
  BOOST_REQUIRE_EQUAL(r.status, 0);
  BOOST_TEST(GetBytes(cbor::MapGetText(r.Get(1), "id")) == info->id);
  BOOST_TEST(GetBytes(cbor::MapGetText(r.Get(4), "id")) == (Bytes{1, 2, 3}));
  BOOST_TEST(AssertionVerifies(r, info->cose_public_key, Cdh(9)));
}

BOOST_AUTO_TEST_CASE(non_resident_import_works_from_an_allow_list) {
  Harness h;
  auto info = Import(h, Request(/*resident=*/false));
  BOOST_REQUIRE(info.ok());
  BOOST_TEST(!info->resident);
  BOOST_TEST(h.store.state().credentials.empty());
  BOOST_TEST(!h.store.state().wrap_key.empty());  // created for the ID

  Response r =
      h.Send(Command::kGetAssertion, GaParams("example.com", Cdh(4), info->id));
  BOOST_REQUIRE_EQUAL(r.status, 0);
  BOOST_TEST(AssertionVerifies(r, info->cose_public_key, Cdh(4)));
  // Another RP cannot use it.
  Response other =
      h.Send(Command::kGetAssertion, GaParams("other.com", Cdh(4), info->id));
  BOOST_TEST(other.status == uint8_t{0x2E});  // NO_CREDENTIALS

  // Found with its RP only; never by ID alone (it is not stored).
  auto found = DescribeCredential(h.store.state(), info->id, "example.com");
  BOOST_REQUIRE(found.ok());
  BOOST_TEST(found->public_key == kPublic);
  auto alone = DescribeCredential(h.store.state(), info->id);
  BOOST_REQUIRE(!alone.ok());
  BOOST_TEST((alone.error() == AdminError::kNotFound));
}

BOOST_AUTO_TEST_CASE(describes_made_credentials_by_id_and_rp) {
  Harness h;
  Response mc = h.Send(Command::kMakeCredential,
                       MakeCredentialParams("example.com", {7}, Cdh(), true));
  BOOST_REQUIRE_EQUAL(mc.status, 0);
  auto ad = ParseAuthData(GetBytes(mc.Get(2)));
  BOOST_REQUIRE(ad.has_value());
  auto info = DescribeCredential(h.store.state(), ad->credential_id);
  BOOST_REQUIRE(info.ok());
  BOOST_TEST(info->resident);
  BOOST_TEST(info->user_id == (Bytes{7}));
  BOOST_TEST(info->cose_public_key == cbor::Encode(ad->public_key.get()));

  BOOST_REQUIRE(Import(h, Request(true, {8})).ok());
  auto all = DescribeResidentCredentials(h.store.state(), "example.com");
  BOOST_REQUIRE(all.ok());
  BOOST_REQUIRE_EQUAL(all->size(), 2u);
  BOOST_TEST((*all)[0].user_id == (Bytes{8}));  // newest first
  BOOST_TEST(
      DescribeResidentCredentials(h.store.state(), "none.example")->empty());
  BOOST_TEST(DescribeResidentCredentials(h.store.state(), "")->size() == 2u);
}

BOOST_AUTO_TEST_CASE(bad_requests_change_nothing) {
  Harness h;
  std::vector<CredentialImport> bad;
  bad.push_back(Request());
  bad.back().rp_id.clear();
  bad.push_back(Request(true, {}));
  bad.push_back(Request(true, Bytes(65, 1)));
  bad.push_back(Request());
  bad.back().private_key = SecretBytes(Bytes(32, 0));  // d = 0
  bad.push_back(Request());
  bad.back().private_key = SecretBytes(Bytes(32, 0xFF));  // d >= n
  bad.push_back(Request());
  bad.back().private_key = SecretBytes(Bytes(31, 1));
  for (const auto& r : bad) {
    auto info = Import(h, r);
    BOOST_REQUIRE(!info.ok());
    BOOST_TEST((info.error() == AdminError::kInvalidArgument));
  }
  BOOST_TEST(h.store.commits() == 0);
}

BOOST_AUTO_TEST_CASE(same_user_replaces_and_a_full_store_refuses) {
  AuthenticatorConfig config;
  config.max_resident_credentials = 1;
  Harness h(config);
  auto first = Import(h, Request());
  BOOST_REQUIRE(first.ok());
  auto again = Import(h, Request());  // same (rp, user): replaces
  BOOST_REQUIRE(again.ok());
  BOOST_TEST(again->id != first->id);
  BOOST_REQUIRE_EQUAL(h.store.state().credentials.size(), 1u);
  BOOST_TEST(h.store.state().credentials[0].id == again->id);
  auto full = Import(h, Request(true, {9}));
  BOOST_REQUIRE(!full.ok());
  BOOST_TEST((full.error() == AdminError::kKeyStoreFull));
}

BOOST_AUTO_TEST_CASE(a_replaced_credential_leaves_the_signing_key_cache) {
  Harness h;
  auto first = Import(h, Request());
  BOOST_REQUIRE(first.ok());
  auto sign = [&] {
    return h.Send(Command::kGetAssertion, GaParams("example.com", Cdh(3)));
  };
  BOOST_REQUIRE_EQUAL(sign().status, 0);
  BOOST_TEST(h.auth->cached_signing_keys() == 1u);
  // Same (rp, user), another key: the old key is no longer held.
  CredentialImport other = Request();
  Bytes scalar = kScalar;
  scalar.back() ^= 0x01;
  other.private_key = SecretBytes(scalar);
  auto second = Import(h, other);
  BOOST_REQUIRE(second.ok());
  BOOST_TEST(h.auth->cached_signing_keys() == 0u);
  // The new credential signs with the new key.
  Response r = sign();
  BOOST_REQUIRE_EQUAL(r.status, 0);
  BOOST_TEST(GetBytes(cbor::MapGetText(r.Get(1), "id")) == second->id);
  BOOST_TEST(AssertionVerifies(r, second->cose_public_key, Cdh(3)));
  BOOST_TEST(!AssertionVerifies(r, first->cose_public_key, Cdh(3)));
  BOOST_TEST(h.auth->cached_signing_keys() == 1u);
  // A non-resident import replaces nothing and drops nothing.
  BOOST_REQUIRE(Import(h, Request(/*resident=*/false)).ok());
  BOOST_TEST(h.auth->cached_signing_keys() == 1u);
}

BOOST_AUTO_TEST_CASE(failed_commit_changes_nothing) {
  Harness h;
  h.store.set_fail_commits(true);
  auto info = Import(h, Request());
  BOOST_REQUIRE(!info.ok());
  BOOST_TEST((info.error() == AdminError::kStorage));
  BOOST_TEST(h.store.state().credentials.empty());
  BOOST_TEST(h.store.state().wrap_key.empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::ctap2
