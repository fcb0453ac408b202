#include "hsm/crypto/kdf.h"

#include <openssl/evp.h>
#include <openssl/kdf.h>

#include "digest.h"
#include "fetched.h"
#include "ossl.h"

namespace hsm::crypto {

// RFC 8018 §5.2 via PKCS5_PBKDF2_HMAC (an EVP-level OpenSSL API).
Result<SecretBytes, CryptoError> Pbkdf2Hmac(HashAlg alg,
                                            std::span<const uint8_t> password,
                                            std::span<const uint8_t> salt,
                                            uint32_t iterations,
                                            size_t out_len) {
  if (iterations == 0 || iterations > (1u << 24) || out_len == 0 ||
      out_len > 1024 || password.size() > 4096 || salt.size() > 4096) {
    return MakeErr(CryptoError::kBadArgument);
  }
  const DigestInfo& digest = Digest(alg);
  const EVP_MD* md = digest.md != nullptr ? digest.md() : nullptr;
  SecretBytes out(out_len);
  if (md == nullptr ||
      PKCS5_PBKDF2_HMAC(
          reinterpret_cast<const char*>(ossl::NonNull(password)),
          static_cast<int>(password.size()), ossl::NonNull(salt),
          static_cast<int>(salt.size()), static_cast<int>(iterations), md,
          static_cast<int>(out_len), out.mutable_view().data()) != 1) {
    return MakeErr(CryptoError::kInternal);
  }
  return out;
}

// RFC 5869 via the EVP_PKEY HKDF method (extract-and-expand mode).
Result<SecretBytes, CryptoError> HkdfSha256(std::span<const uint8_t> salt,
                                            std::span<const uint8_t> ikm,
                                            std::span<const uint8_t> info,
                                            size_t length) {
  if (length == 0 || length > 255 * kSha256Size || salt.size() > 4096 ||
      ikm.size() > 4096 || info.size() > 1024) {
    return MakeErr(CryptoError::kBadArgument);
  }
  SecretBytes out(length);
  ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, nullptr));
  size_t len = length;
  const EVP_MD* md = fetched::Sha256();
  if (!ctx || md == nullptr || EVP_PKEY_derive_init(ctx.get()) != 1 ||
      EVP_PKEY_CTX_set_hkdf_md(ctx.get(), md) != 1 ||
      EVP_PKEY_CTX_set1_hkdf_salt(ctx.get(), ossl::NonNull(salt),
                                  static_cast<int>(salt.size())) != 1 ||
      EVP_PKEY_CTX_set1_hkdf_key(ctx.get(), ossl::NonNull(ikm),
                                 static_cast<int>(ikm.size())) != 1 ||
      EVP_PKEY_CTX_add1_hkdf_info(ctx.get(), ossl::NonNull(info),
                                  static_cast<int>(info.size())) != 1 ||
      EVP_PKEY_derive(ctx.get(), out.mutable_view().data(), &len) != 1 ||
      len != length) {
    return MakeErr(CryptoError::kInternal);
  }
  return out;
}

}  // namespace hsm::crypto
