// Private to hsm/src/crypto: what OpenSSL calls each HashAlg, and the HMAC
// steps that crypto::Hmac and HmacKeyCache share.
#ifndef HSM_SRC_CRYPTO_DIGEST_H_
#define HSM_SRC_CRYPTO_DIGEST_H_

#include <openssl/evp.h>

#include <cstddef>
#include <cstdint>
#include <span>

#include "hsm/crypto/hash.h"
#include "ossl.h"

namespace hsm::crypto {

struct DigestInfo {
  const char* name;  // the EVP_MAC "digest" parameter
  size_t size;
  const EVP_MD* (*md)();  // fetched.h; returns nullptr if the fetch failed
};

// An out-of-range `alg` gets {nullptr, 0, nullptr}.
const DigestInfo& Digest(HashAlg alg);

// An HMAC-alg context keyed with `key` (RFC 2104 §2 steps 1–2 and 5), or
// nullptr if it could not be made or `alg` is out of range. It is a copy of
// an unkeyed per-HashAlg template made once for the process: setting the
// digest by name fetches it from the provider, which costs several times the
// HMAC itself. Freeing it clears the key and the hash states (OpenSSL's HMAC
// context cleanses both on free).
ossl::MacCtxPtr KeyedHmac(HashAlg alg, std::span<const uint8_t> key);

// HMAC of `data` on a keyed context that has just been (re)initialized, into
// `out`, which must be the digest's size; false on any failure.
bool FinishHmac(EVP_MAC_CTX* keyed, std::span<const uint8_t> data,
                std::span<uint8_t> out);

}  // namespace hsm::crypto

#endif  // HSM_SRC_CRYPTO_DIGEST_H_
