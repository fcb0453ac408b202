// The packed-attestation certificate (WebAuthn §8.2.1) over OpenSSL X509.
//
// Contract: MakeAttestationCertificate returns the DER of a self-signed
// X.509 v3 certificate (RFC 5280 §4.1) for the P-256 attestation key:
// - version 3, serialNumber `serial` (the caller keeps it positive and
//   nonzero, RFC 5280 §4.1.2.2);
// - subject = issuer = C=US, O=keybridge, OU=Authenticator Attestation,
//   CN=keybridge simulator attestation (WebAuthn §8.2.1: OU must be
//   "Authenticator Attestation");
// - a fixed validity 2024-01-01 to 2099-12-31 (hsm reads no wall clock,
//   docs/architecture.md "Boundaries");
// - basicConstraints critical CA:FALSE, and id-fido-gen-ce-aaguid
//   (1.3.6.1.4.1.45724.1.1.4, non-critical) whose value is an OCTET STRING
//   holding the 16-byte `aaguid`;
// - signed ecdsa-with-SHA256 with the key itself.
// A private key that is not a valid P-256 scalar or an AAGUID that is not 16
// bytes is kBadArgument; an OpenSSL failure is kInternal.
#ifndef HSM_CRYPTO_X509_H_
#define HSM_CRYPTO_X509_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "hsm/crypto/error.h"
#include "hsm/result.h"

namespace hsm::crypto {

inline constexpr size_t kAaguidSize = 16;

Result<std::vector<uint8_t>, CryptoError> MakeAttestationCertificate(
    std::span<const uint8_t> private_key, std::span<const uint8_t> aaguid,
    uint64_t serial);

}  // namespace hsm::crypto

#endif  // HSM_CRYPTO_X509_H_
