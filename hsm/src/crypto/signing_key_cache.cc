#include "hsm/crypto/signing_key_cache.h"

#include <openssl/evp.h>

#include "ed25519_pkey.h"
#include "fetched.h"
#include "hsm/crypto/hash.h"
#include "ossl.h"
#include "p256_pkey.h"
#include "sign.h"

namespace hsm::crypto {

namespace {

constexpr size_t kMaxP256DerSignature = 72;

// An ECDSA signing context for `pkey`, initialized once (EVP_PKEY_sign_init
// looks up the key's provider and builds its operation context, about a
// tenth of a signature's cost); each EVP_PKEY_sign on it signs a new digest
// with a fresh nonce. SHA-256 is set so a digest of any other length is
// refused.
Result<ossl::PkeyCtxPtr, CryptoError> EcdsaSignContext(EVP_PKEY* pkey) {
  ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey, nullptr));
  const EVP_MD* md = fetched::Sha256();
  if (!ctx || md == nullptr || EVP_PKEY_sign_init(ctx.get()) != 1 ||
      EVP_PKEY_CTX_set_signature_md(ctx.get(), md) != 1) {
    return MakeErr(CryptoError::kInternal);
  }
  return ctx;
}

// ECDSA P-256 over SHA-256(message) (SEC 1 §4.1.3), DER-encoded as
// EcdsaP256Sign's: the same signature EVP_DigestSign makes, with the hash
// done here.
Result<std::vector<uint8_t>, CryptoError> EcdsaSign(
    EVP_PKEY_CTX* ctx, std::span<const uint8_t> message) {
  auto digest = Sha256(message);
  if (!digest.ok()) return MakeErr(digest.error());
  // The longest DER ECDSA-Sig-Value for P-256 (SEC 1 §C.5: SEQUENCE of two
  // INTEGERs of up to 33 bytes each) is 72 bytes, so no size query first.
  std::vector<uint8_t> sig(kMaxP256DerSignature);
  size_t len = sig.size();
  if (EVP_PKEY_sign(ctx, sig.data(), &len, digest->data(), digest->size()) !=
      1) {
    return MakeErr(CryptoError::kInternal);
  }
  sig.resize(len);
  return sig;
}

}  // namespace

struct SigningKeyCache::Key {
  ossl::PkeyPtr pkey;     // EVP_PKEY_free clears the private key
  ossl::PkeyCtxPtr sign;  // ES256: EcdsaSignContext(pkey); holds a reference

  Result<std::vector<uint8_t>, CryptoError> SignWith(
      std::span<const uint8_t> message) const {
    if (sign) return EcdsaSign(sign.get(), message);
    return DigestSign(pkey.get(), nullptr, message);  // Ed25519 hashes itself
  }
};

SigningKeyCache::SigningKeyCache() : keys_(kCapacity) {}
SigningKeyCache::~SigningKeyCache() = default;

Result<std::vector<uint8_t>, CryptoError> SigningKeyCache::Sign(
    Alg alg, std::span<const uint8_t> private_key,
    std::span<const uint8_t> message) {
  if (const Key* hit = keys_.Find(alg, private_key)) {
    return hit->SignWith(message);
  }
  auto pkey = alg == Alg::kEs256
                  ? P256PrivatePkey(private_key, /*with_public=*/false)
                  : Ed25519Pkey(private_key);
  if (!pkey.ok()) return MakeErr(pkey.error());
  ossl::PkeyCtxPtr sign;
  if (alg == Alg::kEs256) {
    auto ctx = EcdsaSignContext(pkey->get());
    if (!ctx.ok()) return MakeErr(ctx.error());
    sign = std::move(*ctx);
  }
  return keys_.Insert(alg, private_key, Key{std::move(*pkey), std::move(sign)})
      .SignWith(message);
}

void SigningKeyCache::Erase(std::span<const uint8_t> private_key) {
  keys_.Erase(private_key);
}

void SigningKeyCache::Clear() { keys_.Clear(); }

size_t SigningKeyCache::size() const { return keys_.size(); }

}  // namespace hsm::crypto
