#include "hsm/crypto/x509.h"

#include <openssl/asn1.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <boost/test/unit_test.hpp>

#include "hex.h"
#include "hsm/crypto/p256.h"

namespace hsm::crypto {
namespace {

namespace kt = keybridge::testing;

const char kD[] =
    "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
const char kAaguid[] = "00112233445566778899aabbccddeeff";

std::string NameEntry(X509_NAME* name, int nid) {
  char buf[128] = {0};
  X509_NAME_get_text_by_NID(name, nid, buf, sizeof(buf));
  return buf;
}

BOOST_AUTO_TEST_SUITE(x509)

// WebAuthn §8.2.1 attestation certificate requirements.
BOOST_AUTO_TEST_CASE(attestation_certificate_parses) {
  auto der =
      MakeAttestationCertificate(kt::FromHex(kD), kt::FromHex(kAaguid), 12345);
  BOOST_REQUIRE(der.ok());
  const unsigned char* p = der->data();
  X509* cert = d2i_X509(nullptr, &p, static_cast<long>(der->size()));
  BOOST_REQUIRE(cert != nullptr);
  BOOST_TEST((p == der->data() + der->size()));  // the whole DER, no more

  BOOST_TEST(X509_get_version(cert) == 2);  // v3
  BOOST_TEST(ASN1_INTEGER_get(X509_get0_serialNumber(cert)) == 12345);
  X509_NAME* subject = X509_get_subject_name(cert);
  BOOST_TEST(NameEntry(subject, NID_countryName) == "US");
  BOOST_TEST(NameEntry(subject, NID_organizationName) == "keybridge");
  BOOST_TEST(NameEntry(subject, NID_organizationalUnitName) ==
             "Authenticator Attestation");
  BOOST_TEST(NameEntry(subject, NID_commonName) ==
             "keybridge simulator attestation");
  BOOST_TEST(X509_NAME_cmp(subject, X509_get_issuer_name(cert)) == 0);

  // basicConstraints CA:FALSE, critical.
  int crit = -1;
  auto* bc = static_cast<BASIC_CONSTRAINTS*>(
      X509_get_ext_d2i(cert, NID_basic_constraints, &crit, nullptr));
  BOOST_REQUIRE(bc != nullptr);
  BOOST_TEST(bc->ca == 0);
  BOOST_TEST(crit == 1);
  BASIC_CONSTRAINTS_free(bc);

  // id-fido-gen-ce-aaguid: non-critical, an OCTET STRING of the AAGUID.
  ASN1_OBJECT* oid = OBJ_txt2obj("1.3.6.1.4.1.45724.1.1.4", 1);
  int index = X509_get_ext_by_OBJ(cert, oid, -1);
  ASN1_OBJECT_free(oid);
  BOOST_REQUIRE(index >= 0);
  X509_EXTENSION* ext = X509_get_ext(cert, index);
  BOOST_TEST(X509_EXTENSION_get_critical(ext) == 0);
  ASN1_OCTET_STRING* value = X509_EXTENSION_get_data(ext);
  BOOST_TEST(kt::ToHex({ASN1_STRING_get0_data(value),
                        static_cast<size_t>(ASN1_STRING_length(value))}) ==
             std::string("0410") + kAaguid);

  // Self-signed with the attestation key, whose public key it carries.
  EVP_PKEY* pub = X509_get0_pubkey(cert);
  BOOST_REQUIRE(pub != nullptr);
  BOOST_TEST(X509_verify(cert, pub) == 1);
  auto q = P256PublicKey(kt::FromHex(kD));
  BOOST_REQUIRE(q.ok());
  uint8_t point[65];
  size_t len = 0;
  BOOST_REQUIRE(EVP_PKEY_get_octet_string_param(pub, "encoded-pub-key", point,
                                                sizeof(point), &len) == 1);
  BOOST_TEST(kt::ToHex({point, len}) ==
             "04" + kt::ToHex(q->x) + kt::ToHex(q->y));
  X509_free(cert);
}

BOOST_AUTO_TEST_CASE(bad_arguments) {
  auto short_aaguid =
      MakeAttestationCertificate(kt::FromHex(kD), std::vector<uint8_t>(15), 1);
  BOOST_REQUIRE(!short_aaguid.ok());
  BOOST_TEST(static_cast<int>(short_aaguid.error()) ==
             static_cast<int>(CryptoError::kBadArgument));
  BOOST_TEST(!MakeAttestationCertificate(std::vector<uint8_t>(32, 0),
                                         kt::FromHex(kAaguid), 1)
                  .ok());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::crypto
