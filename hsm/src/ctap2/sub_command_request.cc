// Parses the shared subCommand request layout (sub_command_request.h).
#include "sub_command_request.h"

namespace hsm::ctap2 {

Result<SubCommandRequest, CtapStatus> ParseSubCommandRequest(
    const cbor_item_t* params, std::span<const uint8_t> raw) {
  auto sub_command = cbor::RequiredSubCommand(params, 0x01);
  if (!sub_command.ok()) return MakeErr(sub_command.error());
  SubCommandRequest req;
  req.sub_command = *sub_command;
  req.sub_params = cbor::MapGet(params, 0x02);
  if (req.sub_params) {
    if (!cbor_isa_map(req.sub_params))
      return MakeErr(CtapStatus::kCborUnexpectedType);
    auto bytes = cbor::RawMapValue(raw, 0x02);
    if (!bytes) return MakeErr(CtapStatus::kInvalidCbor);
    req.raw_sub_params = *bytes;
  }
  req.protocol = cbor::MapGet(params, 0x03);
  if (const cbor_item_t* param = cbor::MapGet(params, 0x04)) {
    auto v = cbor::AsBytes(param);
    if (!v.ok()) return MakeErr(v.error());
    req.pin_uv_auth_param = *v;
  }
  return req;
}

}  // namespace hsm::ctap2
