// CTAP1/U2F on CTAPHID_MSG (FIDO U2F Raw Message Formats §3–§6, CTAP 2.1
// §10; docs/protocol/ctap.md §7): request APDUs in, `data ‖ SW` out.
// Signatures are checked with OpenSSL directly (the attestation certificate
// through d2i_X509, credential keys as COSE keys in ctap2_test_util.h).
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <boost/test/unit_test.hpp>

#include "ctap2_test_util.h"
#include "u2f_apdu.h"

namespace hsm::ctap2 {
namespace {

using namespace testing;

constexpr uint8_t kMsg = 0x03;

struct Answer {
  bool asked_presence = false;
  uint16_t sw = 0;
  Bytes data;
};

// Sends one MSG payload; a presence request is answered with `grant`.
Answer Msg(Harness& h, const Bytes& apdu,
           PresenceGrant grant = PresenceGrant::kApproved) {
  Answer a;
  auto outcome = h.auth->Handle(kMsg, apdu, PresenceGrant::kNotRequested);
  if (outcome.kind == ctaphid::AppOutcome::Kind::kNeedsPresence) {
    a.asked_presence = true;
    BOOST_TEST(!outcome.keepalive_while_waiting);
    outcome = h.auth->Handle(kMsg, apdu, grant);
  }
  BOOST_REQUIRE((outcome.kind == ctaphid::AppOutcome::Kind::kResponse));
  BOOST_REQUIRE(outcome.payload.size() >= 2);
  const Bytes& p = outcome.payload;
  a.sw = static_cast<uint16_t>((p[p.size() - 2] << 8) | p[p.size() - 1]);
  a.data.assign(p.begin(), p.end() - 2);
  return a;
}

// Extended-length APDU as python-fido2 and libfido2 build it.
Bytes Apdu(uint8_t ins, uint8_t p1, const Bytes& data, uint8_t cla = 0) {
  Bytes a{cla,
          ins,
          p1,
          0x00,
          0x00,
          static_cast<uint8_t>(data.size() >> 8),
          static_cast<uint8_t>(data.size())};
  a.insert(a.end(), data.begin(), data.end());
  a.push_back(0x00);
  a.push_back(0x00);
  return a;
}

Bytes Concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

Bytes Challenge() { return Bytes(32, 0xC1); }
Bytes AppParam(const std::string& app_id = "https://example.com") {
  return Sha256(ToBytes(app_id));
}

Bytes RegisterApdu(const Bytes& app) {
  return Apdu(0x01, 0x00, Concat({Challenge(), app}));
}
Bytes AuthApdu(uint8_t control, const Bytes& app, const Bytes& key_handle) {
  return Apdu(
      0x02, control,
      Concat({Challenge(), app, Bytes{static_cast<uint8_t>(key_handle.size())},
              key_handle}));
}

struct Registration {
  Bytes public_key;  // 65 bytes, 04 ‖ X ‖ Y
  Bytes key_handle;
  Bytes cert;
  Bytes signature;
};

// FIDO U2F Raw Message Formats §4.3 layout; the certificate's length is its
// DER header's.
std::optional<Registration> ParseRegistration(const Bytes& d) {
  if (d.size() < 67 || d[0] != 0x05 || d[1] != 0x04) return std::nullopt;
  Registration r;
  r.public_key.assign(d.begin() + 1, d.begin() + 66);
  const size_t l = d[66];
  if (d.size() < 67 + l + 4) return std::nullopt;
  r.key_handle.assign(d.begin() + 67, d.begin() + 67 + l);
  size_t pos = 67 + l;
  if (d[pos] != 0x30 || d[pos + 1] != 0x82) return std::nullopt;
  const size_t cert_len = 4 + ((size_t{d[pos + 2]} << 8) | d[pos + 3]);
  if (d.size() <= pos + cert_len) return std::nullopt;
  r.cert.assign(d.begin() + pos, d.begin() + pos + cert_len);
  r.signature.assign(d.begin() + pos + cert_len, d.end());
  return r;
}

bool VerifyWithCert(const Bytes& der, const Bytes& message, const Bytes& sig) {
  const uint8_t* p = der.data();
  X509* cert = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
  if (cert == nullptr) return false;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  bool ok = EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr,
                                 X509_get0_pubkey(cert)) == 1 &&
            EVP_DigestVerify(ctx, sig.data(), sig.size(), message.data(),
                             message.size()) == 1;
  EVP_MD_CTX_free(ctx);
  X509_free(cert);
  return ok;
}

bool VerifyWithPoint(const Bytes& point, const Bytes& message,
                     const Bytes& sig) {
  cbor::Item key =
      cbor::MapBuilder()
          .Add(1, cbor::Uint(2))
          .Add(3, cbor::Int(-7))
          .Add(-1, cbor::Uint(1))
          .Add(-2, cbor::Bytes(Bytes(point.begin() + 1, point.begin() + 33)))
          .Add(-3, cbor::Bytes(Bytes(point.begin() + 33, point.end())))
          .Build();
  return VerifyCoseSignature(key.get(), message, sig);
}

Registration Register(Harness& h, const Bytes& app = AppParam()) {
  Answer a = Msg(h, RegisterApdu(app));
  BOOST_REQUIRE_EQUAL(a.sw, 0x9000);
  auto r = ParseRegistration(a.data);
  BOOST_REQUIRE(r.has_value());
  return *r;
}

uint32_t Counter(const Bytes& auth_data) {
  return (uint32_t{auth_data[1]} << 24) | (uint32_t{auth_data[2]} << 16) |
         (uint32_t{auth_data[3]} << 8) | auth_data[4];
}

// §5.4: the signature covers application ‖ presence ‖ counter ‖ challenge.
bool AuthSignatureOk(const Answer& a, const Bytes& point, const Bytes& app) {
  Bytes message =
      Concat({app, Bytes(a.data.begin(), a.data.begin() + 5), Challenge()});
  return VerifyWithPoint(point, message,
                         Bytes(a.data.begin() + 5, a.data.end()));
}

BOOST_AUTO_TEST_SUITE(ctap2_u2f)

BOOST_AUTO_TEST_CASE(version_6_answers_u2f_v2) {
  Harness h;
  Answer a = Msg(h, Apdu(0x03, 0x00, {}));
  BOOST_TEST(a.sw == 0x9000);
  BOOST_TEST((a.data == ToBytes("U2F_V2")));
  // Short form, no Lc/Le at all.
  Answer b = Msg(h, Bytes{0x00, 0x03, 0x00, 0x00});
  BOOST_TEST(b.sw == 0x9000);
  BOOST_TEST((b.data == ToBytes("U2F_V2")));
}

BOOST_AUTO_TEST_CASE(register_4_3_layout_and_attestation_signature) {
  Harness h;
  Answer a = Msg(h, RegisterApdu(AppParam()));
  BOOST_TEST(a.asked_presence);
  BOOST_REQUIRE_EQUAL(a.sw, 0x9000);
  auto r = ParseRegistration(a.data);
  BOOST_REQUIRE(r.has_value());
  BOOST_TEST(r->key_handle.size() == 64u);
  // The batch certificate is CTAP2's packed attestation certificate.
  BOOST_TEST((r->cert == h.store.state().attestation_cert));
  Bytes signed_data = Concat(
      {Bytes{0x00}, AppParam(), Challenge(), r->key_handle, r->public_key});
  BOOST_TEST(VerifyWithCert(r->cert, signed_data, r->signature));
  // Another challenge would not verify.
  signed_data[40] ^= 1;
  BOOST_TEST(!VerifyWithCert(r->cert, signed_data, r->signature));
  // Each registration has its own key pair and key handle.
  Registration second = Register(h);
  BOOST_TEST((second.public_key != r->public_key));
  BOOST_TEST((second.key_handle != r->key_handle));
}

BOOST_AUTO_TEST_CASE(
    register_4_1_without_touch_answers_6985_and_stores_nothing) {
  for (PresenceGrant grant : {PresenceGrant::kDenied, PresenceGrant::kTimedOut,
                              PresenceGrant::kCancelled}) {
    Harness h;
    Answer a = Msg(h, RegisterApdu(AppParam()), grant);
    BOOST_TEST(a.asked_presence);
    BOOST_TEST(a.sw == 0x6985);
    BOOST_TEST(a.data.empty());
    BOOST_TEST(h.store.state().wrap_key.empty());
    BOOST_TEST(h.store.state().attestation_cert.empty());
  }
}

BOOST_AUTO_TEST_CASE(authenticate_5_1_check_only_ours_6985_foreign_6a80) {
  Harness h;
  Registration r = Register(h);
  Answer ours = Msg(h, AuthApdu(0x07, AppParam(), r.key_handle));
  BOOST_TEST(!ours.asked_presence);
  BOOST_TEST(ours.sw == 0x6985);
  // Another application parameter: not ours.
  Answer other =
      Msg(h, AuthApdu(0x07, AppParam("https://other.example"), r.key_handle));
  BOOST_TEST(other.sw == 0x6A80);
  Bytes corrupt = r.key_handle;
  corrupt[20] ^= 0x01;
  BOOST_TEST(Msg(h, AuthApdu(0x07, AppParam(), corrupt)).sw == 0x6A80);
  BOOST_TEST(Msg(h, AuthApdu(0x07, AppParam(), Bytes(16, 0xAB))).sw == 0x6A80);
  // Another key's handle.
  Harness h2({}, 99);
  BOOST_TEST(Msg(h2, AuthApdu(0x07, AppParam(), r.key_handle)).sw == 0x6A80);
}

BOOST_AUTO_TEST_CASE(authenticate_5_4_enforce_signs_with_presence_and_counts) {
  Harness h;
  Registration r = Register(h);
  Answer first = Msg(h, AuthApdu(0x03, AppParam(), r.key_handle));
  BOOST_TEST(first.asked_presence);
  BOOST_REQUIRE_EQUAL(first.sw, 0x9000);
  BOOST_TEST(first.data[0] == 0x01);
  BOOST_TEST(AuthSignatureOk(first, r.public_key, AppParam()));
  Answer second = Msg(h, AuthApdu(0x03, AppParam(), r.key_handle));
  BOOST_REQUIRE_EQUAL(second.sw, 0x9000);
  BOOST_TEST(Counter(second.data) > Counter(first.data));
  BOOST_TEST(AuthSignatureOk(second, r.public_key, AppParam()));
  // Enforce with a foreign key handle: 6A80 before any touch.
  Answer foreign = Msg(h, AuthApdu(0x03, AppParam("x"), r.key_handle));
  BOOST_TEST(!foreign.asked_presence);
  BOOST_TEST(foreign.sw == 0x6A80);
}

BOOST_AUTO_TEST_CASE(authenticate_5_1_enforce_without_touch_answers_6985) {
  Harness h;
  Registration r = Register(h);
  const uint32_t before = h.auth->sign_counter();
  Answer a =
      Msg(h, AuthApdu(0x03, AppParam(), r.key_handle), PresenceGrant::kDenied);
  BOOST_TEST(a.asked_presence);
  BOOST_TEST(a.sw == 0x6985);
  BOOST_TEST(a.data.empty());
  BOOST_TEST(h.auth->sign_counter() == before);
  Answer t = Msg(h, AuthApdu(0x03, AppParam(), r.key_handle),
                 PresenceGrant::kTimedOut);
  BOOST_TEST(t.sw == 0x6985);
}

BOOST_AUTO_TEST_CASE(authenticate_5_1_dont_enforce_signs_without_presence) {
  Harness h;
  Registration r = Register(h);
  Answer a = Msg(h, AuthApdu(0x08, AppParam(), r.key_handle));
  BOOST_TEST(!a.asked_presence);
  BOOST_REQUIRE_EQUAL(a.sw, 0x9000);
  BOOST_TEST(a.data[0] == 0x00);
  BOOST_TEST(AuthSignatureOk(a, r.public_key, AppParam()));
}

BOOST_AUTO_TEST_CASE(ctap2_10_u2f_credential_usable_by_get_assertion) {
  Harness h;
  // The application parameter is SHA-256 of the appId; getAssertion with
  // that appId as rpId has the same rpIdHash (CTAP 2.1 §10.2).
  const std::string app_id = "https://u2f.example.com";
  Registration r = Register(h, AppParam(app_id));
  Answer u2f = Msg(h, AuthApdu(0x08, AppParam(app_id), r.key_handle));
  BOOST_REQUIRE_EQUAL(u2f.sw, 0x9000);
  cbor::Item params =
      cbor::MapBuilder()
          .Add(1, cbor::Text(app_id))
          .Add(2, cbor::Bytes(Cdh()))
          .Add(3, cbor::ArrayBuilder().Add(Descriptor(r.key_handle)).Build())
          .Build();
  Response ga = h.Send(Command::kGetAssertion, params);
  BOOST_REQUIRE_EQUAL(ga.status, 0);
  Bytes auth_data = GetBytes(ga.Get(2));
  BOOST_TEST(
      (Bytes(auth_data.begin(), auth_data.begin() + 32) == AppParam(app_id)));
  Bytes tail(auth_data.begin() + 32, auth_data.end());
  // One counter for both protocols (CTAP 2.1 §6.1.1).
  BOOST_TEST(Counter(tail) > Counter(u2f.data));
  Bytes signed_data = Concat({auth_data, Cdh()});
  BOOST_TEST(VerifyWithPoint(r.public_key, signed_data, GetBytes(ga.Get(3))));
  // Another rpId does not find it.
  cbor::Item other =
      cbor::MapBuilder()
          .Add(1, cbor::Text("u2f.example.com"))
          .Add(2, cbor::Bytes(Cdh()))
          .Add(3, cbor::ArrayBuilder().Add(Descriptor(r.key_handle)).Build())
          .Build();
  BOOST_TEST(h.Send(Command::kGetAssertion, other).status == 0x2E);
}

BOOST_AUTO_TEST_CASE(ctap2_10_es256_credential_usable_by_authenticate) {
  Harness h;
  Response mc = h.Send(Command::kMakeCredential,
                       MakeCredentialParams("example.com", Bytes{1, 2}, Cdh()));
  BOOST_REQUIRE_EQUAL(mc.status, 0);
  auto ad = ParseAuthData(GetBytes(mc.Get(2)));
  BOOST_REQUIRE(ad.has_value());
  const Bytes app = Sha256(ToBytes("example.com"));
  BOOST_TEST(Msg(h, AuthApdu(0x07, app, ad->credential_id)).sw == 0x6985);
  Answer a = Msg(h, AuthApdu(0x03, app, ad->credential_id));
  BOOST_REQUIRE_EQUAL(a.sw, 0x9000);
  BOOST_TEST(Counter(a.data) > ad->counter);
  Bytes message =
      Concat({app, Bytes(a.data.begin(), a.data.begin() + 5), Challenge()});
  BOOST_TEST(VerifyCoseSignature(ad->public_key.get(), message,
                                 Bytes(a.data.begin() + 5, a.data.end())));
  // An EdDSA credential cannot sign U2F: not ours for U2F.
  Response ed = h.Send(Command::kMakeCredential,
                       MakeCredentialParams("example.com", Bytes{3}, Cdh(),
                                            /*rk=*/false, /*alg=*/-8));
  BOOST_REQUIRE_EQUAL(ed.status, 0);
  auto ed_ad = ParseAuthData(GetBytes(ed.Get(2)));
  BOOST_TEST(Msg(h, AuthApdu(0x07, app, ed_ad->credential_id)).sw == 0x6A80);
}

BOOST_AUTO_TEST_CASE(ctap2_12_1_uv_required_credential_hidden_from_u2f) {
  Harness h;
  cbor::Item params =
      With(MakeCredentialParams("example.com", Bytes{1}, Cdh()), 6,
           cbor::MapBuilder().Add("credProtect", cbor::Uint(3)).Build());
  Response mc = h.Send(Command::kMakeCredential, params);
  BOOST_REQUIRE_EQUAL(mc.status, 0);
  auto ad = ParseAuthData(GetBytes(mc.Get(2)));
  const Bytes app = Sha256(ToBytes("example.com"));
  BOOST_TEST(Msg(h, AuthApdu(0x08, app, ad->credential_id)).sw == 0x6A80);
}

BOOST_AUTO_TEST_CASE(status_3_3_cla_ins_and_lengths) {
  Harness h;
  Registration r = Register(h);
  BOOST_TEST(Msg(h, Apdu(0x03, 0x00, {}, /*cla=*/0x80)).sw == 0x6E00);
  BOOST_TEST(Msg(h, Apdu(0x04, 0x00, {})).sw == 0x6D00);
  BOOST_TEST(Msg(h, Apdu(0xC0, 0x00, {})).sw == 0x6D00);
  // VERSION with data, REGISTER with 63 or 65 bytes.
  BOOST_TEST(Msg(h, Apdu(0x03, 0x00, Bytes{1})).sw == 0x6700);
  BOOST_TEST(Msg(h, Apdu(0x01, 0x00, Bytes(63, 1))).sw == 0x6700);
  BOOST_TEST(Msg(h, Apdu(0x01, 0x00, Bytes(65, 1))).sw == 0x6700);
  // AUTHENTICATE: too short, L larger or smaller than the key handle.
  BOOST_TEST(Msg(h, Apdu(0x02, 0x03, Bytes(64, 1))).sw == 0x6700);
  Bytes data = Concat({Challenge(), AppParam(), Bytes{65}, r.key_handle});
  BOOST_TEST(Msg(h, Apdu(0x02, 0x03, data)).sw == 0x6700);
  data[64] = 63;
  BOOST_TEST(Msg(h, Apdu(0x02, 0x03, data)).sw == 0x6700);
  // An unknown control byte.
  BOOST_TEST(Msg(h, AuthApdu(0x01, AppParam(), r.key_handle)).sw == 0x6A86);
  // Not an APDU at all.
  BOOST_TEST(Msg(h, Bytes{}).sw == 0x6700);
  BOOST_TEST(Msg(h, Bytes{0x00, 0x03, 0x00}).sw == 0x6700);
  BOOST_TEST(Msg(h, Bytes{0x00, 0x01, 0x00, 0x00, 0x05, 0x01}).sw == 0x6700);
}

BOOST_AUTO_TEST_CASE(apdu_3_short_and_extended_forms_parse_alike) {
  Bytes data = Concat({Challenge(), AppParam()});
  Bytes short_form{0x00, 0x01, 0x03, 0x00, 0x40};
  short_form.insert(short_form.end(), data.begin(), data.end());
  auto s = ParseU2fRequest(short_form);
  BOOST_REQUIRE(s.ok());
  BOOST_TEST((s->ins == U2fIns::kRegister));
  BOOST_TEST(
      (Bytes(s->application.begin(), s->application.end()) == AppParam()));
  Bytes extended = RegisterApdu(AppParam());
  auto e = ParseU2fRequest(extended);
  BOOST_REQUIRE(e.ok());
  BOOST_TEST((Bytes(e->challenge.begin(), e->challenge.end()) == Challenge()));
  // Extended without Le.
  extended.resize(extended.size() - 2);
  BOOST_TEST(ParseU2fRequest(extended).ok());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::ctap2
