// Private to hsm/src/crypto: owning pointers for OpenSSL objects, and the
// non-null pointer OpenSSL wants for an empty input.
#ifndef HSM_SRC_CRYPTO_OSSL_H_
#define HSM_SRC_CRYPTO_OSSL_H_

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <cstdint>
#include <memory>
#include <span>

namespace hsm::crypto::ossl {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
template <typename T, void (*Free)(T*)>
using Ptr = std::unique_ptr<T, Deleter<T, Free>>;

using BnCtxPtr = Ptr<BN_CTX, BN_CTX_free>;
using BnPtr = Ptr<BIGNUM, BN_clear_free>;
using CipherCtxPtr = Ptr<EVP_CIPHER_CTX, EVP_CIPHER_CTX_free>;
using MacCtxPtr = Ptr<EVP_MAC_CTX, EVP_MAC_CTX_free>;
using MacPtr = Ptr<EVP_MAC, EVP_MAC_free>;
using MdCtxPtr = Ptr<EVP_MD_CTX, EVP_MD_CTX_free>;
using ParamBldPtr = Ptr<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>;
using ParamPtr = Ptr<OSSL_PARAM, OSSL_PARAM_free>;
using PkeyCtxPtr = Ptr<EVP_PKEY_CTX, EVP_PKEY_CTX_free>;
using PkeyPtr = Ptr<EVP_PKEY, EVP_PKEY_free>;

// A non-null pointer for empty spans: OpenSSL treats a NULL key as "keep the
// previous key", which is not what an empty HMAC key means.
inline const uint8_t* NonNull(std::span<const uint8_t> s) {
  static const uint8_t kEmpty = 0;
  return s.empty() ? &kEmpty : s.data();
}

}  // namespace hsm::crypto::ossl

#endif  // HSM_SRC_CRYPTO_OSSL_H_
