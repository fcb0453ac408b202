// authenticatorLargeBlobs (CTAP 2.1 §6.10, docs/protocol/ctap.md §6.6): get
// and set of the serialized large-blob array, a CBOR array followed by
// LEFT(SHA-256(array), 16). The authenticator never looks inside the array;
// it only checks the checksum of a complete write before committing it.
#include <algorithm>

#include "commands.h"
#include "hsm/crypto/hash.h"
#include "large_blob_array.h"

namespace hsm::ctap2 {
namespace {

// §6.10.2 request members.
struct LargeBlobsRequest {
  std::optional<uint64_t> get;
  std::optional<std::span<const uint8_t>> set;
  uint64_t offset = 0;
  std::optional<uint64_t> length;
  std::optional<std::span<const uint8_t>> pin_uv_auth_param;
  const cbor_item_t* pin_uv_auth_protocol = nullptr;
};

Result<LargeBlobsRequest, CtapStatus> ParseLargeBlobs(
    const cbor_item_t* params) {
  // §6.10.2 step 1: offset is required; without it (or without any
  // parameters) CTAP1_ERR_INVALID_PARAMETER.
  if (params == nullptr) return MakeErr(CtapStatus::kInvalidParameter);
  if (!cbor_isa_map(params)) return MakeErr(CtapStatus::kCborUnexpectedType);
  LargeBlobsRequest req;
  const cbor_item_t* offset = cbor::MapGet(params, 0x03);
  if (offset == nullptr) return MakeErr(CtapStatus::kInvalidParameter);
  auto offset_v = cbor::AsUint(offset);
  if (!offset_v.ok()) return MakeErr(offset_v.error());
  req.offset = *offset_v;
  if (const cbor_item_t* get = cbor::MapGet(params, 0x01)) {
    auto v = cbor::AsUint(get);
    if (!v.ok()) return MakeErr(v.error());
    req.get = *v;
  }
  if (const cbor_item_t* set = cbor::MapGet(params, 0x02)) {
    auto v = cbor::AsBytes(set);
    if (!v.ok()) return MakeErr(v.error());
    req.set = *v;
  }
  if (const cbor_item_t* length = cbor::MapGet(params, 0x04)) {
    auto v = cbor::AsUint(length);
    if (!v.ok()) return MakeErr(v.error());
    req.length = *v;
  }
  if (const cbor_item_t* param = cbor::MapGet(params, 0x05)) {
    auto v = cbor::AsBytes(param);
    if (!v.ok()) return MakeErr(v.error());
    req.pin_uv_auth_param = *v;
  }
  req.pin_uv_auth_protocol = cbor::MapGet(params, 0x06);
  return req;
}

// §6.10.2 "get": up to `get` bytes of the stored array from `offset`.
CommandResult Get(Context& ctx, const LargeBlobsRequest& req,
                  size_t max_fragment) {
  // Get step 1-2: length, pinUvAuthParam and pinUvAuthProtocol belong to set.
  if (req.length || req.pin_uv_auth_param || req.pin_uv_auth_protocol) {
    return CommandResult::Error(CtapStatus::kInvalidParameter);
  }
  // Get step 3.
  if (*req.get > max_fragment) {
    return CommandResult::Error(CtapStatus::kInvalidLength);
  }
  std::vector<uint8_t> array = SerializedLargeBlobArray(ctx.store.state());
  // Get step 4: an offset past the end (the end itself reads nothing).
  if (req.offset > array.size()) {
    return CommandResult::Error(CtapStatus::kInvalidParameter);
  }
  size_t begin = static_cast<size_t>(req.offset);
  size_t n =
      std::min<size_t>(static_cast<size_t>(*req.get), array.size() - begin);
  std::span<const uint8_t> config(array.data() + begin, n);
  cbor::Item response =
      cbor::MapBuilder().Add(0x01, cbor::Bytes(config)).Build();
  return CommandResult::Ok(cbor::Encode(response.get()));
}

// Set step 5.4: pinUvAuthParam authenticates
// 32×0xff || 0x0c 0x00 || uint32LittleEndian(offset) || SHA-256(set).
Result<std::vector<uint8_t>, CtapStatus> AuthenticatedMessage(
    uint64_t offset, std::span<const uint8_t> set) {
  auto digest = crypto::Sha256(set);
  if (!digest.ok()) return MakeErr(CtapStatus::kOther);
  std::vector<uint8_t> message(32, 0xFF);
  message.push_back(static_cast<uint8_t>(Command::kLargeBlobs));
  message.push_back(0x00);
  for (int i = 0; i < 4; ++i) {
    message.push_back(static_cast<uint8_t>(offset >> (8 * i)));
  }
  message.insert(message.end(), digest->begin(), digest->end());
  return message;
}

// Set step 5: with a PIN set (or alwaysUv on) every fragment needs a
// pinUvAuthToken with the lbw permission.
CtapStatus Authorize(Context& ctx, const LargeBlobsRequest& req) {
  const FidoState& state = ctx.store.state();
  if (!state.pin_hash && !state.always_uv) return CtapStatus::kOk;
  if (!req.pin_uv_auth_param) return CtapStatus::kPuatRequired;  // 5.1
  auto protocol = ParsePinProtocol(req.pin_uv_auth_protocol);    // 5.2, 5.3
  if (!protocol.ok()) return protocol.error();
  auto message = AuthenticatedMessage(req.offset, *req.set);
  if (!message.ok()) return message.error();
  // 5.4 (MAC) and 5.5 (lbw permission): both PIN_AUTH_INVALID.
  return VerifyTokenParam(ctx, *protocol, *message, *req.pin_uv_auth_param,
                          kPermLargeBlobWrite, std::nullopt);
}

// §6.10.2 "set": one fragment of a new array. Decision: a fragment that is
// refused leaves the pending write as it was (the spec sets expectedLength
// before checking the token; we set it only once the fragment is accepted,
// so an unauthenticated request cannot disturb another client's write).
CommandResult Set(Context& ctx, const LargeBlobsRequest& req,
                  size_t max_fragment) {
  std::span<const uint8_t> set = *req.set;
  PendingLargeBlobWrite& pending = ctx.session.large_blob;
  // Set step 1.
  if (set.size() > max_fragment) {
    return CommandResult::Error(CtapStatus::kInvalidLength);
  }
  size_t expected_length = pending.expected_length;
  size_t expected_next_offset = pending.expected_next_offset;
  if (req.offset == 0) {
    // Set step 2: the first fragment announces the total length.
    if (!req.length) return CommandResult::Error(CtapStatus::kInvalidParameter);
    if (*req.length > kMaxSerializedLargeBlobArray) {
      return CommandResult::Error(CtapStatus::kLargeBlobStorageFull);
    }
    if (*req.length < kMinSerializedLargeBlobArray) {
      return CommandResult::Error(CtapStatus::kInvalidParameter);
    }
    expected_length = static_cast<size_t>(*req.length);
    expected_next_offset = 0;
  } else if (req.length) {
    // Set step 3.
    return CommandResult::Error(CtapStatus::kInvalidParameter);
  }
  // Set step 4 (also when no write was started: expected offset 0).
  if (req.offset != expected_next_offset) {
    return CommandResult::Error(CtapStatus::kInvalidSeq);
  }
  // Set step 5.
  if (CtapStatus s = Authorize(ctx, req); s != CtapStatus::kOk) {
    return CommandResult::Error(s);
  }
  // Set step 6.
  if (expected_next_offset + set.size() > expected_length) {
    return CommandResult::Error(CtapStatus::kInvalidParameter);
  }
  // Set steps 7-9.
  if (req.offset == 0) {
    pending.buffer.clear();
    pending.buffer.reserve(expected_length);
  }
  pending.buffer.insert(pending.buffer.end(), set.begin(), set.end());
  pending.expected_length = expected_length;
  pending.expected_next_offset = expected_next_offset + set.size();
  if (pending.expected_next_offset < expected_length) {
    return CommandResult::Ok();  // step 11: more fragments to come
  }
  // Step 10: the whole array is here; commit it only if its checksum holds.
  std::vector<uint8_t> array = std::move(pending.buffer);
  pending = PendingLargeBlobWrite();
  auto valid = LargeBlobChecksumValid(array);
  if (!valid.ok()) return CommandResult::Error(CtapStatus::kOther);
  if (!*valid) return CommandResult::Error(CtapStatus::kIntegrityFailure);
  FidoState next = ctx.store.state().Clone();
  // The initial value is kept as "nothing stored" (fido_state.h).
  next.large_blob_array = IsInitialLargeBlobArray(array)
                              ? std::vector<uint8_t>()
                              : std::move(array);
  if (!CommitState(ctx, std::move(next))) {
    return CommandResult::Error(CtapStatus::kOther);
  }
  return CommandResult::Ok();
}

}  // namespace

CommandResult HandleLargeBlobs(Context& ctx, const cbor_item_t* params) {
  auto parsed = ParseLargeBlobs(params);
  if (!parsed.ok()) return CommandResult::Error(parsed.error());
  const LargeBlobsRequest& req = *parsed;
  // §6.10.2 steps 2-3: exactly one of get and set.
  if (req.get.has_value() == req.set.has_value()) {
    return CommandResult::Error(CtapStatus::kInvalidParameter);
  }
  // §6.10.2 step 4: maxFragmentLength = maxMsgSize - 64.
  const size_t max_fragment = MaxLargeBlobFragment(ctx.config);
  if (req.get) return Get(ctx, req, max_fragment);
  return Set(ctx, req, max_fragment);
}

}  // namespace hsm::ctap2
