#include "fido_crypto.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/obj_mac.h>
#include <openssl/objects.h>
#include <openssl/param_build.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

#include "hsm/crypto/aead.h"
#include "hsm/crypto/hash.h"

namespace hsm::ctap2::crypto {
namespace {

template <typename T, void (*F)(T*)>
struct Deleter {
  void operator()(T* p) const { F(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using PkeyCtxPtr =
    std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using MdCtxPtr =
    std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX, EVP_MD_CTX_free>>;
using CipherCtxPtr =
    std::unique_ptr<EVP_CIPHER_CTX,
                    Deleter<EVP_CIPHER_CTX, EVP_CIPHER_CTX_free>>;
using GroupPtr = std::unique_ptr<EC_GROUP, Deleter<EC_GROUP, EC_GROUP_free>>;
using PointPtr = std::unique_ptr<EC_POINT, Deleter<EC_POINT, EC_POINT_free>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_clear_free>>;
using BnCtxPtr = std::unique_ptr<BN_CTX, Deleter<BN_CTX, BN_CTX_free>>;
using ParamBldPtr =
    std::unique_ptr<OSSL_PARAM_BLD,
                    Deleter<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>>;
using ParamPtr =
    std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM, OSSL_PARAM_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using NamePtr = std::unique_ptr<X509_NAME, Deleter<X509_NAME, X509_NAME_free>>;
using TimePtr = std::unique_ptr<ASN1_TIME, Deleter<ASN1_TIME, ASN1_TIME_free>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION,
                               Deleter<X509_EXTENSION, X509_EXTENSION_free>>;
using ObjPtr =
    std::unique_ptr<ASN1_OBJECT, Deleter<ASN1_OBJECT, ASN1_OBJECT_free>>;
using OctetPtr =
    std::unique_ptr<ASN1_OCTET_STRING,
                    Deleter<ASN1_OCTET_STRING, ASN1_OCTET_STRING_free>>;

GroupPtr P256Group() {
  return GroupPtr(EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1));
}

// 0 < d < n.
bool ValidScalar(const EC_GROUP* group, const BIGNUM* d) {
  return !BN_is_zero(d) && !BN_is_negative(d) &&
         BN_cmp(d, EC_GROUP_get0_order(group)) < 0;
}

bool EncodePoint(const P256Point& p, uint8_t out[65]) {
  out[0] = 0x04;
  std::copy(p.x.begin(), p.x.end(), out + 1);
  std::copy(p.y.begin(), p.y.end(), out + 33);
  return true;
}

// The P-256 group order n (SEC 2 §2.4.2), big-endian.
constexpr uint8_t kP256Order[32] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17,
    0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51};

// 0 < d < n for a 32-byte big-endian scalar, without branching on its bytes.
bool ValidScalarBytes(std::span<const uint8_t> d) {
  unsigned nonzero = 0;
  int less = 0, decided = 0;  // the first differing byte decides d < n
  for (size_t i = 0; i < 32; ++i) {
    int diff = static_cast<int>(d[i]) - static_cast<int>(kP256Order[i]);
    int lt = static_cast<int>(static_cast<unsigned>(diff) >> 31);  // diff < 0
    int ne = (diff != 0);
    less |= lt & ~decided & 1;
    decided |= ne;
    nonzero |= d[i];
  }
  return nonzero != 0 && less != 0;
}

// An EVP_PKEY for a P-256 private key. With `with_public` it also carries
// the public point (needed for certificates); signing and ECDH use only the
// scalar, so they skip the point multiplication and a second EC_GROUP.
PkeyPtr P256PrivatePkey(std::span<const uint8_t> private_key,
                        bool with_public = true) {
  if (private_key.size() != 32 || !ValidScalarBytes(private_key)) {
    return nullptr;
  }
  uint8_t point[65];
  if (with_public) {
    auto pub = P256PublicKey(private_key);
    if (!pub) return nullptr;
    EncodePoint(*pub, point);
  }
  BnPtr d(BN_bin2bn(private_key.data(), 32, nullptr));
  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!d || !bld ||
      !OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME,
                                       "prime256v1", 0) ||
      !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, d.get()) ||
      (with_public &&
       !OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY,
                                         point, sizeof(point)))) {
    return nullptr;
  }
  ParamPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  EVP_PKEY* pkey = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &pkey, EVP_PKEY_KEYPAIR, params.get()) !=
          1) {
    return nullptr;
  }
  return PkeyPtr(pkey);
}

PkeyPtr P256PublicPkey(const P256Point& p) {
  if (!P256IsOnCurve(p)) return nullptr;
  uint8_t point[65];
  EncodePoint(p, point);
  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bld ||
      !OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME,
                                       "prime256v1", 0) ||
      !OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY,
                                        point, sizeof(point))) {
    return nullptr;
  }
  ParamPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  EVP_PKEY* pkey = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &pkey, EVP_PKEY_PUBLIC_KEY, params.get()) !=
          1) {
    return nullptr;
  }
  return PkeyPtr(pkey);
}

std::optional<std::vector<uint8_t>> SignWith(EVP_PKEY* pkey, const EVP_MD* md,
                                             std::span<const uint8_t> message) {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  size_t len = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, md, nullptr, pkey) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &len, message.data(),
                     message.size()) != 1) {
    return std::nullopt;
  }
  std::vector<uint8_t> sig(len);
  if (EVP_DigestSign(ctx.get(), sig.data(), &len, message.data(),
                     message.size()) != 1) {
    return std::nullopt;
  }
  sig.resize(len);
  return sig;
}

std::optional<std::vector<uint8_t>> AesCbc(bool encrypt,
                                           std::span<const uint8_t> key,
                                           std::span<const uint8_t> iv,
                                           std::span<const uint8_t> data) {
  if (key.size() != 32 || iv.size() != 16 || data.size() % 16 != 0) {
    return std::nullopt;
  }
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  std::vector<uint8_t> out(data.size() + 16);
  int len = 0, fin = 0;
  if (!ctx ||
      EVP_CipherInit_ex(ctx.get(), EVP_aes_256_cbc(), nullptr, key.data(),
                        iv.data(), encrypt ? 1 : 0) != 1 ||
      EVP_CIPHER_CTX_set_padding(ctx.get(), 0) != 1 ||
      EVP_CipherUpdate(ctx.get(), out.data(), &len, data.data(),
                       static_cast<int>(data.size())) != 1 ||
      EVP_CipherFinal_ex(ctx.get(), out.data() + len, &fin) != 1) {
    OPENSSL_cleanse(out.data(), out.size());
    return std::nullopt;
  }
  out.resize(static_cast<size_t>(len + fin));
  return out;
}

}  // namespace

// SHA-256, HMAC and AES-GCM come from hsm/crypto (shared with the OATH applet
// and the sealed store); these adapters give them the shapes CTAP2 code uses.
Digest Sha256(std::span<const uint8_t> data) {
  Digest out{};
  auto digest = hsm::crypto::Sha256(data);
  if (digest.ok()) std::copy(digest->begin(), digest->end(), out.begin());
  return out;
}

Digest HmacSha256(std::span<const uint8_t> key, std::span<const uint8_t> data) {
  Digest out{};
  auto mac = hsm::crypto::Hmac(hsm::crypto::HashAlg::kSha256, key, data);
  if (mac.ok()) std::copy(mac->begin(), mac->end(), out.begin());
  return out;
}

SecretBytes HkdfSha256(std::span<const uint8_t> salt,
                       std::span<const uint8_t> ikm,
                       std::span<const uint8_t> info, size_t length) {
  SecretBytes out(length);
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, nullptr));
  size_t len = length;
  if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1 ||
      EVP_PKEY_CTX_set_hkdf_md(ctx.get(), EVP_sha256()) != 1 ||
      EVP_PKEY_CTX_set1_hkdf_salt(ctx.get(), salt.data(),
                                  static_cast<int>(salt.size())) != 1 ||
      EVP_PKEY_CTX_set1_hkdf_key(ctx.get(), ikm.data(),
                                 static_cast<int>(ikm.size())) != 1 ||
      EVP_PKEY_CTX_add1_hkdf_info(ctx.get(), info.data(),
                                  static_cast<int>(info.size())) != 1 ||
      EVP_PKEY_derive(ctx.get(), out.mutable_view().data(), &len) != 1 ||
      len != length) {
    return SecretBytes();
  }
  return out;
}

std::optional<std::vector<uint8_t>> Aes256CbcEncrypt(
    std::span<const uint8_t> key, std::span<const uint8_t> iv,
    std::span<const uint8_t> data) {
  return AesCbc(true, key, iv, data);
}

std::optional<std::vector<uint8_t>> Aes256CbcDecrypt(
    std::span<const uint8_t> key, std::span<const uint8_t> iv,
    std::span<const uint8_t> data) {
  return AesCbc(false, key, iv, data);
}

std::optional<std::vector<uint8_t>> Aes256GcmSeal(
    std::span<const uint8_t> key, std::span<const uint8_t> nonce,
    std::span<const uint8_t> aad, std::span<const uint8_t> plaintext) {
  auto sealed = hsm::crypto::Aes256GcmSeal(key, nonce, aad, plaintext);
  if (!sealed.ok()) return std::nullopt;
  return std::move(sealed).value();
}

std::optional<SecretBytes> Aes256GcmOpen(std::span<const uint8_t> key,
                                         std::span<const uint8_t> nonce,
                                         std::span<const uint8_t> aad,
                                         std::span<const uint8_t> sealed) {
  auto plain = hsm::crypto::Aes256GcmOpen(key, nonce, aad, sealed);
  if (!plain.ok()) return std::nullopt;
  return std::move(plain).value();
}

SecretBytes GenerateP256PrivateKey(Platform& platform) {
  GroupPtr group = P256Group();
  SecretBytes key(32);
  // Rejection sampling: a uniformly random scalar in [1, n-1].
  for (;;) {
    platform.Random(key.mutable_view());
    BnPtr d(BN_bin2bn(key.view().data(), 32, nullptr));
    if (d && ValidScalar(group.get(), d.get())) return key;
  }
}

std::optional<P256Point> P256PublicKey(std::span<const uint8_t> private_key) {
  if (private_key.size() != 32) return std::nullopt;
  GroupPtr group = P256Group();
  BnPtr d(BN_bin2bn(private_key.data(), 32, nullptr));
  BnCtxPtr bn_ctx(BN_CTX_new());
  if (!group || !d || !bn_ctx || !ValidScalar(group.get(), d.get())) {
    return std::nullopt;
  }
  PointPtr point(EC_POINT_new(group.get()));
  uint8_t buf[65];
  if (!point ||
      EC_POINT_mul(group.get(), point.get(), d.get(), nullptr, nullptr,
                   bn_ctx.get()) != 1 ||
      EC_POINT_point2oct(group.get(), point.get(),
                         POINT_CONVERSION_UNCOMPRESSED, buf, sizeof(buf),
                         bn_ctx.get()) != sizeof(buf)) {
    return std::nullopt;
  }
  P256Point out;
  std::copy(buf + 1, buf + 33, out.x.begin());
  std::copy(buf + 33, buf + 65, out.y.begin());
  return out;
}

bool P256IsOnCurve(const P256Point& p) {
  GroupPtr group = P256Group();
  BnCtxPtr bn_ctx(BN_CTX_new());
  PointPtr point(group ? EC_POINT_new(group.get()) : nullptr);
  uint8_t buf[65];
  EncodePoint(p, buf);
  return group && bn_ctx && point &&
         EC_POINT_oct2point(group.get(), point.get(), buf, sizeof(buf),
                            bn_ctx.get()) == 1 &&
         EC_POINT_is_on_curve(group.get(), point.get(), bn_ctx.get()) == 1 &&
         EC_POINT_is_at_infinity(group.get(), point.get()) == 0;
}

std::optional<std::vector<uint8_t>> EcdsaP256Sign(
    std::span<const uint8_t> private_key, std::span<const uint8_t> message) {
  PkeyPtr pkey = P256PrivatePkey(private_key, /*with_public=*/false);
  if (!pkey) return std::nullopt;
  return SignWith(pkey.get(), EVP_sha256(), message);
}

std::optional<SecretBytes> EcdhP256(std::span<const uint8_t> private_key,
                                    const P256Point& peer) {
  PkeyPtr own = P256PrivatePkey(private_key, /*with_public=*/false);
  PkeyPtr other = P256PublicPkey(peer);
  if (!own || !other) return std::nullopt;
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, own.get(), nullptr));
  size_t len = 32;
  SecretBytes z(32);
  if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1 ||
      EVP_PKEY_derive_set_peer(ctx.get(), other.get()) != 1 ||
      EVP_PKEY_derive(ctx.get(), z.mutable_view().data(), &len) != 1 ||
      len != 32) {
    return std::nullopt;
  }
  return z;
}

SecretBytes GenerateEd25519PrivateKey(Platform& platform) {
  SecretBytes key(32);
  platform.Random(key.mutable_view());
  return key;
}

std::optional<std::array<uint8_t, 32>> Ed25519PublicKey(
    std::span<const uint8_t> private_key) {
  if (private_key.size() != 32) return std::nullopt;
  PkeyPtr pkey(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr,
                                            private_key.data(), 32));
  std::array<uint8_t, 32> out{};
  size_t len = out.size();
  if (!pkey || EVP_PKEY_get_raw_public_key(pkey.get(), out.data(), &len) != 1 ||
      len != 32) {
    return std::nullopt;
  }
  return out;
}

std::optional<std::vector<uint8_t>> Ed25519Sign(
    std::span<const uint8_t> private_key, std::span<const uint8_t> message) {
  if (private_key.size() != 32) return std::nullopt;
  PkeyPtr pkey(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr,
                                            private_key.data(), 32));
  if (!pkey) return std::nullopt;
  return SignWith(pkey.get(), nullptr, message);
}

std::optional<std::vector<uint8_t>> MakeAttestationCertificate(
    std::span<const uint8_t> private_key, std::span<const uint8_t> aaguid,
    uint64_t serial) {
  PkeyPtr pkey = P256PrivatePkey(private_key);
  X509Ptr cert(X509_new());
  NamePtr name(X509_NAME_new());
  TimePtr not_before(ASN1_TIME_new());
  TimePtr not_after(ASN1_TIME_new());
  if (!pkey || !cert || !name || !not_before || !not_after ||
      aaguid.size() != 16) {
    return std::nullopt;
  }
  auto add = [&](const char* field, const char* value) {
    return X509_NAME_add_entry_by_txt(
               name.get(), field, MBSTRING_UTF8,
               reinterpret_cast<const unsigned char*>(value), -1, -1, 0) == 1;
  };
  // Fixed validity: hsm reads no wall clock (DESIGN.md "Boundaries").
  if (X509_set_version(cert.get(), 2) != 1 ||
      ASN1_INTEGER_set_uint64(X509_get_serialNumber(cert.get()), serial) != 1 ||
      !add("C", "US") || !add("O", "keybridge") ||
      !add("OU", "Authenticator Attestation") ||
      !add("CN", "keybridge simulator attestation") ||
      X509_set_subject_name(cert.get(), name.get()) != 1 ||
      X509_set_issuer_name(cert.get(), name.get()) != 1 ||
      ASN1_TIME_set_string_X509(not_before.get(), "20240101000000Z") != 1 ||
      ASN1_TIME_set_string_X509(not_after.get(), "20991231235959Z") != 1 ||
      X509_set1_notBefore(cert.get(), not_before.get()) != 1 ||
      X509_set1_notAfter(cert.get(), not_after.get()) != 1 ||
      X509_set_pubkey(cert.get(), pkey.get()) != 1) {
    return std::nullopt;
  }
  ExtPtr bc(X509V3_EXT_conf_nid(nullptr, nullptr, NID_basic_constraints,
                                "critical,CA:FALSE"));
  if (!bc || X509_add_ext(cert.get(), bc.get(), -1) != 1) return std::nullopt;
  // WebAuthn §8.2.1: extension value is an OCTET STRING holding the AAGUID.
  ObjPtr oid(OBJ_txt2obj("1.3.6.1.4.1.45724.1.1.4", 1));
  uint8_t der[18] = {0x04, 0x10};
  std::copy(aaguid.begin(), aaguid.end(), der + 2);
  OctetPtr value(ASN1_OCTET_STRING_new());
  if (!oid || !value ||
      ASN1_OCTET_STRING_set(value.get(), der, sizeof(der)) != 1) {
    return std::nullopt;
  }
  ExtPtr ext(X509_EXTENSION_create_by_OBJ(nullptr, oid.get(), 0, value.get()));
  if (!ext || X509_add_ext(cert.get(), ext.get(), -1) != 1 ||
      X509_sign(cert.get(), pkey.get(), EVP_sha256()) == 0) {
    return std::nullopt;
  }
  int len = i2d_X509(cert.get(), nullptr);
  if (len <= 0) return std::nullopt;
  std::vector<uint8_t> out(static_cast<size_t>(len));
  unsigned char* p = out.data();
  if (i2d_X509(cert.get(), &p) != len) return std::nullopt;
  return out;
}

}  // namespace hsm::ctap2::crypto
