// authenticatorConfig (CTAP 2.1 §6.11): toggleAlwaysUv and setMinPINLength.
// enableEnterpriseAttestation is answered as by an authenticator without
// enterprise attestation.
#include <algorithm>

#include "commands.h"
#include "sub_command_request.h"

namespace hsm::ctap2 {
namespace {

enum class SubCommand : uint8_t {
  kEnableEnterpriseAttestation = 0x01,
  kToggleAlwaysUv = 0x02,
  kSetMinPinLength = 0x03,
};

// §6.11 step 4.2: pinUvAuthParam authenticates
// 32×0xff || 0x0d || uint8(subCommand) || subCommandParams.
std::vector<uint8_t> AuthenticatedMessage(const SubCommandRequest& req) {
  std::vector<uint8_t> message(32, 0xFF);
  message.push_back(static_cast<uint8_t>(Command::kConfig));
  message.push_back(static_cast<uint8_t>(req.sub_command));
  message.insert(message.end(), req.raw_sub_params.begin(),
                 req.raw_sub_params.end());
  return message;
}

// §6.11 steps 1-4: a device with a PIN (or with alwaysUv on, except to turn
// it off; OpenSK reads the step the same way) needs a pinUvAuthToken with the
// acfg permission.
CtapStatus Authorize(Context& ctx, const SubCommandRequest& req) {
  const FidoState& state = ctx.store.state();
  bool protected_by_uv = state.pin_hash.has_value();
  bool enforce_uv =
      state.always_uv &&
      req.sub_command != static_cast<uint8_t>(SubCommand::kToggleAlwaysUv);
  if (!protected_by_uv && !enforce_uv) return CtapStatus::kOk;
  if (!req.pin_uv_auth_param) return CtapStatus::kPuatRequired;
  auto protocol = ParsePinProtocol(req.protocol);
  if (!protocol.ok()) return protocol.error();
  return VerifyTokenParam(ctx, *protocol, AuthenticatedMessage(req),
                          *req.pin_uv_auth_param, kPermAuthenticatorConfig,
                          std::nullopt);
}

// §6.11.2: alwaysUv flips; with it on, makeCredUvNotRqd reads false
// (get_info.cc).
CommandResult ToggleAlwaysUv(Context& ctx) {
  FidoState next = ctx.store.state().Clone();
  next.always_uv = !next.always_uv;
  if (!CommitState(ctx, std::move(next)))
    return CommandResult::Error(CtapStatus::kOther);
  return CommandResult::Ok();
}

struct MinPinLengthParams {
  std::optional<uint64_t> new_min_pin_length;
  std::optional<std::vector<std::string>> rp_ids;
  bool force_change_pin = false;
};

Result<MinPinLengthParams, CtapStatus> ParseMinPinLengthParams(
    const cbor_item_t* params) {
  MinPinLengthParams out;
  if (params == nullptr) return out;  // every member is optional
  if (const cbor_item_t* item = cbor::MapGet(params, 0x01)) {
    auto v = cbor::AsUint(item);
    if (!v.ok()) return MakeErr(v.error());
    out.new_min_pin_length = *v;
  }
  if (const cbor_item_t* item = cbor::MapGet(params, 0x02)) {
    if (!cbor_isa_array(item)) return MakeErr(CtapStatus::kCborUnexpectedType);
    std::vector<std::string> rp_ids;
    size_t n = cbor_array_size(item);
    cbor_item_t** entries = cbor_array_handle(item);
    for (size_t i = 0; i < n; ++i) {
      auto rp = cbor::AsText(entries[i]);
      if (!rp.ok()) return MakeErr(rp.error());
      if (rp->empty()) return MakeErr(CtapStatus::kInvalidParameter);
      rp_ids.emplace_back(*rp);
    }
    out.rp_ids = std::move(rp_ids);
  }
  if (const cbor_item_t* item = cbor::MapGet(params, 0x03)) {
    auto v = cbor::AsBool(item);
    if (!v.ok()) return MakeErr(v.error());
    out.force_change_pin = *v;
  }
  return out;
}

// §6.11.4 setMinPINLength.
CommandResult SetMinPinLength(Context& ctx, const cbor_item_t* sub_params) {
  auto params = ParseMinPinLengthParams(sub_params);
  if (!params.ok()) return CommandResult::Error(params.error());
  const FidoState& state = ctx.store.state();
  // Step 1: absent means the current minimum.
  uint64_t new_min = params->new_min_pin_length.value_or(state.min_pin_length);
  // Step 2: the minimum never decreases. Decision: a minimum no PIN of at
  // most 63 bytes can meet is refused the same way.
  if (new_min < state.min_pin_length || new_min > kMaxMinPinLength) {
    return CommandResult::Error(CtapStatus::kPinPolicyViolation);
  }
  // More RP IDs than getInfo's maxRPIDsForSetMinPINLength: KEY_STORE_FULL,
  // as OpenSK (docs/protocol/ctap.md §6.5).
  if (params->rp_ids && params->rp_ids->size() > kMaxMinPinLengthRpIds) {
    return CommandResult::Error(CtapStatus::kKeyStoreFull);
  }
  // Step 3: forceChangePin needs a PIN.
  if (params->force_change_pin && !state.pin_hash) {
    return CommandResult::Error(CtapStatus::kPinNotSet);
  }
  FidoState next = state.Clone();
  next.min_pin_length = static_cast<uint8_t>(new_min);
  if (params->rp_ids) next.min_pin_length_rp_ids = std::move(*params->rp_ids);
  // Step 4: a PIN shorter than the new minimum must be changed as well.
  if (params->force_change_pin ||
      (state.pin_hash && state.pin_code_points < new_min)) {
    next.force_pin_change = true;
  }
  if (!CommitState(ctx, std::move(next)))
    return CommandResult::Error(CtapStatus::kOther);
  return CommandResult::Ok();
}

}  // namespace

CommandResult HandleConfig(Context& ctx, const cbor_item_t* params,
                           std::span<const uint8_t> raw) {
  auto parsed = ParseSubCommandRequest(params, raw);
  if (!parsed.ok()) return CommandResult::Error(parsed.error());
  const SubCommandRequest& req = *parsed;
  if (CtapStatus s = Authorize(ctx, req); s != CtapStatus::kOk) {
    return CommandResult::Error(s);
  }
  switch (static_cast<SubCommand>(req.sub_command)) {
    case SubCommand::kEnableEnterpriseAttestation:
      // §6.11.1: not enterprise attestation capable.
      return CommandResult::Error(CtapStatus::kInvalidParameter);
    case SubCommand::kToggleAlwaysUv:
      return ToggleAlwaysUv(ctx);
    case SubCommand::kSetMinPinLength:
      return SetMinPinLength(ctx, req.sub_params);
  }
  return CommandResult::Error(CtapStatus::kInvalidSubcommand);
}

}  // namespace hsm::ctap2
