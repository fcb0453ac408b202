// Private to hsm/src/crypto: what OpenSSL calls each HashAlg, and its unkeyed
// HMAC context.
#ifndef HSM_SRC_CRYPTO_DIGEST_H_
#define HSM_SRC_CRYPTO_DIGEST_H_

#include <openssl/evp.h>

#include <cstddef>

#include "hsm/crypto/hash.h"

namespace hsm::crypto {

struct DigestInfo {
  const char* name;  // the EVP_MAC "digest" parameter
  size_t size;
  const EVP_MD* (*md)();  // fetched.h; returns nullptr if the fetch failed
};

// An out-of-range `alg` gets {nullptr, 0, nullptr}.
const DigestInfo& Digest(HashAlg alg);

// An unkeyed HMAC context with `alg`'s digest already chosen, made once per
// HashAlg and kept for the process: setting the digest by name fetches it
// from the provider, which costs several times the HMAC itself. Callers
// duplicate it (EVP_MAC_CTX_dup) and key the copy; it holds no key, so it is
// no secret. nullptr if it could not be made or `alg` is out of range.
const EVP_MAC_CTX* UnkeyedHmac(HashAlg alg);

}  // namespace hsm::crypto

#endif  // HSM_SRC_CRYPTO_DIGEST_H_
