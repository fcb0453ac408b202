#include "hsm/crypto/p256.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>

#include <algorithm>

#include "fetched.h"
#include "ossl.h"
#include "p256_pkey.h"
#include "sign.h"

namespace hsm::crypto {
namespace {

using GroupPtr = ossl::Ptr<EC_GROUP, EC_GROUP_free>;
using PointPtr = ossl::Ptr<EC_POINT, EC_POINT_free>;

// The P-256 group, built once on first use and then shared read-only
// (EC_POINT_mul, EC_POINT_oct2point and EC_POINT_point2oct take it const).
// Building it (Montgomery constants, generator) costs about half of a
// scalar multiplication, so a fresh one per call doubled the cost of
// P256PublicKey.
const EC_GROUP* P256Group() {
  static const GroupPtr group(EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1));
  return group.get();
}

// SEC 1 §2.3.3 uncompressed encoding: 0x04 ‖ x ‖ y.
using EncodedPoint = std::array<uint8_t, 65>;

EncodedPoint Encode(const P256Point& p) {
  EncodedPoint out;
  out[0] = 0x04;
  std::copy(p.x.begin(), p.x.end(), out.begin() + 1);
  std::copy(p.y.begin(), p.y.end(), out.begin() + 33);
  return out;
}

// The P-256 group order n (SEC 2 §2.4.2), big-endian.
constexpr uint8_t kP256Order[32] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17,
    0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51};

// 32 bytes and 0 < d < n, without branching on the scalar's bytes.
bool ValidScalar(std::span<const uint8_t> d) {
  if (d.size() != kP256ScalarSize) return false;
  unsigned nonzero = 0;
  int less = 0, decided = 0;  // the first differing byte decides d < n
  for (size_t i = 0; i < kP256ScalarSize; ++i) {
    int diff = static_cast<int>(d[i]) - static_cast<int>(kP256Order[i]);
    int lt = static_cast<int>(static_cast<unsigned>(diff) >> 31);  // diff < 0
    int ne = (diff != 0);
    less |= lt & ~decided & 1;
    decided |= ne;
    nonzero |= d[i];
  }
  return nonzero != 0 && less != 0;
}

// An EC key on P-256 from OpenSSL parameters: the scalar `d` (nullptr for a
// public key) and/or the encoded public point (empty for a bare scalar).
Result<ossl::PkeyPtr, CryptoError> FromData(const BIGNUM* d,
                                            std::span<const uint8_t> point) {
  ossl::ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bld ||
      !OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME,
                                       "prime256v1", 0) ||
      (d && !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, d)) ||
      (!point.empty() &&
       !OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY,
                                         point.data(), point.size()))) {
    return MakeErr(CryptoError::kInternal);
  }
  ossl::ParamPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
  ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  EVP_PKEY* pkey = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &pkey,
                        d ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY,
                        params.get()) != 1) {
    return MakeErr(CryptoError::kInternal);
  }
  return ossl::PkeyPtr(pkey);
}

Result<ossl::PkeyPtr, CryptoError> P256PublicPkey(const P256Point& p) {
  Status<CryptoError> valid = CheckP256Point(p);
  if (!valid.ok()) return MakeErr(valid.error());
  EncodedPoint point = Encode(p);
  return FromData(nullptr, point);
}

}  // namespace

Result<ossl::PkeyPtr, CryptoError> P256PrivatePkey(
    std::span<const uint8_t> private_key, bool with_public) {
  if (!ValidScalar(private_key)) return MakeErr(CryptoError::kBadArgument);
  EncodedPoint point;
  if (with_public) {
    auto pub = P256PublicKey(private_key);
    if (!pub.ok()) return MakeErr(pub.error());
    point = Encode(*pub);
  }
  ossl::BnPtr d(BN_bin2bn(private_key.data(), kP256ScalarSize, nullptr));
  if (!d) return MakeErr(CryptoError::kInternal);
  return FromData(d.get(), with_public ? std::span<const uint8_t>(point)
                                       : std::span<const uint8_t>());
}

SecretBytes GenerateP256PrivateKey(Platform& platform) {
  SecretBytes key(kP256ScalarSize);
  do {
    platform.Random(key.mutable_view());
  } while (!ValidScalar(key.view()));
  return key;
}

Result<P256Point, CryptoError> P256PublicKey(
    std::span<const uint8_t> private_key) {
  if (!ValidScalar(private_key)) return MakeErr(CryptoError::kBadArgument);
  const EC_GROUP* group = P256Group();
  ossl::BnPtr d(BN_bin2bn(private_key.data(), kP256ScalarSize, nullptr));
  ossl::BnCtxPtr bn_ctx(BN_CTX_new());
  PointPtr point(group ? EC_POINT_new(group) : nullptr);
  EncodedPoint buf;
  if (!group || !d || !bn_ctx || !point ||
      EC_POINT_mul(group, point.get(), d.get(), nullptr, nullptr,
                   bn_ctx.get()) != 1 ||
      EC_POINT_point2oct(group, point.get(), POINT_CONVERSION_UNCOMPRESSED,
                         buf.data(), buf.size(), bn_ctx.get()) != buf.size()) {
    return MakeErr(CryptoError::kInternal);
  }
  P256Point out;
  std::copy(buf.begin() + 1, buf.begin() + 33, out.x.begin());
  std::copy(buf.begin() + 33, buf.end(), out.y.begin());
  return out;
}

Status<CryptoError> CheckP256Point(const P256Point& p) {
  const EC_GROUP* group = P256Group();
  ossl::BnCtxPtr bn_ctx(BN_CTX_new());
  PointPtr point(group ? EC_POINT_new(group) : nullptr);
  if (!group || !bn_ctx || !point) return MakeErr(CryptoError::kInternal);
  EncodedPoint buf = Encode(p);
  // oct2point rejects coordinates >= p and points off the curve.
  if (EC_POINT_oct2point(group, point.get(), buf.data(), buf.size(),
                         bn_ctx.get()) != 1 ||
      EC_POINT_is_on_curve(group, point.get(), bn_ctx.get()) != 1 ||
      EC_POINT_is_at_infinity(group, point.get()) != 0) {
    return MakeErr(CryptoError::kBadArgument);
  }
  return Status<CryptoError>::Ok();
}

Result<std::vector<uint8_t>, CryptoError> EcdsaP256Sign(
    std::span<const uint8_t> private_key, std::span<const uint8_t> message) {
  auto pkey = P256PrivatePkey(private_key, /*with_public=*/false);
  if (!pkey.ok()) return MakeErr(pkey.error());
  const EVP_MD* md = fetched::Sha256();
  if (md == nullptr) return MakeErr(CryptoError::kInternal);
  return DigestSign(pkey->get(), md, message);
}

Result<SecretBytes, CryptoError> EcdhP256(std::span<const uint8_t> private_key,
                                          const P256Point& peer) {
  auto own = P256PrivatePkey(private_key, /*with_public=*/false);
  if (!own.ok()) return MakeErr(own.error());
  auto other = P256PublicPkey(peer);
  if (!other.ok()) return MakeErr(other.error());
  ossl::PkeyCtxPtr ctx(
      EVP_PKEY_CTX_new_from_pkey(nullptr, own->get(), nullptr));
  size_t len = 32;
  SecretBytes z(32);
  if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1 ||
      EVP_PKEY_derive_set_peer(ctx.get(), other->get()) != 1 ||
      EVP_PKEY_derive(ctx.get(), z.mutable_view().data(), &len) != 1 ||
      len != 32) {
    return MakeErr(CryptoError::kInternal);
  }
  return z;
}

}  // namespace hsm::crypto
