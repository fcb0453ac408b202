// CTAP2 messages as text for `keybridge trace` (CTAP 2.1 §6 "Authenticator
// API", §8.2 status codes; docs/protocol/ctap.md §6.2–§6.4).
//
// Contract: a request is the command byte and its CBOR parameters; it is
// shown as the command's spec name (wire/ctap2_command.h) and the
// parameters with their member names (clientDataHash, rp, user,
// pubKeyCredParams, …; clientPIN and credentialManagement subCommands by
// name). A response is the status byte, named by wire/ctap2_status.h, and
// the CBOR response with the member names of the command it answers
// (`command`, 0 when not known). PIN-related members — pinUvAuthParam,
// newPinEnc, pinHashEnc, pinUvAuthToken — and largeBlobKey print as
// `<secret N bytes>` unless `show_secrets`. Never crashes on any input.
#ifndef BRIDGE_TRACE_CTAP2_TEXT_H_
#define BRIDGE_TRACE_CTAP2_TEXT_H_

#include <cstdint>
#include <span>
#include <string>

#include "bridge/trace/cbor_text.h"

namespace bridge::trace {

std::string DescribeCtap2Request(std::span<const uint8_t> payload,
                                 bool show_secrets);
std::string DescribeCtap2Response(uint8_t command,
                                  std::span<const uint8_t> payload,
                                  bool show_secrets);

// The member tables (CTAP 2.1 §6.1, §6.2, §6.4, §6.5.5, §6.8); empty for a
// command without one.
std::span<const Member> Ctap2RequestMembers(uint8_t command);
std::span<const Member> Ctap2ResponseMembers(uint8_t command);

}  // namespace bridge::trace

#endif  // BRIDGE_TRACE_CTAP2_TEXT_H_
