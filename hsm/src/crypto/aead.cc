#include "hsm/crypto/aead.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>

#include "fetched.h"
#include "ossl.h"

namespace hsm::crypto {
namespace {

using Tag = std::span<uint8_t, kGcmTagSize>;

// `text` is the plaintext (Seal) or ciphertext ‖ tag (Open).
bool ArgsOk(std::span<const uint8_t> key, std::span<const uint8_t> nonce,
            std::span<const uint8_t> aad, std::span<const uint8_t> text) {
  return key.size() == kAes256KeySize && nonce.size() == kGcmNonceSize &&
         aad.size() <= (1u << 20) && text.size() <= (1u << 30);
}

// One AES-256-GCM pass: GCM-AE (SP 800-38D §7.1) when `encrypt`, else GCM-AD
// (§7.2). Authenticates `aad`, turns `in` into as many bytes at `out` (GCM
// is a counter mode), and writes the tag (encrypting) or checks `tag`
// against it (decrypting: a mismatch is kAuthFailed).
Status<CryptoError> Gcm(bool encrypt, std::span<const uint8_t> key,
                        std::span<const uint8_t> nonce,
                        std::span<const uint8_t> aad,
                        std::span<const uint8_t> in, uint8_t* out, Tag tag) {
  const int enc = encrypt ? 1 : 0;
  ossl::CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  if (!ctx ||
      EVP_CipherInit_ex(ctx.get(), fetched::Aes256Gcm(), nullptr, nullptr,
                        nullptr, enc) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kGcmNonceSize,
                          nullptr) != 1 ||
      EVP_CipherInit_ex(ctx.get(), nullptr, nullptr, key.data(), nonce.data(),
                        enc) != 1 ||
      // The expected tag may be set any time before the final step.
      (!encrypt && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG,
                                       kGcmTagSize, tag.data()) != 1) ||
      (!aad.empty() && EVP_CipherUpdate(ctx.get(), nullptr, &len, aad.data(),
                                        static_cast<int>(aad.size())) != 1)) {
    return MakeErr(CryptoError::kInternal);
  }
  size_t written = 0;
  if (!in.empty()) {
    if (EVP_CipherUpdate(ctx.get(), out, &len, in.data(),
                         static_cast<int>(in.size())) != 1) {
      return MakeErr(CryptoError::kInternal);
    }
    written = static_cast<size_t>(len);
  }
  uint8_t scratch[16];
  if (EVP_CipherFinal_ex(ctx.get(),
                         written < in.size() ? out + written : scratch,
                         &len) != 1) {
    return MakeErr(encrypt ? CryptoError::kInternal : CryptoError::kAuthFailed);
  }
  written += static_cast<size_t>(len);
  if (written != in.size() ||
      (encrypt && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG,
                                      kGcmTagSize, tag.data()) != 1)) {
    return MakeErr(CryptoError::kInternal);
  }
  return Status<CryptoError>::Ok();
}

}  // namespace

Result<std::vector<uint8_t>, CryptoError> Aes256GcmSeal(
    std::span<const uint8_t> key, std::span<const uint8_t> nonce,
    std::span<const uint8_t> aad, std::span<const uint8_t> plaintext) {
  if (!ArgsOk(key, nonce, aad, plaintext)) {
    return MakeErr(CryptoError::kBadArgument);
  }
  std::vector<uint8_t> out(plaintext.size() + kGcmTagSize);
  Status<CryptoError> s =
      Gcm(/*encrypt=*/true, key, nonce, aad, plaintext, out.data(),
          Tag(out.data() + plaintext.size(), kGcmTagSize));
  if (!s.ok()) return MakeErr(s.error());
  return out;
}

// No plaintext unless the tag verifies: on a mismatch `out` is wiped.
Result<SecretBytes, CryptoError> Aes256GcmOpen(
    std::span<const uint8_t> key, std::span<const uint8_t> nonce,
    std::span<const uint8_t> aad, std::span<const uint8_t> sealed) {
  if (!ArgsOk(key, nonce, aad, sealed)) {
    return MakeErr(CryptoError::kBadArgument);
  }
  if (sealed.size() < kGcmTagSize) return MakeErr(CryptoError::kAuthFailed);
  const size_t ct_len = sealed.size() - kGcmTagSize;
  // EVP wants a writable tag buffer.
  std::array<uint8_t, kGcmTagSize> tag;
  std::copy(sealed.begin() + ct_len, sealed.end(), tag.begin());
  SecretBytes out(ct_len);
  Status<CryptoError> s =
      Gcm(/*encrypt=*/false, key, nonce, aad, sealed.first(ct_len),
          out.mutable_view().data(), tag);
  if (!s.ok()) return MakeErr(s.error());
  return out;
}

}  // namespace hsm::crypto
