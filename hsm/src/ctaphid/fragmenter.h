// Fragmenter: encodes one CTAPHID response message as 64-byte input reports
// (CTAP 2.1 §11.2.4): an init packet carrying the first 57 bytes, then
// continuation packets with SEQ 0, 1, … carrying 59 bytes each; unused bytes
// are zero. Also the one-report ERROR and KEEPALIVE messages (§11.2.9.1.6,
// §11.2.9.1.5).
#ifndef HSM_SRC_CTAPHID_FRAGMENTER_H_
#define HSM_SRC_CTAPHID_FRAGMENTER_H_

#include <cstdint>
#include <span>
#include <vector>

#include "hsm/ctaphid/protocol.h"

namespace hsm::ctaphid {

// Appends the reports of one message. `payload.size()` must be at most
// kMaxPayload (the caller checks; larger payloads are a programming error
// and produce ERROR OTHER instead).
void AppendMessage(uint32_t cid, uint8_t command,
                   std::span<const uint8_t> payload, std::vector<Report>& out);

void AppendError(uint32_t cid, Error error, std::vector<Report>& out);

void AppendKeepalive(uint32_t cid, KeepaliveStatus status,
                     std::vector<Report>& out);

}  // namespace hsm::ctaphid

#endif  // HSM_SRC_CTAPHID_FRAGMENTER_H_
