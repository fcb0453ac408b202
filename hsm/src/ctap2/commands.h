// The CTAP2 command handlers, one file each (parse → handle → encode).
// `params` is the decoded CBOR parameter map, or nullptr when the request
// has no parameters; `raw` is its encoded bytes (for pinUvAuthParam checks
// over parameters as sent, CTAP 2.1 §6.8).
#ifndef HSM_SRC_CTAP2_COMMANDS_H_
#define HSM_SRC_CTAP2_COMMANDS_H_

#include <span>

#include "context.h"

namespace hsm::ctap2 {

CommandResult HandleGetInfo(Context& ctx);
CommandResult HandleMakeCredential(Context& ctx, const cbor_item_t* params,
                                   PresenceGrant grant);
CommandResult HandleGetAssertion(Context& ctx, const cbor_item_t* params,
                                 PresenceGrant grant);
CommandResult HandleGetNextAssertion(Context& ctx);
CommandResult HandleClientPin(Context& ctx, const cbor_item_t* params);
CommandResult HandleReset(Context& ctx, PresenceGrant grant);
CommandResult HandleSelection(Context& ctx, PresenceGrant grant);
CommandResult HandleCredentialManagement(Context& ctx,
                                         const cbor_item_t* params,
                                         std::span<const uint8_t> raw);

// Shared by makeCredential and getAssertion: the zero-length pinUvAuthParam
// probe (CTAP 2.1 §6.1.2 step 1, §6.2.2 step 1).
CommandResult ZeroLengthPinUvAuthParam(Context& ctx, PresenceGrant grant);

}  // namespace hsm::ctap2

#endif  // HSM_SRC_CTAP2_COMMANDS_H_
