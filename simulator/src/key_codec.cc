#include "key_codec.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>
#include <string_view>

namespace keysim {
namespace {

constexpr size_t kScalarSize = 32;
constexpr size_t kPointSize = 65;
constexpr size_t kEd25519Size = 32;

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct CtxFree {
  void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};
struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct BnFree {
  void operator()(BIGNUM* b) const { BN_clear_free(b); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

bool IsP256(EVP_PKEY* key) {
  char group[64] = {};
  size_t len = 0;
  return EVP_PKEY_is_a(key, "EC") &&
         EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group,
                                        sizeof group, &len) == 1 &&
         (std::string_view(group) == "prime256v1" ||
          std::string_view(group) == "P-256");
}

Pkey P256FromPoint(std::span<const uint8_t> point) {
  std::unique_ptr<EVP_PKEY_CTX, CtxFree> ctx(
      EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1) return nullptr;
  char group[] = "prime256v1";
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group, 0),
      OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY,
                                        const_cast<uint8_t*>(point.data()),
                                        point.size()),
      OSSL_PARAM_construct_end()};
  EVP_PKEY* key = nullptr;
  if (EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params) != 1) {
    return nullptr;
  }
  return Pkey(key);
}

}  // namespace

std::optional<std::vector<uint8_t>> P256ScalarFromKey(
    std::span<const uint8_t> key) {
  if (key.size() == kScalarSize) {
    return std::vector<uint8_t>(key.begin(), key.end());
  }
  const unsigned char* p = key.data();
  std::unique_ptr<PKCS8_PRIV_KEY_INFO, decltype(&PKCS8_PRIV_KEY_INFO_free)>
      info(d2i_PKCS8_PRIV_KEY_INFO(nullptr, &p, static_cast<long>(key.size())),
           PKCS8_PRIV_KEY_INFO_free);
  if (!info || p != key.data() + key.size()) return std::nullopt;
  Pkey pkey(EVP_PKCS82PKEY(info.get()));
  if (!pkey || !IsP256(pkey.get())) return std::nullopt;
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(pkey.get(), OSSL_PKEY_PARAM_PRIV_KEY, &raw) != 1) {
    return std::nullopt;
  }
  std::unique_ptr<BIGNUM, BnFree> d(raw);
  std::vector<uint8_t> scalar(kScalarSize);
  if (BN_bn2binpad(d.get(), scalar.data(), kScalarSize) !=
      static_cast<int>(kScalarSize)) {
    return std::nullopt;
  }
  return scalar;
}

std::optional<std::string> PublicKeyPem(std::span<const uint8_t> public_key) {
  Pkey key;
  if (public_key.size() == kPointSize && public_key[0] == 0x04) {
    key = P256FromPoint(public_key);
  } else if (public_key.size() == kEd25519Size) {
    key.reset(EVP_PKEY_new_raw_public_key(
        EVP_PKEY_ED25519, nullptr, public_key.data(), public_key.size()));
  }
  if (!key) return std::nullopt;
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), key.get()) != 1) {
    return std::nullopt;
  }
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  if (len <= 0) return std::nullopt;
  return std::string(data, static_cast<size_t>(len));
}

}  // namespace keysim
