#include "hsm/crypto/hash.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <memory>

namespace hsm::crypto {
namespace {

const char* DigestName(HashAlg alg) {
  switch (alg) {
    case HashAlg::kSha1:
      return "SHA1";
    case HashAlg::kSha256:
      return "SHA256";
    case HashAlg::kSha512:
      return "SHA512";
  }
  return "SHA256";
}

// A non-null pointer for empty spans: OpenSSL treats a NULL key as "keep the
// previous key", which is not what an empty HMAC key means.
const uint8_t* NonNull(std::span<const uint8_t> s) {
  static const uint8_t kEmpty = 0;
  return s.empty() ? &kEmpty : s.data();
}

struct MacDeleter {
  void operator()(EVP_MAC* m) const { EVP_MAC_free(m); }
};
struct MacCtxDeleter {
  void operator()(EVP_MAC_CTX* c) const { EVP_MAC_CTX_free(c); }
};
struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

}  // namespace

const char* ToString(CryptoError error) {
  switch (error) {
    case CryptoError::kInternal:
      return "crypto internal error";
    case CryptoError::kBadArgument:
      return "crypto bad argument";
    case CryptoError::kAuthFailed:
      return "authentication failed";
  }
  return "unknown crypto error";
}

size_t DigestSize(HashAlg alg) {
  switch (alg) {
    case HashAlg::kSha1:
      return 20;
    case HashAlg::kSha256:
      return 32;
    case HashAlg::kSha512:
      return 64;
  }
  return 0;
}

Result<std::vector<uint8_t>, CryptoError> Sha256(
    std::span<const uint8_t> data) {
  std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
  if (!ctx) return MakeErr(CryptoError::kInternal);
  std::vector<uint8_t> out(kSha256Size);
  unsigned int len = 0;
  if (EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), NonNull(data), data.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), out.data(), &len) != 1 ||
      len != kSha256Size) {
    return MakeErr(CryptoError::kInternal);
  }
  return out;
}

// RFC 2104 via the OpenSSL 3 EVP_MAC "HMAC" provider implementation.
Result<std::vector<uint8_t>, CryptoError> Hmac(HashAlg alg,
                                               std::span<const uint8_t> key,
                                               std::span<const uint8_t> data) {
  std::unique_ptr<EVP_MAC, MacDeleter> mac(
      EVP_MAC_fetch(nullptr, "HMAC", nullptr));
  if (!mac) return MakeErr(CryptoError::kInternal);
  std::unique_ptr<EVP_MAC_CTX, MacCtxDeleter> ctx(EVP_MAC_CTX_new(mac.get()));
  if (!ctx) return MakeErr(CryptoError::kInternal);
  OSSL_PARAM params[2];
  params[0] = OSSL_PARAM_construct_utf8_string(
      OSSL_MAC_PARAM_DIGEST, const_cast<char*>(DigestName(alg)), 0);
  params[1] = OSSL_PARAM_construct_end();
  if (EVP_MAC_init(ctx.get(), NonNull(key), key.size(), params) != 1 ||
      EVP_MAC_update(ctx.get(), NonNull(data), data.size()) != 1) {
    return MakeErr(CryptoError::kInternal);
  }
  std::vector<uint8_t> out(DigestSize(alg));
  size_t len = 0;
  if (EVP_MAC_final(ctx.get(), out.data(), &len, out.size()) != 1 ||
      len != out.size()) {
    return MakeErr(CryptoError::kInternal);
  }
  return out;
}

}  // namespace hsm::crypto
