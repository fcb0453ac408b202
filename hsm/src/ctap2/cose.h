// COSE_Key encodings (RFC 8152 §13, CTAP 2.1 §6.5.6 getPublicKey()).
//
// Contract: builders emit canonical CBOR maps; ParseKeyAgreement accepts a
// platform key agreement key {1: 2 (EC2), 3: alg, -1: 1 (P-256), -2: x(32),
// -3: y(32)} whose point is on the curve. Missing members →
// MISSING_PARAMETER, wrong types → CBOR_UNEXPECTED_TYPE, a wrong kty/crv,
// size or an off-curve point → INVALID_PARAMETER (OpenSSL failing while
// checking the point → OTHER). alg is not checked (python-fido2 sends -25
// for both protocols).
#ifndef HSM_SRC_CTAP2_COSE_H_
#define HSM_SRC_CTAP2_COSE_H_

#include <array>
#include <optional>

#include "cbor_util.h"
#include "context.h"
#include "hsm/crypto/p256.h"

namespace hsm::ctap2::cose {

inline constexpr int64_t kAlgEcdhEsHkdf256 = -25;

cbor::Item Es256Key(const crypto::P256Point& point);
cbor::Item EdDsaKey(const std::array<uint8_t, 32>& x);
cbor::Item KeyAgreementKey(const crypto::P256Point& point);
// The credential public key for a located credential (nullopt on a corrupt
// private key or an OpenSSL failure).
std::optional<cbor::Item> CredentialPublicKey(const Credential& credential);

Result<crypto::P256Point, CtapStatus> ParseKeyAgreement(const cbor_item_t* key);

}  // namespace hsm::ctap2::cose

#endif  // HSM_SRC_CTAP2_COSE_H_
