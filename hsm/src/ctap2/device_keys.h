// The authenticator's own keys, kept in the sealed FidoState: the
// credential-ID wrapping key (credential.h) and the batch attestation key
// and certificate that sign CTAP2 packed attestations (CTAP 2.1 §6.1.2,
// WebAuthn §8.2) and U2F registrations (docs/protocol/ctap.md §7.3).
#ifndef HSM_SRC_CTAP2_DEVICE_KEYS_H_
#define HSM_SRC_CTAP2_DEVICE_KEYS_H_

#include "context.h"

namespace hsm::ctap2 {

// Makes sure the wrapping key and the attestation key + certificate exist
// in `next` (created at first use; the caller commits `next`). false → the
// certificate could not be made.
bool EnsureDeviceKeys(Context& ctx, FidoState& next);

}  // namespace hsm::ctap2

#endif  // HSM_SRC_CTAP2_DEVICE_KEYS_H_
