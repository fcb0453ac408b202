// authenticatorClientPIN (CTAP 2.1 §6.5): getPINRetries, getKeyAgreement,
// setPIN, changePIN, getPinToken and getPinUvAuthTokenUsingPinWithPermissions,
// for PIN/UV auth protocols 1 and 2.
#include <openssl/crypto.h>

#include "commands.h"
#include "cose.h"
#include "credential.h"
#include "hsm/crypto/hash.h"
#include "hsm/crypto/p256.h"
#include "pin_protocol.h"

namespace hsm::ctap2 {
namespace {

enum class SubCommand : uint8_t {
  kGetPinRetries = 0x01,
  kGetKeyAgreement = 0x02,
  kSetPin = 0x03,
  kChangePin = 0x04,
  kGetPinToken = 0x05,
  kGetPinUvAuthTokenUsingUv = 0x06,
  kGetUvRetries = 0x07,
  kGetPinUvAuthTokenUsingPin = 0x09,
};

constexpr size_t kMaxPinBytes = 63;  // CTAP 2.1 §6.5.5.5
constexpr size_t kPaddedPinSize = 64;
constexpr uint8_t kMaxConsecutiveFailures = 3;

struct ClientPinRequest {
  std::optional<uint8_t> protocol;
  const cbor_item_t* protocol_item = nullptr;
  uint64_t sub_command = 0;
  const cbor_item_t* key_agreement = nullptr;
  std::optional<std::span<const uint8_t>> pin_uv_auth_param;
  std::optional<std::span<const uint8_t>> new_pin_enc;
  std::optional<std::span<const uint8_t>> pin_hash_enc;
  std::optional<uint64_t> permissions;
  std::optional<std::string> rp_id;
};

Result<ClientPinRequest, CtapStatus> ParseClientPin(const cbor_item_t* params) {
  auto sub_command = cbor::RequiredSubCommand(params, 0x02);
  if (!sub_command.ok()) return MakeErr(sub_command.error());
  ClientPinRequest req;
  req.sub_command = *sub_command;
  req.protocol_item = cbor::MapGet(params, 0x01);
  if (req.protocol_item) {
    auto p = cbor::AsUint(req.protocol_item);
    if (!p.ok()) return MakeErr(p.error());
  }
  req.key_agreement = cbor::MapGet(params, 0x03);
  auto bytes_at =
      [&](uint64_t key,
          std::optional<std::span<const uint8_t>>* out) -> CtapStatus {
    const cbor_item_t* item = cbor::MapGet(params, key);
    if (item == nullptr) return CtapStatus::kOk;
    auto v = cbor::AsBytes(item);
    if (!v.ok()) return v.error();
    *out = *v;
    return CtapStatus::kOk;
  };
  for (auto [key, out] : {std::pair{0x04, &req.pin_uv_auth_param},
                          std::pair{0x05, &req.new_pin_enc},
                          std::pair{0x06, &req.pin_hash_enc}}) {
    CtapStatus s = bytes_at(key, out);
    if (s != CtapStatus::kOk) return MakeErr(s);
  }
  if (const cbor_item_t* perms = cbor::MapGet(params, 0x09)) {
    auto v = cbor::AsUint(perms);
    if (!v.ok()) return MakeErr(v.error());
    req.permissions = *v;
  }
  if (const cbor_item_t* rp = cbor::MapGet(params, 0x0A)) {
    auto v = cbor::AsText(rp);
    if (!v.ok()) return MakeErr(v.error());
    req.rp_id = std::string(*v);
  }
  return req;
}

std::vector<uint8_t> Encode(cbor::MapBuilder& builder) {
  cbor::Item map = builder.Build();
  return cbor::Encode(map.get());
}

// The shared secret with the platform's key agreement key.
Result<SecretBytes, CtapStatus> Shared(Context& ctx, uint8_t protocol,
                                       const cbor_item_t* key_agreement) {
  auto peer = cose::ParseKeyAgreement(key_agreement);
  if (!peer.ok()) return MakeErr(peer.error());
  auto shared = pin::SharedSecret(protocol, KeyAgreementKey(ctx).view(), *peer);
  if (!shared.ok()) {
    return MakeErr(StatusFor(shared.error(), CtapStatus::kInvalidParameter));
  }
  return std::move(*shared);
}

size_t CodePoints(std::span<const uint8_t> s) {
  size_t n = 0;
  for (uint8_t b : s) {
    if ((b & 0xC0) != 0x80) ++n;
  }
  return n;
}

struct NewPin {
  SecretBytes hash;  // LEFT(SHA-256(PIN), 16)
  uint8_t code_points = 0;
};

// Decrypts newPinEnc and checks the PIN policy (CTAP 2.1 §6.5.5.5 step 7-9,
// §6.5.5.6 step 12): 64 padded bytes; the PIN is what precedes the first
// zero byte, at least minPINLength (§6.11.4) code points and at most 63
// bytes. Returns the hash to store (step 10) and the PIN's code points.
Result<NewPin, CtapStatus> CheckNewPin(Context& ctx, uint8_t protocol,
                                       std::span<const uint8_t> shared,
                                       std::span<const uint8_t> new_pin_enc) {
  size_t expected = kPaddedPinSize + (protocol == 2 ? 16 : 0);
  if (new_pin_enc.size() != expected)
    return MakeErr(CtapStatus::kInvalidParameter);
  auto padded = pin::Decrypt(protocol, shared, new_pin_enc);
  if (!padded.ok()) {
    return MakeErr(StatusFor(padded.error(), CtapStatus::kInvalidParameter));
  }
  if (padded->size() != kPaddedPinSize) {
    return MakeErr(CtapStatus::kInvalidParameter);
  }
  auto p = padded->view();
  size_t len = 0;
  while (len < p.size() && p[len] != 0) ++len;
  size_t code_points = CodePoints(p.first(len));
  if (len > kMaxPinBytes || code_points < ctx.store.state().min_pin_length ||
      !hsm::cbor::IsValidUtf8(p.first(len))) {
    return MakeErr(CtapStatus::kPinPolicyViolation);
  }
  auto d = crypto::Sha256(p.first(len));
  if (!d.ok()) return MakeErr(CtapStatus::kOther);
  NewPin out;
  out.hash = SecretBytes(std::span<const uint8_t>(d->data(), 16));
  out.code_points = static_cast<uint8_t>(code_points);
  OPENSSL_cleanse(d->data(), d->size());
  return out;
}

// CTAP 2.1 §6.5.5.5 step 6 / §6.5.5.7.2: checks pinHashEnc against the
// stored hash. The retry counter is decremented (and committed) before the
// comparison; a match restores it to 8.
CtapStatus CheckPinHash(Context& ctx, uint8_t protocol,
                        std::span<const uint8_t> shared,
                        std::span<const uint8_t> pin_hash_enc) {
  const FidoState& state = ctx.store.state();
  FidoState next = state.Clone();
  next.pin_retries = state.pin_retries - 1;
  if (!CommitState(ctx, std::move(next))) return CtapStatus::kOther;
  auto hash = pin::Decrypt(protocol, shared, pin_hash_enc);
  if (!hash.ok() && hash.error() != crypto::CryptoError::kBadArgument) {
    return CtapStatus::kOther;  // OpenSSL failed: no verdict on the PIN
  }
  bool match = hash.ok() && hash->size() == 16 && state.pin_hash &&
               state.pin_hash->Equals(hash->view());
  if (!match) {
    // A new key agreement key after every mismatch (§6.5.5.5 step 6.2).
    RegenerateKeyAgreement(ctx);
    ctx.session.consecutive_pin_failures++;
    if (ctx.store.state().pin_retries == 0) return CtapStatus::kPinBlocked;
    if (ctx.session.consecutive_pin_failures >= kMaxConsecutiveFailures) {
      return CtapStatus::kPinAuthBlocked;
    }
    return CtapStatus::kPinInvalid;
  }
  ctx.session.consecutive_pin_failures = 0;
  FidoState restored = ctx.store.state().Clone();
  restored.pin_retries = kMaxPinRetries;
  if (!CommitState(ctx, std::move(restored))) return CtapStatus::kOther;
  return CtapStatus::kOk;
}

// Checks shared by changePIN and the token sub-commands (§6.5.5.5 steps 1-3).
CtapStatus PinUsable(Context& ctx) {
  const FidoState& state = ctx.store.state();
  if (!state.pin_hash) return CtapStatus::kPinNotSet;
  if (state.pin_retries == 0) return CtapStatus::kPinBlocked;
  if (ctx.session.consecutive_pin_failures >= kMaxConsecutiveFailures) {
    return CtapStatus::kPinAuthBlocked;
  }
  return CtapStatus::kOk;
}

CommandResult GetPinRetries(Context& ctx) {
  // powerCycleState (§6.5.5.2): true while a power cycle is needed.
  return CommandResult::Ok(
      Encode(cbor::MapBuilder()
                 .Add(0x03, cbor::Uint(ctx.store.state().pin_retries))
                 .Add(0x04, cbor::Bool(ctx.session.consecutive_pin_failures >=
                                       kMaxConsecutiveFailures))));
}

CommandResult GetKeyAgreement(Context& ctx, const ClientPinRequest& req) {
  if (!req.protocol) return CommandResult::Error(CtapStatus::kMissingParameter);
  auto public_key = crypto::P256PublicKey(KeyAgreementKey(ctx).view());
  if (!public_key.ok()) return CommandResult::Error(CtapStatus::kOther);
  return CommandResult::Ok(
      Encode(cbor::MapBuilder().Add(0x01, cose::KeyAgreementKey(*public_key))));
}

CommandResult SetPin(Context& ctx, const ClientPinRequest& req) {
  if (!req.protocol || !req.key_agreement || !req.new_pin_enc ||
      !req.pin_uv_auth_param) {
    return CommandResult::Error(CtapStatus::kMissingParameter);
  }
  // CTAP 2.1 §6.5.5.5: a PIN already set → PIN_AUTH_INVALID. fido2-tests
  // (Solo) expect NOT_ALLOWED (docs/protocol/ctap.md §1.5); we follow the text.
  if (ctx.store.state().pin_hash) {
    return CommandResult::Error(CtapStatus::kPinAuthInvalid);
  }
  auto shared = Shared(ctx, *req.protocol, req.key_agreement);
  if (!shared.ok()) return CommandResult::Error(shared.error());
  auto match = pin::Verify(*req.protocol, shared->view(), *req.new_pin_enc,
                           *req.pin_uv_auth_param);
  if (!match.ok()) return CommandResult::Error(CtapStatus::kOther);
  if (!*match) return CommandResult::Error(CtapStatus::kPinAuthInvalid);
  auto new_pin =
      CheckNewPin(ctx, *req.protocol, shared->view(), *req.new_pin_enc);
  if (!new_pin.ok()) return CommandResult::Error(new_pin.error());
  FidoState next = ctx.store.state().Clone();
  next.pin_hash = std::move(new_pin->hash);
  next.pin_code_points = new_pin->code_points;
  next.pin_retries = kMaxPinRetries;
  if (!CommitState(ctx, std::move(next)))
    return CommandResult::Error(CtapStatus::kOther);
  return CommandResult::Ok();
}

CommandResult ChangePin(Context& ctx, const ClientPinRequest& req) {
  if (!req.protocol || !req.key_agreement || !req.pin_hash_enc ||
      !req.new_pin_enc || !req.pin_uv_auth_param) {
    return CommandResult::Error(CtapStatus::kMissingParameter);
  }
  if (CtapStatus s = PinUsable(ctx); s != CtapStatus::kOk) {
    return CommandResult::Error(s);
  }
  auto shared = Shared(ctx, *req.protocol, req.key_agreement);
  if (!shared.ok()) return CommandResult::Error(shared.error());
  // pinUvAuthParam = authenticate(shared, newPinEnc || pinHashEnc).
  std::vector<uint8_t> message(req.new_pin_enc->begin(),
                               req.new_pin_enc->end());
  message.insert(message.end(), req.pin_hash_enc->begin(),
                 req.pin_hash_enc->end());
  auto match = pin::Verify(*req.protocol, shared->view(), message,
                           *req.pin_uv_auth_param);
  if (!match.ok()) return CommandResult::Error(CtapStatus::kOther);
  if (!*match) return CommandResult::Error(CtapStatus::kPinAuthInvalid);
  if (CtapStatus s =
          CheckPinHash(ctx, *req.protocol, shared->view(), *req.pin_hash_enc);
      s != CtapStatus::kOk) {
    return CommandResult::Error(s);
  }
  auto new_pin =
      CheckNewPin(ctx, *req.protocol, shared->view(), *req.new_pin_enc);
  if (!new_pin.ok()) return CommandResult::Error(new_pin.error());
  const FidoState& state = ctx.store.state();
  // §6.5.5.6 step 13: while forcePINChange is set the new PIN must differ.
  if (state.force_pin_change && state.pin_hash &&
      state.pin_hash->Equals(new_pin->hash.view())) {
    return CommandResult::Error(CtapStatus::kPinPolicyViolation);
  }
  FidoState next = state.Clone();
  next.pin_hash = std::move(new_pin->hash);
  next.pin_code_points = new_pin->code_points;
  next.force_pin_change = false;  // §6.5.5.6 step 16
  if (!CommitState(ctx, std::move(next)))
    return CommandResult::Error(CtapStatus::kOther);
  ResetToken(ctx);  // §6.5.5.5 step 11: old tokens stop working
  return CommandResult::Ok();
}

CommandResult GetToken(Context& ctx, const ClientPinRequest& req,
                       bool with_permissions) {
  if (!req.protocol || !req.key_agreement || !req.pin_hash_enc) {
    return CommandResult::Error(CtapStatus::kMissingParameter);
  }
  uint8_t permissions;
  if (with_permissions) {
    // §6.5.5.7.2 steps 1-3.
    if (!req.permissions)
      return CommandResult::Error(CtapStatus::kMissingParameter);
    if (*req.permissions == 0 || *req.permissions > 0xFF) {
      return CommandResult::Error(CtapStatus::kInvalidParameter);
    }
    if ((*req.permissions & ~kSupportedPermissions) != 0) {
      return CommandResult::Error(CtapStatus::kUnauthorizedPermission);
    }
    permissions = static_cast<uint8_t>(*req.permissions);
    if ((permissions & (kPermMakeCredential | kPermGetAssertion)) &&
        !req.rp_id) {
      return CommandResult::Error(CtapStatus::kMissingParameter);
    }
  } else {
    // §6.5.5.7.1 (getPinToken): no permissions or rpId; the legacy token
    // gets mc and ga (and cm for credentialMgmtPreview clients).
    if (req.permissions || req.rp_id) {
      return CommandResult::Error(CtapStatus::kInvalidParameter);
    }
    permissions =
        kPermMakeCredential | kPermGetAssertion | kPermCredentialManagement;
  }
  if (CtapStatus s = PinUsable(ctx); s != CtapStatus::kOk) {
    return CommandResult::Error(s);
  }
  auto shared = Shared(ctx, *req.protocol, req.key_agreement);
  if (!shared.ok()) return CommandResult::Error(shared.error());
  if (CtapStatus s =
          CheckPinHash(ctx, *req.protocol, shared->view(), *req.pin_hash_enc);
      s != CtapStatus::kOk) {
    return CommandResult::Error(s);
  }
  // A PIN to be changed (forcePINChange, CTAP 2.1 §6.11.4) yields no token
  // until changePIN: PIN_INVALID after the PIN was checked, as OpenSK and
  // the FIDO conformance tests have it (docs/protocol/ctap.md §6.5).
  if (ctx.store.state().force_pin_change) {
    return CommandResult::Error(CtapStatus::kPinInvalid);
  }
  ResetToken(ctx);
  PinToken& t = ctx.session.token;
  t.in_use = true;
  t.protocol = *req.protocol;
  t.permissions = permissions;
  if (with_permissions) t.rp_id = req.rp_id;
  t.issued_ms = ctx.platform.NowMs();
  auto encrypted =
      pin::Encrypt(*req.protocol, ctx.platform, shared->view(), t.value.view());
  if (!encrypted.ok()) return CommandResult::Error(CtapStatus::kOther);
  return CommandResult::Ok(
      Encode(cbor::MapBuilder().Add(0x02, cbor::Bytes(*encrypted))));
}

}  // namespace

CommandResult HandleClientPin(Context& ctx, const cbor_item_t* params) {
  auto parsed = ParseClientPin(params);
  if (!parsed.ok()) return CommandResult::Error(parsed.error());
  ClientPinRequest& req = *parsed;
  // pinUvAuthProtocol is required by every sub-command but getPINRetries
  // (§6.5.5.1); an unsupported one → INVALID_PARAMETER.
  if (req.protocol_item) {
    auto p = ParsePinProtocol(req.protocol_item);
    if (!p.ok()) return CommandResult::Error(p.error());
    req.protocol = *p;
  }
  switch (static_cast<SubCommand>(req.sub_command)) {
    case SubCommand::kGetPinRetries:
      return GetPinRetries(ctx);
    case SubCommand::kGetKeyAgreement:
      return GetKeyAgreement(ctx, req);
    case SubCommand::kSetPin:
      return SetPin(ctx, req);
    case SubCommand::kChangePin:
      return ChangePin(ctx, req);
    case SubCommand::kGetPinToken:
      return GetToken(ctx, req, /*with_permissions=*/false);
    case SubCommand::kGetPinUvAuthTokenUsingPin:
      return GetToken(ctx, req, /*with_permissions=*/true);
    case SubCommand::kGetPinUvAuthTokenUsingUv:
    case SubCommand::kGetUvRetries:
      break;  // no built-in UV method
  }
  return CommandResult::Error(CtapStatus::kInvalidSubcommand);
}

}  // namespace hsm::ctap2
