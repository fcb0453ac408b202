#include "pin_protocol.h"

#include <openssl/crypto.h>

#include <array>
#include <string_view>

namespace hsm::ctap2::pin {
namespace {

std::span<const uint8_t> AsBytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// v2 keys: HMAC key first, AES key second (CTAP 2.1 §6.5.7 kdf()).
std::span<const uint8_t> AesKey(uint8_t protocol, std::span<const uint8_t> s) {
  return protocol == 1 ? s : s.subspan(32, 32);
}

}  // namespace

std::optional<SecretBytes> SharedSecret(uint8_t protocol,
                                        std::span<const uint8_t> own_private,
                                        const crypto::P256Point& peer) {
  auto z = crypto::EcdhP256(own_private, peer);
  if (!z) return std::nullopt;
  if (protocol == 1) {
    crypto::Digest d = crypto::Sha256(z->view());
    SecretBytes out(d);
    OPENSSL_cleanse(d.data(), d.size());
    return out;
  }
  std::array<uint8_t, 32> salt{};
  SecretBytes hmac_key =
      crypto::HkdfSha256(salt, z->view(), AsBytes("CTAP2 HMAC key"), 32);
  SecretBytes aes_key =
      crypto::HkdfSha256(salt, z->view(), AsBytes("CTAP2 AES key"), 32);
  if (hmac_key.size() != 32 || aes_key.size() != 32) return std::nullopt;
  SecretBytes out(64);
  std::copy(hmac_key.view().begin(), hmac_key.view().end(),
            out.mutable_view().begin());
  std::copy(aes_key.view().begin(), aes_key.view().end(),
            out.mutable_view().begin() + 32);
  return out;
}

std::optional<std::vector<uint8_t>> Encrypt(
    uint8_t protocol, Platform& platform, std::span<const uint8_t> shared,
    std::span<const uint8_t> plaintext) {
  std::array<uint8_t, 16> iv{};
  if (protocol == 1) {
    if (shared.size() != 32) return std::nullopt;
    return crypto::Aes256CbcEncrypt(shared, iv, plaintext);
  }
  if (shared.size() != 64) return std::nullopt;
  platform.Random(iv);
  auto ct = crypto::Aes256CbcEncrypt(AesKey(protocol, shared), iv, plaintext);
  if (!ct) return std::nullopt;
  std::vector<uint8_t> out(iv.begin(), iv.end());
  out.insert(out.end(), ct->begin(), ct->end());
  return out;
}

std::optional<SecretBytes> Decrypt(uint8_t protocol,
                                   std::span<const uint8_t> shared,
                                   std::span<const uint8_t> ciphertext) {
  std::array<uint8_t, 16> iv{};
  std::span<const uint8_t> body = ciphertext;
  if (protocol == 1) {
    if (shared.size() != 32) return std::nullopt;
  } else {
    if (shared.size() != 64 || ciphertext.size() < 16) return std::nullopt;
    std::copy(ciphertext.begin(), ciphertext.begin() + 16, iv.begin());
    body = ciphertext.subspan(16);
  }
  if (body.size() % 16 != 0) return std::nullopt;
  auto pt = crypto::Aes256CbcDecrypt(AesKey(protocol, shared), iv, body);
  if (!pt) return std::nullopt;
  SecretBytes out(*pt);
  OPENSSL_cleanse(pt->data(), pt->size());
  return out;
}

std::vector<uint8_t> Authenticate(uint8_t protocol,
                                  std::span<const uint8_t> key,
                                  std::span<const uint8_t> message) {
  if (protocol == 2 && key.size() > 32) key = key.first(32);
  crypto::Digest mac = crypto::HmacSha256(key, message);
  size_t n = protocol == 1 ? 16 : 32;
  return std::vector<uint8_t>(mac.begin(), mac.begin() + n);
}

bool Verify(uint8_t protocol, std::span<const uint8_t> key,
            std::span<const uint8_t> message,
            std::span<const uint8_t> signature) {
  std::vector<uint8_t> expected = Authenticate(protocol, key, message);
  return signature.size() == expected.size() &&
         CRYPTO_memcmp(signature.data(), expected.data(), expected.size()) == 0;
}

}  // namespace hsm::ctap2::pin
