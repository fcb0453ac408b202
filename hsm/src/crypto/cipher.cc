#include "hsm/crypto/cipher.h"

#include <openssl/evp.h>

#include "fetched.h"
#include "ossl.h"

namespace hsm::crypto {
namespace {

// One CBC pass over whole blocks into `out` (as many bytes as `in`).
Status<CryptoError> Cbc(bool encrypt, std::span<const uint8_t> key,
                        std::span<const uint8_t> iv,
                        std::span<const uint8_t> in, std::span<uint8_t> out) {
  if (key.size() != kAes256KeySize || iv.size() != kCbcIvSize ||
      in.size() % kAesBlockSize != 0 || in.size() > (1u << 20)) {
    return MakeErr(CryptoError::kBadArgument);
  }
  ossl::CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  int len = 0, fin = 0;
  uint8_t scratch[kAesBlockSize];  // Final writes nothing without padding
  if (!ctx ||
      EVP_CipherInit_ex(ctx.get(), fetched::Aes256Cbc(), nullptr, key.data(),
                        iv.data(), encrypt ? 1 : 0) != 1 ||
      EVP_CIPHER_CTX_set_padding(ctx.get(), 0) != 1 ||
      (!in.empty() && EVP_CipherUpdate(ctx.get(), out.data(), &len, in.data(),
                                       static_cast<int>(in.size())) != 1) ||
      EVP_CipherFinal_ex(ctx.get(), scratch, &fin) != 1 ||
      static_cast<size_t>(len) != in.size() || fin != 0) {
    return MakeErr(CryptoError::kInternal);
  }
  return Status<CryptoError>::Ok();
}

}  // namespace

Result<std::vector<uint8_t>, CryptoError> Aes256CbcEncrypt(
    std::span<const uint8_t> key, std::span<const uint8_t> iv,
    std::span<const uint8_t> plaintext) {
  std::vector<uint8_t> out(plaintext.size());
  Status<CryptoError> s = Cbc(/*encrypt=*/true, key, iv, plaintext, out);
  if (!s.ok()) return MakeErr(s.error());
  return out;
}

Result<SecretBytes, CryptoError> Aes256CbcDecrypt(
    std::span<const uint8_t> key, std::span<const uint8_t> iv,
    std::span<const uint8_t> ciphertext) {
  SecretBytes out(ciphertext.size());
  Status<CryptoError> s =
      Cbc(/*encrypt=*/false, key, iv, ciphertext, out.mutable_view());
  if (!s.ok()) return MakeErr(s.error());  // `out` is wiped on return
  return out;
}

}  // namespace hsm::crypto
