// OATH command bytes (docs/protocol/oath.md worked example, §2.3–§2.7).
#include "bridge/oath/commands.h"

#include <boost/test/unit_test.hpp>
#include <string>

namespace bridge::oath {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes Encoded(const Apdu& a) { return *EncodeApdu(a); }

SecretBytes Ascii(std::string_view s) {
  return SecretBytes({reinterpret_cast<const uint8_t*>(s.data()), s.size()});
}

CredentialData TestCredential() {
  CredentialData c;
  c.account = "test";
  c.digits = 8;
  c.secret = Ascii("12345678901234567890");
  return c;
}

BOOST_AUTO_TEST_CASE(PutMatchesWorkedExamplePlusProperty) {
  // docs/protocol/oath.md worked example; the bridge always adds `78 pp`
  // (decision 6).
  Bytes want = {0x00, 0x01, 0x00, 0x00, 0x20, 0x71, 0x04, 't',
                'e',  's',  't',  0x73, 0x16, 0x21, 0x08};
  for (char c : std::string("12345678901234567890")) want.push_back(c);
  want.insert(want.end(), {0x78, 0x00});
  auto apdu = EncodePut(TestCredential());
  BOOST_REQUIRE(apdu.ok());
  BOOST_TEST(Encoded(*apdu) == want, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(PutHotpTouchSha256WithPeriodName) {
  CredentialData c = TestCredential();
  c.type = OathType::kHotp;
  c.algorithm = HashAlgorithm::kSha256;
  c.digits = 6;
  c.touch = true;
  c.counter = 0x01020304;
  c.issuer = "I";
  Bytes d = EncodePut(c)->data;
  Bytes tail(d.end() - 8, d.end());
  BOOST_TEST(tail == (Bytes{0x78, 0x02, 0x7A, 0x04, 1, 2, 3, 4}),
             boost::test_tools::per_element());
  BOOST_TEST(d[0] == 0x71);
  BOOST_TEST(d[1] == 6);  // "I:test"
  BOOST_TEST(d[8] == 0x73);
  BOOST_TEST(d[10] == 0x12);  // HOTP | SHA256

  CredentialData t = TestCredential();
  t.period = 60;
  Bytes n = EncodePut(t)->data;
  BOOST_TEST(std::string(n.begin() + 2, n.begin() + 2 + n[1]) == "60/test");
}

BOOST_AUTO_TEST_CASE(PutRejectsBadCredentials) {
  CredentialData c = TestCredential();
  c.digits = 7;
  BOOST_TEST(!EncodePut(c).ok());
  CredentialData big = TestCredential();
  big.secret = SecretBytes(Bytes(126, 1));
  BOOST_TEST(!EncodePut(big).ok());
  CredentialData ok = TestCredential();
  ok.secret = SecretBytes(Bytes(125, 1));
  BOOST_TEST(EncodePut(ok).ok());
  CredentialData empty = TestCredential();
  empty.secret = SecretBytes();
  BOOST_TEST(!EncodePut(empty).ok());
}

BOOST_AUTO_TEST_CASE(CalculateMatchesWorkedExample) {
  Bytes want = {0x00, 0xA2, 0x00, 0x01, 0x10, 0x71, 0x04, 't', 'e', 's', 't',
                0x74, 0x08, 0,    0,    0,    0,    0,    0,   0,   1};
  auto challenge = TimeChallenge(1);
  BOOST_TEST(Encoded(*EncodeCalculate("test", challenge)) == want,
             boost::test_tools::per_element());
  auto big = TimeChallenge(0x0102030405060708ULL);
  BOOST_TEST((Bytes(big.begin(), big.end())) == (Bytes{1, 2, 3, 4, 5, 6, 7, 8}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(FixedCommands) {
  BOOST_TEST(Encoded(EncodeReset()) == (Bytes{0x00, 0x04, 0xDE, 0xAD}),
             boost::test_tools::per_element());
  BOOST_TEST(
      Encoded(EncodeList()) == (Bytes{0x00, 0xA1, 0x00, 0x00, 0x01, 0x01}),
      boost::test_tools::per_element());
  BOOST_TEST(Encoded(EncodeSendRemaining()) == (Bytes{0x00, 0xA5, 0x00, 0x00}),
             boost::test_tools::per_element());
  BOOST_TEST(
      Encoded(EncodeSelect()) == (Bytes{0x00, 0xA4, 0x04, 0x00, 0x07, 0xA0,
                                        0x00, 0x00, 0x05, 0x27, 0x21, 0x01}),
      boost::test_tools::per_element());
  BOOST_TEST(Encoded(*EncodeDelete("ab")) ==
                 (Bytes{0x00, 0x02, 0x00, 0x00, 0x04, 0x71, 0x02, 'a', 'b'}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(PinCommands) {
  SecretBytes pin = Ascii("1234");
  SecretBytes newpin = Ascii("98765");
  BOOST_TEST(
      Encoded(*EncodeVerifyPin(pin)) ==
          (Bytes{0x00, 0xB2, 0x00, 0x00, 0x06, 0x80, 0x04, '1', '2', '3', '4'}),
      boost::test_tools::per_element());
  BOOST_TEST(Encoded(*EncodeSetPin(pin))[1] == 0xB4);
  Bytes change = Encoded(*EncodeChangePin(pin, newpin));
  BOOST_TEST(
      change == (Bytes{0x00, 0xB3, 0x00, 0x00, 0x0D, 0x80, 0x04, '1', '2', '3',
                       '4', 0x81, 0x05, '9', '8', '7', '6', '5'}),
      boost::test_tools::per_element());
  BOOST_TEST(!EncodeVerifyPin(SecretBytes()).ok());
  BOOST_TEST(!EncodeVerifyPin(SecretBytes(Bytes(128, '1'))).ok());
}

BOOST_AUTO_TEST_CASE(ParsesListV1AndV0) {
  Bytes data = {0x72, 0x07, 0x21, 'a',  'l', 'i', 'c', 'e',
                0x01, 0x72, 0x04, 0x12, 'h', 'o', 0x06};
  auto v1 = ParseListResponse(data, TlvLength::kSimple, true);
  BOOST_REQUIRE(v1.ok());
  BOOST_REQUIRE_EQUAL(v1->size(), 2u);
  BOOST_TEST((*v1)[0].name == "alice");
  BOOST_TEST(((*v1)[0].type == OathType::kTotp));
  BOOST_TEST(((*v1)[0].algorithm == HashAlgorithm::kSha1));
  BOOST_TEST((*v1)[0].touch);
  BOOST_TEST(!(*v1)[0].pin_encrypted);
  BOOST_TEST((*v1)[1].name == "ho");
  BOOST_TEST(((*v1)[1].type == OathType::kHotp));
  BOOST_TEST(((*v1)[1].algorithm == HashAlgorithm::kSha256));
  BOOST_TEST(!(*v1)[1].touch);
  BOOST_TEST((*v1)[1].pin_encrypted);
  BOOST_TEST((*v1)[1].pws);

  Bytes v0data = {0x72, 0x03, 0x23, 'x', 'y'};
  auto v0 = ParseListResponse(v0data, TlvLength::kBer, false);
  BOOST_REQUIRE(v0.ok());
  BOOST_TEST((*v0)[0].name == "xy");
  BOOST_TEST(((*v0)[0].algorithm == HashAlgorithm::kSha512));

  BOOST_TEST(ParseListResponse(Bytes{}, TlvLength::kSimple, true)->empty());
  BOOST_TEST(!ParseListResponse(Bytes{0x72, 0x02, 0x21, 0x00},
                                TlvLength::kSimple, true)
                  .ok());  // no name byte
  BOOST_TEST(!ParseListResponse(Bytes{0x71, 0x03, 0x21, 'a', 0},
                                TlvLength::kSimple, true)
                  .ok());  // wrong tag
}

BOOST_AUTO_TEST_CASE(ParsesCalculate) {
  auto c = ParseCalculateResponse(
      Bytes{0x76, 0x05, 0x08, 0x41, 0x39, 0x7E, 0xEA}, TlvLength::kSimple);
  BOOST_REQUIRE(c.ok());
  BOOST_TEST(c->digits == 8);
  BOOST_TEST(c->value == 0x41397EEAu);
  BOOST_TEST(
      !ParseCalculateResponse(Bytes{0x77, 0x00}, TlvLength::kSimple).ok());
  BOOST_TEST(!ParseCalculateResponse(Bytes{0x76, 0x04, 0x08, 1, 2, 3},
                                     TlvLength::kSimple)
                  .ok());
  BOOST_TEST(!ParseCalculateResponse(Bytes{}, TlvLength::kSimple).ok());
  BOOST_TEST(!ParseCalculateResponse(Bytes{0x76, 0x05, 0x00, 1, 2, 3, 4},
                                     TlvLength::kSimple)
                  .ok());
}

BOOST_AUTO_TEST_CASE(ParsesSelect) {
  // docs/protocol/oath.md §2.2, pynitrokey example plus PIN counter and serial.
  Bytes data = {0x79, 0x03, 0x04, 0x0A, 0x00, 0x82, 0x01,
                0x08, 0x8F, 0x04, 0xDE, 0xAD, 0xBE, 0xEF};
  auto s = ParseSelectResponse(data, TlvLength::kSimple);
  BOOST_REQUIRE(s.ok());
  BOOST_REQUIRE(s->version.has_value());
  BOOST_TEST((*s->version)[0] == 4);
  BOOST_TEST((*s->version)[1] == 10);
  BOOST_TEST(*s->pin_retries == 8);
  BOOST_TEST(*s->serial == 0xDEADBEEFu);
  Bytes salt = {0x79, 0x03, 0x04, 0x0A, 0x00, 0x71, 0x08, 0x69,
                0xF7, 0x2B, 0x4B, 0x37, 0x12, 0xF6, 0x27};
  auto t = ParseSelectResponse(salt, TlvLength::kSimple);
  BOOST_REQUIRE(t.ok());
  BOOST_TEST(t->salt.size() == 8u);
  BOOST_TEST(!t->pin_retries.has_value());
  BOOST_TEST(
      !ParseSelectResponse(Bytes{0x79, 0x02, 4, 0}, TlvLength::kSimple).ok());
}

}  // namespace
}  // namespace bridge::oath
