// OpenSSL-side checks for the P-256 and certificate tests: the verifier is
// OpenSSL itself, not hsm::crypto.
#ifndef TESTS_UNIT_HSM_CRYPTO_OPENSSL_UTIL_H_
#define TESTS_UNIT_HSM_CRYPTO_OPENSSL_UTIL_H_

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <cstdint>
#include <span>

#include "hsm/crypto/p256.h"

// True if `sig` (DER) is an ECDSA P-256 / SHA-256 signature of `message`
// under the public key `q`.
inline bool OpensslVerifyEs256(const hsm::crypto::P256Point& q,
                               std::span<const uint8_t> message,
                               std::span<const uint8_t> sig) {
  uint8_t point[65] = {0x04};
  std::copy(q.x.begin(), q.x.end(), point + 1);
  std::copy(q.y.begin(), q.y.end(), point + 33);
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1",
                                  0);
  OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point,
                                   sizeof(point));
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
  EVP_PKEY_CTX* pctx = EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr);
  EVP_PKEY* pkey = nullptr;
  bool ok = pctx && EVP_PKEY_fromdata_init(pctx) == 1 &&
            EVP_PKEY_fromdata(pctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) == 1;
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  ok = ok && md &&
       EVP_DigestVerifyInit(md, nullptr, EVP_sha256(), nullptr, pkey) == 1 &&
       EVP_DigestVerify(md, sig.data(), sig.size(), message.data(),
                        message.size()) == 1;
  EVP_MD_CTX_free(md);
  EVP_PKEY_free(pkey);
  EVP_PKEY_CTX_free(pctx);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(bld);
  return ok;
}

#endif  // TESTS_UNIT_HSM_CRYPTO_OPENSSL_UTIL_H_
