// Host-side CTAPHID wire constants (FIDO CTAP 2.1 §11.2.4, §11.2.9;
// docs/protocol/ctap.md §6.1, docs/protocol/oath.md §1), taken from the
// header-only wire/ctaphid.h that hsm uses too; the bridge's framing code
// (frame.h, channel.h) is written independently of hsm's (docs/architecture.md
// "Dependency rule").
//
// Contract: command values are given WITHOUT the init-packet bit 7; the
// framing code adds it. ErrorCode values equal the CTAPHID_ERROR byte.
#ifndef BRIDGE_CTAPHID_PROTOCOL_H_
#define BRIDGE_CTAPHID_PROTOCOL_H_

#include <cstddef>

#include "wire/ctaphid.h"

namespace bridge::ctaphid {

using wire::ctaphid::Command;
using wire::ctaphid::ErrorCode;
using wire::ctaphid::kBroadcastCid;
using wire::ctaphid::kCapabilityCbor;
using wire::ctaphid::kCapabilityNmsg;
using wire::ctaphid::kCapabilityWink;
using wire::ctaphid::kContDataSize;
using wire::ctaphid::KeepaliveStatus;
using wire::ctaphid::kInitDataSize;
using wire::ctaphid::kInitResponseSize;
using wire::ctaphid::kMaxSeq;
using wire::ctaphid::kNonceSize;
using wire::ctaphid::kTypeInit;
using wire::ctaphid::ToString;

// The bridge's name for the largest message (7609 bytes).
inline constexpr size_t kMaxMessageSize = wire::ctaphid::kMaxPayload;

}  // namespace bridge::ctaphid

#endif  // BRIDGE_CTAPHID_PROTOCOL_H_
