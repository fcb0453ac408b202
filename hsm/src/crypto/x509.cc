#include "hsm/crypto/x509.h"

#include <openssl/asn1.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>

#include "fetched.h"
#include "ossl.h"
#include "p256_pkey.h"

namespace hsm::crypto {
namespace {

using X509Ptr = ossl::Ptr<X509, X509_free>;
using NamePtr = ossl::Ptr<X509_NAME, X509_NAME_free>;
using TimePtr = ossl::Ptr<ASN1_TIME, ASN1_TIME_free>;
using ExtPtr = ossl::Ptr<X509_EXTENSION, X509_EXTENSION_free>;
using ObjPtr = ossl::Ptr<ASN1_OBJECT, ASN1_OBJECT_free>;
using OctetPtr = ossl::Ptr<ASN1_OCTET_STRING, ASN1_OCTET_STRING_free>;

// FIDO Metadata / WebAuthn §8.2.1 id-fido-gen-ce-aaguid.
constexpr char kAaguidOid[] = "1.3.6.1.4.1.45724.1.1.4";

// Version, serial, subject = issuer, validity and the public key.
bool SetFields(X509* cert, EVP_PKEY* pkey, uint64_t serial) {
  NamePtr name(X509_NAME_new());
  TimePtr not_before(ASN1_TIME_new());
  TimePtr not_after(ASN1_TIME_new());
  if (!name || !not_before || !not_after) return false;
  auto add = [&](const char* field, const char* value) {
    return X509_NAME_add_entry_by_txt(
               name.get(), field, MBSTRING_UTF8,
               reinterpret_cast<const unsigned char*>(value), -1, -1, 0) == 1;
  };
  // Fixed validity: hsm reads no wall clock (docs/architecture.md
  // "Boundaries").
  return X509_set_version(cert, 2) == 1 &&
         ASN1_INTEGER_set_uint64(X509_get_serialNumber(cert), serial) == 1 &&
         add("C", "US") && add("O", "keybridge") &&
         add("OU", "Authenticator Attestation") &&
         add("CN", "keybridge simulator attestation") &&
         X509_set_subject_name(cert, name.get()) == 1 &&
         X509_set_issuer_name(cert, name.get()) == 1 &&
         ASN1_TIME_set_string_X509(not_before.get(), "20240101000000Z") == 1 &&
         ASN1_TIME_set_string_X509(not_after.get(), "20991231235959Z") == 1 &&
         X509_set1_notBefore(cert, not_before.get()) == 1 &&
         X509_set1_notAfter(cert, not_after.get()) == 1 &&
         X509_set_pubkey(cert, pkey) == 1;
}

// basicConstraints CA:FALSE and the AAGUID extension.
bool AddExtensions(X509* cert, std::span<const uint8_t> aaguid) {
  ExtPtr bc(X509V3_EXT_conf_nid(nullptr, nullptr, NID_basic_constraints,
                                "critical,CA:FALSE"));
  if (!bc || X509_add_ext(cert, bc.get(), -1) != 1) return false;
  // WebAuthn §8.2.1: the extension value is an OCTET STRING holding the
  // AAGUID, so extnValue wraps the DER of that OCTET STRING.
  ObjPtr oid(OBJ_txt2obj(kAaguidOid, 1));
  uint8_t der[2 + kAaguidSize] = {0x04, kAaguidSize};
  std::copy(aaguid.begin(), aaguid.end(), der + 2);
  OctetPtr value(ASN1_OCTET_STRING_new());
  if (!oid || !value ||
      ASN1_OCTET_STRING_set(value.get(), der, sizeof(der)) != 1) {
    return false;
  }
  ExtPtr ext(X509_EXTENSION_create_by_OBJ(nullptr, oid.get(), 0, value.get()));
  return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

}  // namespace

Result<std::vector<uint8_t>, CryptoError> MakeAttestationCertificate(
    std::span<const uint8_t> private_key, std::span<const uint8_t> aaguid,
    uint64_t serial) {
  if (aaguid.size() != kAaguidSize) return MakeErr(CryptoError::kBadArgument);
  auto pkey = P256PrivatePkey(private_key, /*with_public=*/true);
  if (!pkey.ok()) return MakeErr(pkey.error());
  X509Ptr cert(X509_new());
  const EVP_MD* md = fetched::Sha256();
  if (!cert || md == nullptr || !SetFields(cert.get(), pkey->get(), serial) ||
      !AddExtensions(cert.get(), aaguid) ||
      X509_sign(cert.get(), pkey->get(), md) == 0) {
    return MakeErr(CryptoError::kInternal);
  }
  int len = i2d_X509(cert.get(), nullptr);
  if (len <= 0) return MakeErr(CryptoError::kInternal);
  std::vector<uint8_t> out(static_cast<size_t>(len));
  unsigned char* p = out.data();
  if (i2d_X509(cert.get(), &p) != len) return MakeErr(CryptoError::kInternal);
  return out;
}

}  // namespace hsm::crypto
