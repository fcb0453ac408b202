// Private to hsm/src/crypto: what OpenSSL calls each HashAlg.
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

}  // namespace hsm::crypto

#endif  // HSM_SRC_CRYPTO_DIGEST_H_
