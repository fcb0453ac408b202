#include "hsm/crypto/ed25519.h"

#include <openssl/evp.h>

#include "ed25519_pkey.h"
#include "ossl.h"
#include "sign.h"

namespace hsm::crypto {

Result<ossl::PkeyPtr, CryptoError> Ed25519Pkey(
    std::span<const uint8_t> private_key) {
  if (private_key.size() != kEd25519KeySize) {
    return MakeErr(CryptoError::kBadArgument);
  }
  ossl::PkeyPtr pkey(EVP_PKEY_new_raw_private_key(
      EVP_PKEY_ED25519, nullptr, private_key.data(), private_key.size()));
  if (!pkey) return MakeErr(CryptoError::kInternal);
  return pkey;
}

SecretBytes GenerateEd25519PrivateKey(Platform& platform) {
  SecretBytes key(kEd25519KeySize);
  platform.Random(key.mutable_view());
  return key;
}

Result<Ed25519PublicKeyBytes, CryptoError> Ed25519PublicKey(
    std::span<const uint8_t> private_key) {
  auto pkey = Ed25519Pkey(private_key);
  if (!pkey.ok()) return MakeErr(pkey.error());
  Ed25519PublicKeyBytes out;
  size_t len = out.size();
  if (EVP_PKEY_get_raw_public_key(pkey->get(), out.data(), &len) != 1 ||
      len != out.size()) {
    return MakeErr(CryptoError::kInternal);
  }
  return out;
}

Result<std::vector<uint8_t>, CryptoError> Ed25519Sign(
    std::span<const uint8_t> private_key, std::span<const uint8_t> message) {
  auto pkey = Ed25519Pkey(private_key);
  if (!pkey.ok()) return MakeErr(pkey.error());
  return DigestSign(pkey->get(), nullptr, message);
}

}  // namespace hsm::crypto
