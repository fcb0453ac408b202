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
CommandResult HandleLargeBlobs(Context& ctx, const cbor_item_t* params);
CommandResult HandleConfig(Context& ctx, const cbor_item_t* params,
                           std::span<const uint8_t> raw);

// Steps 1 and 2 of makeCredential and getAssertion (CTAP 2.1 §6.1.2,
// §6.2.2): the zero-length pinUvAuthParam probe, then the pinUvAuthProtocol.
// Returns the protocol (0 when there is no pinUvAuthParam), or the result
// that ends the command.
Result<uint8_t, CommandResult> PinUvAuthProtocolSteps(
    Context& ctx, std::optional<std::span<const uint8_t>> pin_uv_auth_param,
    const cbor_item_t* pin_uv_auth_protocol, PresenceGrant grant);

}  // namespace hsm::ctap2

#endif  // HSM_SRC_CTAP2_COMMANDS_H_
