// The credBlob (CTAP 2.1 §12.2) and largeBlobKey (§12.3) extensions through
// makeCredential, getAssertion, getNextAssertion and credentialManagement.
#include <algorithm>
#include <boost/test/unit_test.hpp>

#include "ctap2_test_util.h"

namespace hsm::ctap2 {
namespace {

using namespace testing;

const char kRp[] = "blob.example";

Response MakeCred(Harness& h, uint8_t user, bool rk, cbor::Item ext) {
  return h.Send(
      Command::kMakeCredential,
      With(MakeCredentialParams(kRp, {user}, Cdh(), rk), 6, std::move(ext)));
}

Response Assert(Harness& h, cbor::Item ext,
                std::optional<Bytes> allow = std::nullopt) {
  cbor::MapBuilder b;
  b.Add(1, cbor::Text(kRp)).Add(2, cbor::Bytes(Cdh())).Add(4, std::move(ext));
  if (allow) {
    b.Add(3, cbor::ArrayBuilder().Add(Descriptor(*allow)).Build());
  }
  return h.Send(Command::kGetAssertion, b.Build());
}

const cbor_item_t* ExtOutput(const Response& r, uint64_t auth_data_key,
                             const char* name, cbor::Item* keep) {
  auto ad = ParseAuthData(GetBytes(r.Get(auth_data_key)));
  if (!ad || !(ad->flags & 0x80)) return nullptr;
  *keep = std::move(ad->extensions);
  return cbor::MapGetText(keep->get(), name);
}

cbor::Item CredBlobIn(const Bytes& blob) {
  return cbor::MapBuilder().Add("credBlob", cbor::Bytes(blob)).Build();
}
cbor::Item Flag(const char* name, bool value) {
  return cbor::MapBuilder().Add(name, cbor::Bool(value)).Build();
}

BOOST_AUTO_TEST_SUITE(ctap2_blob_extensions)

// §12.2 makeCredential: a credBlob of at most maxCredBlobLength is stored
// with the credential and answered credBlob: true; getAssertion credBlob:
// true returns it in the authData extensions.
BOOST_AUTO_TEST_CASE(s12_2_cred_blob_stored_and_returned) {
  Harness h;
  Bytes blob(32, 0xCB);
  Response mc = MakeCred(h, 1, true, CredBlobIn(blob));
  BOOST_REQUIRE_EQUAL(mc.status, 0);
  cbor::Item keep;
  const cbor_item_t* out = ExtOutput(mc, 2, "credBlob", &keep);
  BOOST_REQUIRE(out != nullptr);
  BOOST_TEST(cbor::AsBool(out).value());
  BOOST_TEST(h.store.state().credentials.at(0).cred_blob == blob);

  Response ga = Assert(h, Flag("credBlob", true));
  BOOST_REQUIRE_EQUAL(ga.status, 0);
  out = ExtOutput(ga, 2, "credBlob", &keep);
  BOOST_REQUIRE(out != nullptr);
  BOOST_TEST(GetBytes(out) == blob);
  // Not asked (or false) → no credBlob output.
  ga = Assert(h, Flag("credBlob", false));
  BOOST_REQUIRE_EQUAL(ga.status, 0);
  BOOST_TEST(ExtOutput(ga, 2, "credBlob", &keep) == nullptr);
}

// §12.2: a credBlob longer than maxCredBlobLength stores nothing and is
// answered credBlob: false; the credential is still made, and its credBlob
// reads back empty.
BOOST_AUTO_TEST_CASE(s12_2_cred_blob_too_long_stores_nothing_answers_false) {
  Harness h;
  Response mc = MakeCred(h, 1, true, CredBlobIn(Bytes(33, 0xCB)));
  BOOST_REQUIRE_EQUAL(mc.status, 0);
  cbor::Item keep;
  const cbor_item_t* out = ExtOutput(mc, 2, "credBlob", &keep);
  BOOST_REQUIRE(out != nullptr);
  BOOST_TEST(!cbor::AsBool(out).value());
  BOOST_TEST(h.store.state().credentials.at(0).cred_blob.empty());
  Response ga = Assert(h, Flag("credBlob", true));
  BOOST_REQUIRE_EQUAL(ga.status, 0);
  out = ExtOutput(ga, 2, "credBlob", &keep);
  BOOST_REQUIRE(out != nullptr);
  BOOST_TEST(GetBytes(out).empty());
}

// §12.2 (docs/protocol/ctap.md §6.6 decision): a non-discoverable
// credential keeps no credBlob: answered false, read back empty.
BOOST_AUTO_TEST_CASE(s12_2_cred_blob_non_rk_answers_false) {
  Harness h;
  Response mc = MakeCred(h, 1, false, CredBlobIn(Bytes(4, 1)));
  BOOST_REQUIRE_EQUAL(mc.status, 0);
  cbor::Item keep;
  const cbor_item_t* out = ExtOutput(mc, 2, "credBlob", &keep);
  BOOST_REQUIRE(out != nullptr);
  BOOST_TEST(!cbor::AsBool(out).value());
  Bytes id = ParseAuthData(GetBytes(mc.Get(2)))->credential_id;
  Response ga = Assert(h, Flag("credBlob", true), id);
  BOOST_REQUIRE_EQUAL(ga.status, 0);
  out = ExtOutput(ga, 2, "credBlob", &keep);
  BOOST_REQUIRE(out != nullptr);
  BOOST_TEST(GetBytes(out).empty());
}

// §12.2: wrong input types → CBOR_UNEXPECTED_TYPE, nothing made.
BOOST_AUTO_TEST_CASE(s12_2_cred_blob_wrong_type) {
  Harness h;
  BOOST_TEST(MakeCred(h, 1, true, Flag("credBlob", true)).status == 0x11);
  BOOST_TEST(h.store.state().credentials.empty());
}

// §12.3 makeCredential: largeBlobKey: true on a discoverable credential
// returns a 32-byte key as member 0x05 and stores it; getAssertion with
// largeBlobKey: true returns the same key as 0x07, and not when not asked;
// credentialManagement enumerateCredentials lists it as 0x0B.
BOOST_AUTO_TEST_CASE(s12_3_large_blob_key_for_rk) {
  Harness h;
  PinClient pin(h, 2);
  Response mc = MakeCred(h, 1, true, Flag("largeBlobKey", true));
  BOOST_REQUIRE_EQUAL(mc.status, 0);
  Bytes key = GetBytes(mc.Get(5));
  BOOST_TEST(key.size() == 32u);
  BOOST_TEST(key != Bytes(32, 0));
  BOOST_TEST(h.store.state().credentials.at(0).large_blob_key.size() == 32u);
  // No extension output in authData for largeBlobKey.
  cbor::Item keep;
  BOOST_TEST(ExtOutput(mc, 2, "largeBlobKey", &keep) == nullptr);
  // A second credential gets another key.
  Response mc2 = MakeCred(h, 2, true, Flag("largeBlobKey", true));
  BOOST_REQUIRE_EQUAL(mc2.status, 0);
  BOOST_TEST(GetBytes(mc2.Get(5)) != key);
  // Without the extension: no 0x05.
  Response mc3 = MakeCred(h, 3, true, cbor::MapBuilder().Build());
  BOOST_REQUIRE_EQUAL(mc3.status, 0);
  BOOST_TEST(mc3.Get(5) == nullptr);

  Bytes id = ParseAuthData(GetBytes(mc.Get(2)))->credential_id;
  Response ga = Assert(h, Flag("largeBlobKey", true), id);
  BOOST_REQUIRE_EQUAL(ga.status, 0);
  BOOST_TEST(GetBytes(ga.Get(7)) == key);
  ga = Assert(h, cbor::MapBuilder().Build(), id);
  BOOST_REQUIRE_EQUAL(ga.status, 0);
  BOOST_TEST(ga.Get(7) == nullptr);

  // getAssertion without allowList + getNextAssertion: newest first (user 3
  // has no key, so no 0x07), then user 2's and user 1's keys.
  ga = Assert(h, Flag("largeBlobKey", true));
  BOOST_REQUIRE_EQUAL(ga.status, 0);
  BOOST_TEST(GetInt(ga.Get(5)) == 3);
  BOOST_TEST(ga.Get(7) == nullptr);
  Response next = h.SendRaw(0x08, {});
  BOOST_REQUIRE_EQUAL(next.status, 0);
  BOOST_TEST(GetBytes(next.Get(7)) == GetBytes(mc2.Get(5)));
  next = h.SendRaw(0x08, {});
  BOOST_REQUIRE_EQUAL(next.status, 0);
  BOOST_TEST(GetBytes(next.Get(7)) == key);

  // §6.8.4 enumerateCredentials: 0x0B for credentials that have a key.
  Bytes cm = pin.SetPinAndGetToken("1234", 0x04, std::nullopt);
  cbor::Item sub =
      cbor::MapBuilder().Add(1, cbor::Bytes(Sha256(ToBytes(kRp)))).Build();
  Bytes message{0x04};
  Bytes encoded = cbor::Encode(sub.get());
  message.insert(message.end(), encoded.begin(), encoded.end());
  cbor::MapBuilder b;
  b.Add(1, cbor::Uint(4))
      .Add(2, std::move(sub))
      .Add(3, cbor::Uint(2))
      .Add(4, cbor::Bytes(pin.Authenticate(cm, message)));
  Response first = h.SendRaw(0x0A, cbor::Encode(b.Build().get()));
  BOOST_REQUIRE_EQUAL(first.status, 0);
  std::vector<Bytes> keys;
  keys.push_back(first.Get(0x0B) ? GetBytes(first.Get(0x0B)) : Bytes());
  for (int i = 1; i < 3; ++i) {
    Response r = h.SendRaw(0x0A, {0xA1, 0x01, 0x05});
    BOOST_REQUIRE_EQUAL(r.status, 0);
    keys.push_back(r.Get(0x0B) ? GetBytes(r.Get(0x0B)) : Bytes());
  }
  std::sort(keys.begin(), keys.end());
  std::vector<Bytes> expected{Bytes(), key, GetBytes(mc2.Get(5))};
  std::sort(expected.begin(), expected.end());
  BOOST_TEST(keys == expected);
}

// §12.3: largeBlobKey for a non-discoverable credential → INVALID_OPTION
// (docs/protocol/ctap.md §6.6), and so is the value false, in
// makeCredential and getAssertion. Nothing is made.
BOOST_AUTO_TEST_CASE(s12_3_large_blob_key_on_non_rk_invalid_option) {
  Harness h;
  BOOST_TEST(MakeCred(h, 1, false, Flag("largeBlobKey", true)).status == 0x2C);
  BOOST_TEST(MakeCred(h, 1, true, Flag("largeBlobKey", false)).status == 0x2C);
  BOOST_TEST(h.store.state().credentials.empty());
  BOOST_REQUIRE_EQUAL(MakeCred(h, 1, true, cbor::MapBuilder().Build()).status,
                      0);
  BOOST_TEST(Assert(h, Flag("largeBlobKey", false)).status == 0x2C);
}

// The per-credential blob and key survive a power cycle (they are part of
// the committed state).
BOOST_AUTO_TEST_CASE(blob_and_key_survive_power_cycle) {
  Harness h;
  cbor::Item ext = cbor::MapBuilder()
                       .Add("credBlob", cbor::Bytes(Bytes{1, 2, 3}))
                       .Add("largeBlobKey", cbor::Bool(true))
                       .Build();
  Response mc = MakeCred(h, 1, true, std::move(ext));
  BOOST_REQUIRE_EQUAL(mc.status, 0);
  h.PowerCycle();
  Response ga = Assert(h, cbor::MapBuilder()
                              .Add("credBlob", cbor::Bool(true))
                              .Add("largeBlobKey", cbor::Bool(true))
                              .Build());
  BOOST_REQUIRE_EQUAL(ga.status, 0);
  cbor::Item keep;
  BOOST_TEST(GetBytes(ExtOutput(ga, 2, "credBlob", &keep)) == Bytes({1, 2, 3}));
  BOOST_TEST(GetBytes(ga.Get(7)) == GetBytes(mc.Get(5)));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::ctap2
