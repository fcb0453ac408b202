#include "hsm/crypto/p256.h"

#include <boost/test/unit_test.hpp>
#include <deque>

#include "fake_platform.h"
#include "hex.h"
#include "openssl_util.h"

namespace hsm::crypto {
namespace {

namespace kt = keybridge::testing;

// RFC 6979 Appendix A.2.5: a P-256 private key and its public key.
const char kD[] =
    "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
const char kUx[] =
    "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6";
const char kUy[] =
    "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";
// The group order n (SEC 2 §2.4.2).
const char kN[] =
    "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";

// A platform whose Random hands out scripted 32-byte blocks.
class ScriptedRandom : public testing::FakePlatform {
 public:
  void Random(std::span<uint8_t> out) override {
    std::vector<uint8_t> next = blocks.front();
    blocks.pop_front();
    std::copy(next.begin(), next.end(), out.begin());
    ++draws;
  }
  std::deque<std::vector<uint8_t>> blocks;
  int draws = 0;
};

void CheckError(CryptoError got, CryptoError want) {
  BOOST_TEST(static_cast<int>(got) == static_cast<int>(want));
}

BOOST_AUTO_TEST_SUITE(p256)

BOOST_AUTO_TEST_CASE(public_key_rfc6979) {
  auto q = P256PublicKey(kt::FromHex(kD));
  BOOST_REQUIRE(q.ok());
  BOOST_TEST(kt::ToHex(q->x) == kUx);
  BOOST_TEST(kt::ToHex(q->y) == kUy);
  BOOST_TEST(CheckP256Point(*q).ok());
}

BOOST_AUTO_TEST_CASE(sign_verifies_with_openssl) {
  auto q = P256PublicKey(kt::FromHex(kD));
  BOOST_REQUIRE(q.ok());
  auto message = kt::Ascii("sample");
  auto sig = EcdsaP256Sign(kt::FromHex(kD), message);
  BOOST_REQUIRE(sig.ok());
  BOOST_TEST((*sig)[0] == 0x30);  // DER SEQUENCE
  BOOST_TEST(OpensslVerifyEs256(*q, message, *sig));
  BOOST_TEST(!OpensslVerifyEs256(*q, kt::Ascii("Sample"), *sig));

  testing::FakePlatform platform(3);
  SecretBytes d = GenerateP256PrivateKey(platform);
  auto q2 = P256PublicKey(d.view());
  BOOST_REQUIRE(q2.ok());
  auto sig2 = EcdsaP256Sign(d.view(), message);
  BOOST_REQUIRE(sig2.ok());
  BOOST_TEST(OpensslVerifyEs256(*q2, message, *sig2));
  BOOST_TEST(!OpensslVerifyEs256(*q, message, *sig2));
}

BOOST_AUTO_TEST_CASE(ecdh_is_symmetric) {
  testing::FakePlatform platform(11);
  SecretBytes a = GenerateP256PrivateKey(platform);
  SecretBytes b = GenerateP256PrivateKey(platform);
  auto qa = P256PublicKey(a.view());
  auto qb = P256PublicKey(b.view());
  BOOST_REQUIRE(qa.ok());
  BOOST_REQUIRE(qb.ok());
  auto zab = EcdhP256(a.view(), *qb);
  auto zba = EcdhP256(b.view(), *qa);
  BOOST_REQUIRE(zab.ok());
  BOOST_REQUIRE(zba.ok());
  BOOST_TEST(zab->size() == 32u);
  BOOST_TEST(zab->Equals(zba->view()));
  auto zaa = EcdhP256(a.view(), *qa);
  BOOST_REQUIRE(zaa.ok());
  BOOST_TEST(!zab->Equals(zaa->view()));
}

BOOST_AUTO_TEST_CASE(generation_rejects_out_of_range_scalars) {
  ScriptedRandom platform;
  platform.blocks = {std::vector<uint8_t>(32, 0), kt::FromHex(kN),
                     std::vector<uint8_t>(32, 0xFF), kt::FromHex(kD)};
  SecretBytes d = GenerateP256PrivateKey(platform);
  BOOST_TEST(platform.draws == 4);
  BOOST_TEST(kt::ToHex(d.view()) == kD);
}

BOOST_AUTO_TEST_CASE(invalid_scalars_and_points) {
  auto n_minus_1 = kt::FromHex(kN);
  n_minus_1[31] -= 1;
  BOOST_TEST(P256PublicKey(n_minus_1).ok());
  for (const auto& bad :
       {std::vector<uint8_t>(32, 0), kt::FromHex(kN),
        std::vector<uint8_t>(31, 1), std::vector<uint8_t>(33, 1)}) {
    auto q = P256PublicKey(bad);
    BOOST_REQUIRE(!q.ok());
    CheckError(q.error(), CryptoError::kBadArgument);
    auto sig = EcdsaP256Sign(bad, kt::Ascii("m"));
    BOOST_REQUIRE(!sig.ok());
    CheckError(sig.error(), CryptoError::kBadArgument);
  }
  auto q = P256PublicKey(kt::FromHex(kD));
  BOOST_REQUIRE(q.ok());
  P256Point off = *q;
  off.y[31] ^= 1;
  Status<CryptoError> s = CheckP256Point(off);
  BOOST_REQUIRE(!s.ok());
  CheckError(s.error(), CryptoError::kBadArgument);
  BOOST_TEST(!CheckP256Point(P256Point{}).ok());
  auto z = EcdhP256(kt::FromHex(kD), off);
  BOOST_REQUIRE(!z.ok());
  CheckError(z.error(), CryptoError::kBadArgument);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::crypto
