// The NIST P-256 curve (SEC 2 §2.4.2 secp256r1) over OpenSSL EVP: key
// generation, public keys, point validation, ECDSA signatures (COSE ES256)
// and ECDH (CTAP 2.1 §6.5.6 ecdh()).
//
// Contract: a private key is a 32-byte big-endian scalar d with 0 < d < n,
// held in SecretBytes; any other private key is kBadArgument. A public key
// is an affine point (x, y), 32 bytes each. Key generation draws from
// Platform::Random only; ECDSA takes its per-signature nonce from OpenSSL's
// DRBG. An OpenSSL failure is kInternal, never a zero key or partial output.
#ifndef HSM_CRYPTO_P256_H_
#define HSM_CRYPTO_P256_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "hsm/crypto/error.h"
#include "hsm/platform.h"
#include "hsm/result.h"
#include "hsm/secret.h"

namespace hsm::crypto {

inline constexpr size_t kP256ScalarSize = 32;

struct P256Point {
  std::array<uint8_t, 32> x{};
  std::array<uint8_t, 32> y{};
};

// SEC 1 §3.2.1 key pair generation: d uniform in [1, n-1] by rejection
// sampling 32-byte strings from `platform`. Cannot fail.
SecretBytes GenerateP256PrivateKey(Platform& platform);

// Q = d·G (SEC 1 §3.2.1).
Result<P256Point, CryptoError> P256PublicKey(
    std::span<const uint8_t> private_key);

// SEC 1 §3.2.2.1 public key validation: ok when `point` satisfies the curve
// equation (so is not the point at infinity); kBadArgument otherwise.
Status<CryptoError> CheckP256Point(const P256Point& point);

// ECDSA (SEC 1 §4.1.3) over SHA-256(message), DER-encoded
// (Ecdsa-Sig-Value, SEC 1 §C.5) as COSE ES256 / WebAuthn §8.2 want it.
Result<std::vector<uint8_t>, CryptoError> EcdsaP256Sign(
    std::span<const uint8_t> private_key, std::span<const uint8_t> message);

// ECDH (SEC 1 §3.3.1): the x coordinate of d·peer, 32 bytes. A peer that
// fails CheckP256Point is kBadArgument.
Result<SecretBytes, CryptoError> EcdhP256(std::span<const uint8_t> private_key,
                                          const P256Point& peer);

}  // namespace hsm::crypto

#endif  // HSM_CRYPTO_P256_H_
