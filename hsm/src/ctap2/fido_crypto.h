// Crypto for the CTAP2 authenticator, over OpenSSL 3 libcrypto (EVP).
//
// Contract: pure functions of their inputs except where a Platform is passed
// (key generation draws from Platform::Random; ECDSA and X.509 signing use
// OpenSSL's own DRBG for the per-signature nonce). Failures (bad key, point
// not on the curve, OpenSSL error) give nullopt / false, never an exception
// and never partial output. Private keys are 32-byte scalars (P-256) or
// 32-byte seeds (Ed25519), held in SecretBytes.
#ifndef HSM_SRC_CTAP2_FIDO_CRYPTO_H_
#define HSM_SRC_CTAP2_FIDO_CRYPTO_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "hsm/platform.h"
#include "hsm/secret.h"

namespace hsm::ctap2::crypto {

using Digest = std::array<uint8_t, 32>;

struct P256Point {
  std::array<uint8_t, 32> x{};
  std::array<uint8_t, 32> y{};
};

// FIPS 180-4, RFC 2104, RFC 5869.
Digest Sha256(std::span<const uint8_t> data);
Digest HmacSha256(std::span<const uint8_t> key, std::span<const uint8_t> data);
SecretBytes HkdfSha256(std::span<const uint8_t> salt,
                       std::span<const uint8_t> ikm,
                       std::span<const uint8_t> info, size_t length);

// AES-256-CBC without padding (CTAP 2.1 §6.5.6/§6.5.7): `data` must be a
// multiple of 16 bytes.
std::optional<std::vector<uint8_t>> Aes256CbcEncrypt(
    std::span<const uint8_t> key, std::span<const uint8_t> iv,
    std::span<const uint8_t> data);
std::optional<std::vector<uint8_t>> Aes256CbcDecrypt(
    std::span<const uint8_t> key, std::span<const uint8_t> iv,
    std::span<const uint8_t> data);

// AES-256-GCM (SP 800-38D): 12-byte nonce; output ciphertext || 16-byte tag.
std::optional<std::vector<uint8_t>> Aes256GcmSeal(
    std::span<const uint8_t> key, std::span<const uint8_t> nonce,
    std::span<const uint8_t> aad, std::span<const uint8_t> plaintext);
std::optional<SecretBytes> Aes256GcmOpen(std::span<const uint8_t> key,
                                         std::span<const uint8_t> nonce,
                                         std::span<const uint8_t> aad,
                                         std::span<const uint8_t> sealed);

// ECDSA / ECDH on P-256 (SEC 1).
SecretBytes GenerateP256PrivateKey(Platform& platform);
std::optional<P256Point> P256PublicKey(std::span<const uint8_t> private_key);
bool P256IsOnCurve(const P256Point& point);
// DER-encoded ECDSA signature over SHA-256(message).
std::optional<std::vector<uint8_t>> EcdsaP256Sign(
    std::span<const uint8_t> private_key, std::span<const uint8_t> message);
// The x coordinate of private_key * peer (CTAP 2.1 §6.5.6 ecdh()).
std::optional<SecretBytes> EcdhP256(std::span<const uint8_t> private_key,
                                    const P256Point& peer);

// Ed25519 (RFC 8032), for COSE alg -8.
SecretBytes GenerateEd25519PrivateKey(Platform& platform);
std::optional<std::array<uint8_t, 32>> Ed25519PublicKey(
    std::span<const uint8_t> private_key);
std::optional<std::vector<uint8_t>> Ed25519Sign(
    std::span<const uint8_t> private_key, std::span<const uint8_t> message);

// A self-signed X.509 v3 attestation certificate for the P-256 key, with the
// subject WebAuthn §8.2.1 asks for (C, O, OU "Authenticator Attestation",
// CN), basicConstraints CA:FALSE and the id-fido-gen-ce-aaguid extension
// (1.3.6.1.4.1.45724.1.1.4). DER.
std::optional<std::vector<uint8_t>> MakeAttestationCertificate(
    std::span<const uint8_t> private_key, std::span<const uint8_t> aaguid,
    uint64_t serial);

}  // namespace hsm::ctap2::crypto

#endif  // HSM_SRC_CTAP2_FIDO_CRYPTO_H_
