#include "sign.h"

#include "ossl.h"

namespace hsm::crypto {

Result<std::vector<uint8_t>, CryptoError> DigestSign(
    EVP_PKEY* pkey, const EVP_MD* md, std::span<const uint8_t> message) {
  ossl::MdCtxPtr ctx(EVP_MD_CTX_new());
  size_t len = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, md, nullptr, pkey) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &len, ossl::NonNull(message),
                     message.size()) != 1) {
    return MakeErr(CryptoError::kInternal);
  }
  std::vector<uint8_t> sig(len);
  if (EVP_DigestSign(ctx.get(), sig.data(), &len, ossl::NonNull(message),
                     message.size()) != 1) {
    return MakeErr(CryptoError::kInternal);
  }
  sig.resize(len);
  return sig;
}

}  // namespace hsm::crypto
