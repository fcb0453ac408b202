// Ed25519 (RFC 8032 §5.1) over OpenSSL EVP, for COSE alg -8 (EdDSA).
//
// Contract: a private key is the 32-byte seed of RFC 8032 §5.1.5, held in
// SecretBytes; any other size is kBadArgument. The public key is the 32-byte
// encoding A of §5.1.5 and a signature the 64-byte R ‖ S of §5.1.6 (PureEdDSA:
// the message is signed as is, not pre-hashed). Signing is deterministic. Key
// generation draws from Platform::Random only. An OpenSSL failure is
// kInternal.
#ifndef HSM_CRYPTO_ED25519_H_
#define HSM_CRYPTO_ED25519_H_

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

inline constexpr size_t kEd25519KeySize = 32;
using Ed25519PublicKeyBytes = std::array<uint8_t, kEd25519KeySize>;

// 32 random bytes (RFC 8032 §5.1.5: any 32-byte string is a private key).
SecretBytes GenerateEd25519PrivateKey(Platform& platform);

// A = [s]B from the seed (RFC 8032 §5.1.5).
Result<Ed25519PublicKeyBytes, CryptoError> Ed25519PublicKey(
    std::span<const uint8_t> private_key);

// The signature of `message` (RFC 8032 §5.1.6).
Result<std::vector<uint8_t>, CryptoError> Ed25519Sign(
    std::span<const uint8_t> private_key, std::span<const uint8_t> message);

}  // namespace hsm::crypto

#endif  // HSM_CRYPTO_ED25519_H_
