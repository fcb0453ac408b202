// docs/protocol/oath.md §2.9.1: PIN key wrapping and credential sealing.
// KEK = PBKDF2-HMAC-SHA256(PIN, key_salt, kPinKdfIterations, 32) — its salt
// differs from the PIN hash's, so the stored hash says nothing about the KEK.
// Both wraps are AES-256-GCM (hsm/crypto/aead.h) with a fresh random nonce,
// stored as nonce ‖ ciphertext ‖ tag.
#include "pin_key.h"

#include "command.h"
#include "hsm/crypto/aead.h"
#include "hsm/crypto/kdf.h"

namespace hsm::oath {
namespace {

// Associated data of the wrapped PIN key (a credential's is its name).
constexpr uint8_t kWrapAad[] = {'o', 'a', 't', 'h', ' ', 'p',
                                'i', 'n', ' ', 'k', 'e', 'y'};

Result<std::vector<uint8_t>, Sw> Seal(Platform& platform,
                                      std::span<const uint8_t> key,
                                      std::span<const uint8_t> aad,
                                      std::span<const uint8_t> plaintext) {
  std::vector<uint8_t> out(crypto::kGcmNonceSize);
  platform.Random(out);
  auto sealed = crypto::Aes256GcmSeal(key, out, aad, plaintext);
  if (!sealed.ok()) return MakeErr(Sw::kNonPersistentError);
  out.insert(out.end(), sealed->begin(), sealed->end());
  return out;
}

// Opens nonce ‖ ciphertext ‖ tag; a short record fails like a bad tag.
Result<SecretBytes, crypto::CryptoError> Open(std::span<const uint8_t> key,
                                              std::span<const uint8_t> aad,
                                              std::span<const uint8_t> record) {
  if (record.size() < crypto::kGcmNonceSize + crypto::kGcmTagSize) {
    return MakeErr(crypto::CryptoError::kAuthFailed);
  }
  return crypto::Aes256GcmOpen(key, record.first(crypto::kGcmNonceSize), aad,
                               record.subspan(crypto::kGcmNonceSize));
}

Result<SecretBytes, crypto::CryptoError> DeriveKek(
    std::span<const uint8_t> pin_code, std::span<const uint8_t> key_salt) {
  return crypto::Pbkdf2Hmac(crypto::HashAlg::kSha256, pin_code, key_salt,
                            kPinKdfIterations, kPinKeySize);
}

}  // namespace

SecretBytes NewPinKey(Platform& platform) {
  SecretBytes key(kPinKeySize);
  platform.Random(key.mutable_view());
  return key;
}

Status<Sw> WrapPinKey(Platform& platform, std::span<const uint8_t> pin_code,
                      const SecretBytes& key, OathPin& pin) {
  SecretBytes salt(kPinSaltSize);
  platform.Random(salt.mutable_view());
  auto kek = DeriveKek(pin_code, salt.view());
  if (!kek.ok()) return MakeErr(Sw::kNonPersistentError);
  auto wrapped = Seal(platform, kek->view(), kWrapAad, key.view());
  if (!wrapped.ok()) return MakeErr(wrapped.error());
  pin.key_salt = std::move(salt);
  pin.wrapped_key = std::move(wrapped.value());
  return Status<Sw>::Ok();
}

Result<SecretBytes, Sw> UnwrapPinKey(std::span<const uint8_t> pin_code,
                                     const OathPin& pin, Sw damaged) {
  auto kek = DeriveKek(pin_code, pin.key_salt.view());
  if (!kek.ok()) return MakeErr(Sw::kNonPersistentError);
  auto key = Open(kek->view(), kWrapAad, pin.wrapped_key);
  if (!key.ok() || key->size() != kPinKeySize) return MakeErr(damaged);
  return std::move(key.value());
}

Status<Sw> SealCredential(Platform& platform, const SecretBytes& key,
                          OathCredential& c) {
  auto sealed = Seal(platform, key.view(), c.name, c.secret.view());
  if (!sealed.ok()) return MakeErr(sealed.error());
  c.sealed = std::move(sealed.value());
  c.secret = SecretBytes();
  return Status<Sw>::Ok();
}

Result<SecretBytes, Sw> CredentialSecret(const OathCredential& c,
                                         const SecretBytes* key, Sw not_found) {
  if (c.sealed.empty()) return c.secret.Clone();
  if (key == nullptr) return MakeErr(Sw::kSecurityStatusNotSatisfied);
  auto secret = Open(key->view(), c.name, c.sealed);
  if (!secret.ok()) return MakeErr(not_found);
  return std::move(secret.value());
}

Status<Sw> SealPlainPinCredentials(Platform& platform, const SecretBytes& key,
                                   OathState& state) {
  for (OathCredential& c : state.credentials) {
    if (!(c.properties & kPropPinEncrypt) || !c.sealed.empty()) continue;
    if (auto s = SealCredential(platform, key, c); !s.ok()) return s;
  }
  return Status<Sw>::Ok();
}

}  // namespace hsm::oath
