#include "pin_protocol.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <array>
#include <string_view>

#include "hsm/crypto/cipher.h"
#include "hsm/crypto/hash.h"
#include "hsm/crypto/kdf.h"

namespace hsm::ctap2::pin {
namespace {

using crypto::CryptoError;

std::span<const uint8_t> AsBytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// v2 keys: HMAC key first, AES key second (CTAP 2.1 §6.5.7 kdf()).
std::span<const uint8_t> AesKey(uint8_t protocol, std::span<const uint8_t> s) {
  return protocol == 1 ? s : s.subspan(32, 32);
}

}  // namespace

Result<SecretBytes, CryptoError> SharedSecret(
    uint8_t protocol, std::span<const uint8_t> own_private,
    const crypto::P256Point& peer) {
  auto z = crypto::EcdhP256(own_private, peer);
  if (!z.ok()) return MakeErr(z.error());
  if (protocol == 1) {
    auto d = crypto::Sha256(z->view());
    if (!d.ok()) return MakeErr(d.error());
    SecretBytes out(*d);
    OPENSSL_cleanse(d->data(), d->size());
    return out;
  }
  std::array<uint8_t, 32> salt{};
  auto hmac_key =
      crypto::HkdfSha256(salt, z->view(), AsBytes("CTAP2 HMAC key"), 32);
  if (!hmac_key.ok()) return MakeErr(hmac_key.error());
  auto aes_key =
      crypto::HkdfSha256(salt, z->view(), AsBytes("CTAP2 AES key"), 32);
  if (!aes_key.ok()) return MakeErr(aes_key.error());
  SecretBytes out(64);
  std::copy(hmac_key->view().begin(), hmac_key->view().end(),
            out.mutable_view().begin());
  std::copy(aes_key->view().begin(), aes_key->view().end(),
            out.mutable_view().begin() + 32);
  return out;
}

Result<std::vector<uint8_t>, CryptoError> Encrypt(
    uint8_t protocol, Platform& platform, std::span<const uint8_t> shared,
    std::span<const uint8_t> plaintext) {
  std::array<uint8_t, crypto::kCbcIvSize> iv{};
  if (protocol == 1) {
    if (shared.size() != 32) return MakeErr(CryptoError::kBadArgument);
    return crypto::Aes256CbcEncrypt(shared, iv, plaintext);
  }
  if (shared.size() != 64) return MakeErr(CryptoError::kBadArgument);
  platform.Random(iv);
  auto ct = crypto::Aes256CbcEncrypt(AesKey(protocol, shared), iv, plaintext);
  if (!ct.ok()) return MakeErr(ct.error());
  std::vector<uint8_t> out(iv.begin(), iv.end());
  out.insert(out.end(), ct->begin(), ct->end());
  return out;
}

Result<SecretBytes, CryptoError> Decrypt(uint8_t protocol,
                                         std::span<const uint8_t> shared,
                                         std::span<const uint8_t> ciphertext) {
  std::array<uint8_t, crypto::kCbcIvSize> iv{};
  std::span<const uint8_t> body = ciphertext;
  if (protocol == 1) {
    if (shared.size() != 32) return MakeErr(CryptoError::kBadArgument);
  } else {
    if (shared.size() != 64 || ciphertext.size() < iv.size()) {
      return MakeErr(CryptoError::kBadArgument);
    }
    std::copy(ciphertext.begin(), ciphertext.begin() + iv.size(), iv.begin());
    body = ciphertext.subspan(iv.size());
  }
  // A body that is not whole blocks is kBadArgument.
  return crypto::Aes256CbcDecrypt(AesKey(protocol, shared), iv, body);
}

Result<std::vector<uint8_t>, CryptoError> Authenticate(
    uint8_t protocol, std::span<const uint8_t> key,
    std::span<const uint8_t> message) {
  if (protocol == 2 && key.size() > 32) key = key.first(32);
  auto mac = crypto::HmacSha256(key, message);
  if (!mac.ok()) return MakeErr(mac.error());
  size_t n = protocol == 1 ? 16 : 32;
  return std::vector<uint8_t>(mac->begin(), mac->begin() + n);
}

Result<bool, CryptoError> Verify(uint8_t protocol, std::span<const uint8_t> key,
                                 std::span<const uint8_t> message,
                                 std::span<const uint8_t> signature) {
  auto expected = Authenticate(protocol, key, message);
  if (!expected.ok()) return MakeErr(expected.error());
  return signature.size() == expected->size() &&
         CRYPTO_memcmp(signature.data(), expected->data(), expected->size()) ==
             0;
}

}  // namespace hsm::ctap2::pin
