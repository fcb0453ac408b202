// The request layout authenticatorCredentialManagement (CTAP 2.1 §6.8) and
// authenticatorConfig (§6.11) share: {1: subCommand, ? 2: subCommandParams,
// ? 3: pinUvAuthProtocol, ? 4: pinUvAuthParam}. subCommandParams is kept as
// sent, because pinUvAuthParam is computed over its encoded bytes.
#ifndef HSM_SRC_CTAP2_SUB_COMMAND_REQUEST_H_
#define HSM_SRC_CTAP2_SUB_COMMAND_REQUEST_H_

#include <cstdint>
#include <optional>
#include <span>

#include "cbor_util.h"
#include "hsm/ctap2/status.h"
#include "hsm/result.h"

namespace hsm::ctap2 {

struct SubCommandRequest {
  uint64_t sub_command = 0;
  const cbor_item_t* sub_params = nullptr;  // a map, or nullptr when absent
  std::span<const uint8_t> raw_sub_params;  // its bytes as sent
  const cbor_item_t* protocol = nullptr;
  std::optional<std::span<const uint8_t>> pin_uv_auth_param;
};

// `params` decoded from `raw`. MISSING_PARAMETER without a subCommand,
// CBOR_UNEXPECTED_TYPE for a member of the wrong type.
Result<SubCommandRequest, CtapStatus> ParseSubCommandRequest(
    const cbor_item_t* params, std::span<const uint8_t> raw);

}  // namespace hsm::ctap2

#endif  // HSM_SRC_CTAP2_SUB_COMMAND_REQUEST_H_
