// CtapStatus: the CTAP 2.1 status codes (CTAP 2.1 §8.2), the first byte of
// every CTAPHID_CBOR response. Values equal the spec's codes
// (docs/architecture.md convention 3); enum and names live in
// wire/ctap2_status.h, shared with the bridge.
#ifndef HSM_CTAP2_STATUS_H_
#define HSM_CTAP2_STATUS_H_

#include "wire/ctap2_status.h"

namespace hsm::ctap2 {

using wire::ctap2::CtapStatus;
using wire::ctap2::ToString;

}  // namespace hsm::ctap2

#endif  // HSM_CTAP2_STATUS_H_
