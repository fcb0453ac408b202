#include "hsm/crypto/aead.h"

#include <openssl/evp.h>

#include <algorithm>
#include <memory>

namespace hsm::crypto {
namespace {

struct CipherCtxDeleter {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter>;

bool ArgsOk(std::span<const uint8_t> key, std::span<const uint8_t> nonce) {
  return key.size() == kAes256KeySize && nonce.size() == kGcmNonceSize;
}

}  // namespace

// NIST SP 800-38D §7.1 (GCM-AE).
Result<std::vector<uint8_t>, CryptoError> Aes256GcmSeal(
    std::span<const uint8_t> key, std::span<const uint8_t> nonce,
    std::span<const uint8_t> aad, std::span<const uint8_t> plaintext) {
  if (!ArgsOk(key, nonce) || plaintext.size() > (1u << 30) ||
      aad.size() > (1u << 20)) {
    return MakeErr(CryptoError::kBadArgument);
  }
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return MakeErr(CryptoError::kInternal);
  std::vector<uint8_t> out(plaintext.size() + kGcmTagSize);
  int len = 0;
  if (EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr,
                         nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kGcmNonceSize,
                          nullptr) != 1 ||
      EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, key.data(),
                         nonce.data()) != 1) {
    return MakeErr(CryptoError::kInternal);
  }
  if (!aad.empty() && EVP_EncryptUpdate(ctx.get(), nullptr, &len, aad.data(),
                                        static_cast<int>(aad.size())) != 1) {
    return MakeErr(CryptoError::kInternal);
  }
  size_t written = 0;
  if (!plaintext.empty()) {
    if (EVP_EncryptUpdate(ctx.get(), out.data(), &len, plaintext.data(),
                          static_cast<int>(plaintext.size())) != 1) {
      return MakeErr(CryptoError::kInternal);
    }
    written = static_cast<size_t>(len);
  }
  if (EVP_EncryptFinal_ex(ctx.get(), out.data() + written, &len) != 1) {
    return MakeErr(CryptoError::kInternal);
  }
  written += static_cast<size_t>(len);
  if (written != plaintext.size() ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kGcmTagSize,
                          out.data() + written) != 1) {
    return MakeErr(CryptoError::kInternal);
  }
  return out;
}

// NIST SP 800-38D §7.2 (GCM-AD): no plaintext unless the tag verifies.
Result<SecretBytes, CryptoError> Aes256GcmOpen(
    std::span<const uint8_t> key, std::span<const uint8_t> nonce,
    std::span<const uint8_t> aad, std::span<const uint8_t> sealed) {
  if (!ArgsOk(key, nonce) || aad.size() > (1u << 20) ||
      sealed.size() > (1u << 30)) {
    return MakeErr(CryptoError::kBadArgument);
  }
  if (sealed.size() < kGcmTagSize) return MakeErr(CryptoError::kAuthFailed);
  const size_t ct_len = sealed.size() - kGcmTagSize;
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return MakeErr(CryptoError::kInternal);
  SecretBytes out(ct_len);
  int len = 0;
  if (EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr,
                         nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kGcmNonceSize,
                          nullptr) != 1 ||
      EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, key.data(),
                         nonce.data()) != 1) {
    return MakeErr(CryptoError::kInternal);
  }
  if (!aad.empty() && EVP_DecryptUpdate(ctx.get(), nullptr, &len, aad.data(),
                                        static_cast<int>(aad.size())) != 1) {
    return MakeErr(CryptoError::kInternal);
  }
  size_t written = 0;
  if (ct_len > 0) {
    if (EVP_DecryptUpdate(ctx.get(), out.mutable_view().data(), &len,
                          sealed.data(), static_cast<int>(ct_len)) != 1) {
      return MakeErr(CryptoError::kInternal);
    }
    written = static_cast<size_t>(len);
  }
  // EVP wants a writable tag buffer.
  uint8_t tag[kGcmTagSize];
  std::copy(sealed.begin() + ct_len, sealed.end(), tag);
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kGcmTagSize, tag) !=
      1) {
    return MakeErr(CryptoError::kInternal);
  }
  uint8_t scratch[16];
  if (EVP_DecryptFinal_ex(
          ctx.get(),
          written < ct_len ? out.mutable_view().data() + written : scratch,
          &len) != 1) {
    return MakeErr(CryptoError::kAuthFailed);  // `out` is wiped on return
  }
  return out;
}

}  // namespace hsm::crypto
