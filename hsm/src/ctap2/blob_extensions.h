// The credBlob (CTAP 2.1 §12.2) and largeBlobKey (§12.3) extension inputs
// of makeCredential and getAssertion (docs/protocol/ctap.md §6.6).
//
// - makeCredential "credBlob": bstr. Stored with a discoverable credential
//   when at most maxCredBlobLength (32) bytes; authData extensions answer
//   "credBlob": true if stored, false otherwise (too long, or — our
//   decision — a non-discoverable credential, whose 64-byte ID has no room).
// - makeCredential "largeBlobKey": true. A new random 32-byte key is stored
//   with the (discoverable) credential and returned as response member 0x05.
//   false → CTAP2_ERR_INVALID_OPTION; with rk false → INVALID_OPTION too.
// - getAssertion "credBlob": true → authData extensions "credBlob": the
//   stored bytes (empty when none); false → no output.
// - getAssertion "largeBlobKey": true → response member 0x07 for a
//   credential that has a key; false → CTAP2_ERR_INVALID_OPTION.
#ifndef HSM_SRC_CTAP2_BLOB_EXTENSIONS_H_
#define HSM_SRC_CTAP2_BLOB_EXTENSIONS_H_

#include <optional>
#include <span>

#include "context.h"

namespace hsm::ctap2 {

struct MakeCredentialBlobInputs {
  std::optional<std::span<const uint8_t>> cred_blob;  // as sent
  bool large_blob_key = false;
};

struct GetAssertionBlobInputs {
  bool cred_blob = false;
  bool large_blob_key = false;
};

// `extensions` is the (already type-checked) extensions map. Wrong member
// types → CBOR_UNEXPECTED_TYPE; largeBlobKey false → INVALID_OPTION.
Result<MakeCredentialBlobInputs, CtapStatus> ParseMakeCredentialBlobInputs(
    const cbor_item_t* extensions);
Result<GetAssertionBlobInputs, CtapStatus> ParseGetAssertionBlobInputs(
    const cbor_item_t* extensions);

// §12.2: whether a credBlob input is stored with the new credential.
bool CredBlobStored(std::span<const uint8_t> cred_blob, bool resident);

// §12.3: a fresh random largeBlobKey.
SecretBytes NewLargeBlobKey(Platform& platform);

}  // namespace hsm::ctap2

#endif  // HSM_SRC_CTAP2_BLOB_EXTENSIONS_H_
