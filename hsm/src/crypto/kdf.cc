#include "hsm/crypto/kdf.h"

#include <openssl/evp.h>

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
  const EVP_MD* md = nullptr;
  switch (alg) {
    case HashAlg::kSha1:
      md = EVP_sha1();
      break;
    case HashAlg::kSha256:
      md = EVP_sha256();
      break;
    case HashAlg::kSha512:
      md = EVP_sha512();
      break;
  }
  static const uint8_t kEmpty = 0;
  SecretBytes out(out_len);
  if (md == nullptr ||
      PKCS5_PBKDF2_HMAC(
          reinterpret_cast<const char*>(password.empty() ? &kEmpty
                                                         : password.data()),
          static_cast<int>(password.size()),
          salt.empty() ? &kEmpty : salt.data(), static_cast<int>(salt.size()),
          static_cast<int>(iterations), md, static_cast<int>(out_len),
          out.mutable_view().data()) != 1) {
    return MakeErr(CryptoError::kInternal);
  }
  return out;
}

}  // namespace hsm::crypto
