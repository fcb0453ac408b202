// Private to hsm/src/crypto: algorithm implementations fetched from the
// OpenSSL provider once, on first use, and kept for the process.
//
// EVP_sha256(), EVP_aes_256_gcm() and the like are legacy handles: every
// EVP_DigestInit / EVP_CipherInit with one looks the provider
// implementation up again by name (an "implicit fetch", OpenSSL 3
// migration guide, "Fetching algorithms"), which costs more than hashing
// or sealing the few hundred bytes a request carries. An explicitly
// fetched object skips that lookup. Nothing is fetched before first use, so
// a process that never hashes never pays for the provider's method store.
// Each returns nullptr if the fetch failed; callers report kInternal. The
// digests behind HashAlg (digest.h) and every SHA-256 in hsm/src/crypto come
// from here.
#ifndef HSM_SRC_CRYPTO_FETCHED_H_
#define HSM_SRC_CRYPTO_FETCHED_H_

#include <openssl/evp.h>

namespace hsm::crypto::fetched {

const EVP_MD* Sha1();
const EVP_MD* Sha256();
const EVP_MD* Sha512();
const EVP_CIPHER* Aes256Gcm();
const EVP_CIPHER* Aes256Cbc();

}  // namespace hsm::crypto::fetched

#endif  // HSM_SRC_CRYPTO_FETCHED_H_
