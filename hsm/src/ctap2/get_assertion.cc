// authenticatorGetAssertion (CTAP 2.1 §6.2) and authenticatorGetNextAssertion
// (CTAP 2.1 §6.3), with the hmac-secret (§12.5), credProtect (§12.1),
// credBlob (§12.2) and largeBlobKey (§12.3) extensions.
#include <algorithm>

#include "blob_extensions.h"
#include "commands.h"
#include "cose.h"
#include "credential.h"
#include "hsm/crypto/hash.h"
#include "hsm/crypto/p256.h"
#include "pin_protocol.h"

namespace hsm::ctap2 {
namespace {

struct HmacSecretInput {
  crypto::P256Point key_agreement;
  std::span<const uint8_t> salt_enc;
  std::span<const uint8_t> salt_auth;
  uint8_t protocol = 1;  // CTAP 2.1 §12.5: absent means protocol 1
};

struct GetAssertionRequest {
  std::string rp_id;
  std::span<const uint8_t> client_data_hash;
  bool has_allow_list = false;
  std::vector<std::span<const uint8_t>> allow_ids;
  std::optional<HmacSecretInput> hmac_secret;
  GetAssertionBlobInputs blobs;
  bool up = true;
  bool uv = false;
  bool rk_present = false;
  std::optional<std::span<const uint8_t>> pin_uv_auth_param;
  const cbor_item_t* pin_uv_auth_protocol = nullptr;
};

Result<HmacSecretInput, CtapStatus> ParseHmacSecret(const cbor_item_t* item) {
  if (!cbor_isa_map(item)) return MakeErr(CtapStatus::kCborUnexpectedType);
  HmacSecretInput in;
  const cbor_item_t* key = cbor::MapGet(item, 0x01);
  const cbor_item_t* salt_enc = cbor::MapGet(item, 0x02);
  const cbor_item_t* salt_auth = cbor::MapGet(item, 0x03);
  if (!key || !salt_enc || !salt_auth)
    return MakeErr(CtapStatus::kMissingParameter);
  auto point = cose::ParseKeyAgreement(key);
  if (!point.ok()) return MakeErr(point.error());
  in.key_agreement = *point;
  auto enc = cbor::AsBytes(salt_enc);
  if (!enc.ok()) return MakeErr(enc.error());
  auto auth = cbor::AsBytes(salt_auth);
  if (!auth.ok()) return MakeErr(auth.error());
  in.salt_enc = *enc;
  in.salt_auth = *auth;
  if (const cbor_item_t* p = cbor::MapGet(item, 0x04)) {
    auto v = ParsePinProtocol(p);
    if (!v.ok()) return MakeErr(v.error());
    in.protocol = *v;
  }
  // One or two 32-byte salts (plus the IV for protocol 2).
  size_t iv = in.protocol == 2 ? 16 : 0;
  if (in.salt_enc.size() != 32 + iv && in.salt_enc.size() != 64 + iv) {
    return MakeErr(CtapStatus::kInvalidLength);
  }
  return in;
}

Result<GetAssertionRequest, CtapStatus> ParseGetAssertion(
    const cbor_item_t* params) {
  if (params == nullptr) return MakeErr(CtapStatus::kMissingParameter);
  if (!cbor_isa_map(params)) return MakeErr(CtapStatus::kCborUnexpectedType);
  GetAssertionRequest req;
  const cbor_item_t* rp_id = cbor::MapGet(params, 0x01);
  const cbor_item_t* cdh = cbor::MapGet(params, 0x02);
  if (!rp_id || !cdh) return MakeErr(CtapStatus::kMissingParameter);
  auto rp_id_v = cbor::AsText(rp_id);
  if (!rp_id_v.ok()) return MakeErr(rp_id_v.error());
  req.rp_id = std::string(*rp_id_v);
  auto cdh_v = ParseClientDataHash(cdh);
  if (!cdh_v.ok()) return MakeErr(cdh_v.error());
  req.client_data_hash = *cdh_v;
  if (const cbor_item_t* allow = cbor::MapGet(params, 0x03)) {
    auto ids = ParseDescriptorList(allow);
    if (!ids.ok()) return MakeErr(ids.error());
    req.allow_ids = std::move(*ids);
    // CTAP 2.1 §6.2.2 step 7: an empty allowList counts as absent.
    req.has_allow_list = cbor_array_size(allow) > 0;
  }
  if (const cbor_item_t* ext = cbor::MapGet(params, 0x04)) {
    if (!cbor_isa_map(ext)) return MakeErr(CtapStatus::kCborUnexpectedType);
    if (const cbor_item_t* hs = cbor::MapGetText(ext, "hmac-secret")) {
      auto in = ParseHmacSecret(hs);
      if (!in.ok()) return MakeErr(in.error());
      req.hmac_secret = *in;
    }
    auto blobs = ParseGetAssertionBlobInputs(ext);
    if (!blobs.ok()) return MakeErr(blobs.error());
    req.blobs = *blobs;
  }
  if (const cbor_item_t* options = cbor::MapGet(params, 0x05)) {
    if (!cbor_isa_map(options)) return MakeErr(CtapStatus::kCborUnexpectedType);
    struct cbor_pair* pairs = cbor_map_handle(options);
    for (size_t i = 0; i < cbor_map_size(options); ++i) {
      auto key = cbor::AsText(pairs[i].key);
      if (!key.ok()) return MakeErr(CtapStatus::kCborUnexpectedType);
      if (*key != "rk" && *key != "uv" && *key != "up") continue;
      auto value = cbor::AsBool(pairs[i].value);
      if (!value.ok()) return MakeErr(CtapStatus::kCborUnexpectedType);
      if (*key == "rk") req.rk_present = true;
      if (*key == "uv") req.uv = *value;
      if (*key == "up") req.up = *value;
    }
  }
  if (const cbor_item_t* param = cbor::MapGet(params, 0x06)) {
    auto v = cbor::AsBytes(param);
    if (!v.ok()) return MakeErr(v.error());
    req.pin_uv_auth_param = *v;
  }
  req.pin_uv_auth_protocol = cbor::MapGet(params, 0x07);
  return req;
}

// The hmac-secret output for one credential (CTAP 2.1 §12.5):
// encrypt(shared, HMAC(CredRandom, salt1) [|| HMAC(CredRandom, salt2)]).
Result<std::vector<uint8_t>, crypto::CryptoError> HmacSecretOutput(
    Context& ctx, const Credential& cred, bool uv, uint8_t protocol,
    std::span<const uint8_t> shared, std::span<const uint8_t> salts) {
  auto cred_random = CredRandom(cred, uv);
  if (!cred_random.ok()) return MakeErr(cred_random.error());
  SecretBytes out(salts.size());
  for (size_t off = 0; off < salts.size(); off += 32) {
    auto h = crypto::HmacSha256(cred_random->view(), salts.subspan(off, 32));
    if (!h.ok()) return MakeErr(h.error());
    std::copy(h->begin(), h->end(), out.mutable_view().begin() + off);
  }
  return pin::Encrypt(protocol, ctx.platform, shared, out.view());
}

// Builds one assertion response (CTAP 2.1 §6.2.2 step 13) with signature
// counter value `counter`; `ext` holds the extension inputs.
CommandResult EncodeAssertion(Context& ctx, uint32_t counter,
                              const std::string& rp_id,
                              std::span<const uint8_t> client_data_hash,
                              const Credential& cred, uint8_t flags,
                              const PendingAssertion& ext,
                              std::optional<size_t> number_of_credentials,
                              bool user_details) {
  std::vector<uint8_t> extensions;
  const bool hmac_secret = ext.hmac_secret && cred.hmac_secret;
  if (hmac_secret || ext.cred_blob) {
    cbor::MapBuilder outputs;
    if (hmac_secret) {
      auto output = HmacSecretOutput(
          ctx, cred, (flags & kFlagUv) != 0, ext.hmac_protocol,
          ext.hmac_shared_secret.view(), ext.hmac_salts.view());
      if (!output.ok()) return CommandResult::Error(CtapStatus::kOther);
      outputs.Add("hmac-secret", cbor::Bytes(*output));
    }
    // §12.2: the stored credBlob, empty when the credential has none.
    if (ext.cred_blob) outputs.Add("credBlob", cbor::Bytes(cred.cred_blob));
    cbor::Item map = outputs.Build();
    extensions = cbor::Encode(map.get());
    flags |= kFlagEd;
  }
  auto auth_data = AuthenticatorData(rp_id, flags, counter, {}, extensions);
  if (!auth_data.ok()) return CommandResult::Error(CtapStatus::kOther);
  std::vector<uint8_t> signed_data = *auth_data;
  signed_data.insert(signed_data.end(), client_data_hash.begin(),
                     client_data_hash.end());
  auto signature = SignAssertion(ctx.session.signing_keys, cred, signed_data);
  if (!signature.ok()) return CommandResult::Error(CtapStatus::kOther);

  cbor::MapBuilder response;
  response.Add(0x01, cbor::MapBuilder()
                         .Add("id", cbor::Bytes(cred.id))
                         .Add("type", cbor::Text("public-key"))
                         .Build());
  response.Add(0x02, cbor::Bytes(*auth_data));
  response.Add(0x03, cbor::Bytes(*signature));
  if (cred.resident) {
    // CTAP 2.1 §6.2.2 step 13: user.id always for discoverable credentials;
    // name/displayName only after UV and when the platform must choose
    // among several accounts.
    cbor::MapBuilder user;
    user.Add("id", cbor::Bytes(cred.user_id));
    if (user_details) {
      if (!cred.user_name.empty()) user.Add("name", cbor::Text(cred.user_name));
      if (!cred.user_display_name.empty()) {
        user.Add("displayName", cbor::Text(cred.user_display_name));
      }
    }
    response.Add(0x04, user.Build());
  }
  if (number_of_credentials) {
    response.Add(0x05, cbor::Uint(*number_of_credentials));
  }
  // §6.2.3 / §12.3: largeBlobKey (0x07) for a credential that has one.
  if (ext.large_blob_key && !cred.large_blob_key.empty()) {
    response.Add(0x07, cbor::Bytes(cred.large_blob_key.view()));
  }
  cbor::Item map = response.Build();
  return CommandResult::Ok(cbor::Encode(map.get()));
}

}  // namespace

CommandResult HandleGetAssertion(Context& ctx, const cbor_item_t* params,
                                 PresenceGrant grant) {
  auto parsed = ParseGetAssertion(params);
  if (!parsed.ok()) return CommandResult::Error(parsed.error());
  GetAssertionRequest& req = *parsed;

  // Steps 1–2: the zero-length pinUvAuthParam probe, pinUvAuthProtocol.
  auto steps = PinUvAuthProtocolSteps(ctx, req.pin_uv_auth_param,
                                      req.pin_uv_auth_protocol, grant);
  if (!steps.ok()) return steps.error();
  const uint8_t protocol = *steps;
  // Step 4: options. "rk" is not a getAssertion option; uv:true needs a
  // built-in UV method (ignored when a pinUvAuthParam is given).
  if (req.rk_present)
    return CommandResult::Error(CtapStatus::kUnsupportedOption);
  if (req.uv && !req.pin_uv_auth_param) {
    return CommandResult::Error(CtapStatus::kInvalidOption);
  }
  // Step 5: with alwaysUv on, a request that collects a touch needs a
  // token (clientPin is supported): PUAT_REQUIRED without one.
  if (ctx.store.state().always_uv && req.up && !req.pin_uv_auth_param) {
    return CommandResult::Error(CtapStatus::kPuatRequired);
  }
  // Step 6: the token (ga permission, RP ID binding).
  uint8_t flags = 0;
  if (req.pin_uv_auth_param) {
    CtapStatus s =
        VerifyTokenParam(ctx, protocol, req.client_data_hash,
                         *req.pin_uv_auth_param, kPermGetAssertion, req.rp_id);
    if (s != CtapStatus::kOk) return CommandResult::Error(s);
    flags |= kFlagUv;
  }
  bool uv = (flags & kFlagUv) != 0;

  // Step 7: locate credentials, applying credProtect (§12.1): level 3 needs
  // UV; level 2 needs UV or an allowList.
  const FidoState& state = ctx.store.state();
  std::vector<Credential> creds;
  if (req.has_allow_list) {
    for (auto id : req.allow_ids) {
      auto cred = FindCredential(state, req.rp_id, id);
      if (!cred.ok()) return CommandResult::Error(cred.error());
      if (!*cred) continue;
      if ((*cred)->cred_protect == 3 && !uv) continue;
      creds.push_back(std::move(**cred));
    }
  } else {
    for (auto& cred : DiscoverableCredentials(state, req.rp_id)) {
      if (cred.cred_protect >= 2 && !uv) continue;
      creds.push_back(std::move(cred));
    }
  }
  // Step 8: nothing applicable → NO_CREDENTIALS, before any touch.
  if (creds.empty()) return CommandResult::Error(CtapStatus::kNoCredentials);

  // Step 9: user presence unless up:false.
  if (req.up) {
    if (grant == PresenceGrant::kNotRequested) return CommandResult::Presence();
    if (auto failure = PresenceFailure(grant))
      return CommandResult::Error(*failure);
    flags |= kFlagUp;
    if (req.pin_uv_auth_param) ClearTokenPermissionsExceptLbw(ctx);
  }

  PendingAssertion pending;
  pending.cred_blob = req.blobs.cred_blob;
  pending.large_blob_key = req.blobs.large_blob_key;
  // hmac-secret (§12.5): only with a touch; saltAuth checked over saltEnc.
  if (req.hmac_secret && req.up) {
    const HmacSecretInput& in = *req.hmac_secret;
    auto shared = pin::SharedSecret(in.protocol, KeyAgreementKey(ctx).view(),
                                    in.key_agreement);
    if (!shared.ok()) {
      return CommandResult::Error(
          StatusFor(shared.error(), CtapStatus::kInvalidParameter));
    }
    // The CTAP text names no code for a bad saltAuth; fido2-tests and
    // Solo/pico-fido use CTAP2_ERR_EXTENSION_FIRST, and so do we.
    auto match =
        pin::Verify(in.protocol, shared->view(), in.salt_enc, in.salt_auth);
    if (!match.ok()) return CommandResult::Error(CtapStatus::kOther);
    if (!*match) return CommandResult::Error(CtapStatus::kExtensionFirst);
    auto salts = pin::Decrypt(in.protocol, shared->view(), in.salt_enc);
    if (!salts.ok()) {
      return CommandResult::Error(
          StatusFor(salts.error(), CtapStatus::kInvalidLength));
    }
    pending.hmac_secret = true;
    pending.hmac_protocol = in.protocol;
    pending.hmac_shared_secret = std::move(*shared);
    pending.hmac_salts = std::move(*salts);
  }

  // Steps 11-12: with an allowList one credential answers (no
  // numberOfCredentials); without one, all discoverable credentials of the
  // RP, newest first, the rest through getNextAssertion.
  std::optional<size_t> number;
  bool user_details = false;
  if (!req.has_allow_list && creds.size() > 1) {
    number = creds.size();
    user_details = uv;
  }
  // The counter is the only persistent change, and storage is written only
  // when a new block of counter values is reserved (authenticator.h).
  std::optional<uint32_t> counter = TakeSignCounter(ctx);
  if (!counter) return CommandResult::Error(CtapStatus::kOther);
  CommandResult result =
      EncodeAssertion(ctx, *counter, req.rp_id, req.client_data_hash, creds[0],
                      flags, pending, number, user_details);
  if (result.status != CtapStatus::kOk) return result;
  ctx.session.assertion = PendingAssertion();
  if (number) {
    pending.active = true;
    pending.rp_id = req.rp_id;
    pending.client_data_hash.assign(req.client_data_hash.begin(),
                                    req.client_data_hash.end());
    pending.flags = flags;
    pending.credentials = std::move(creds);
    pending.next = 1;
    pending.last_ms = ctx.platform.NowMs();
    ctx.session.assertion = std::move(pending);
  }
  return result;
}

CommandResult HandleGetNextAssertion(Context& ctx) {
  PendingAssertion& p = ctx.session.assertion;
  // CTAP 2.1 §6.3: NOT_ALLOWED without a pending getAssertion, when all
  // credentials were returned, or after the 30 s timer.
  if (!p.active || p.next >= p.credentials.size() ||
      ctx.platform.NowMs() - p.last_ms > ctx.config.next_assertion_timeout_ms) {
    ctx.session.assertion = PendingAssertion();
    return CommandResult::Error(CtapStatus::kNotAllowed);
  }
  std::optional<uint32_t> counter = TakeSignCounter(ctx);
  if (!counter) return CommandResult::Error(CtapStatus::kOther);
  const Credential& cred = p.credentials[p.next];
  CommandResult result =
      EncodeAssertion(ctx, *counter, p.rp_id, p.client_data_hash, cred, p.flags,
                      p, std::nullopt, (p.flags & kFlagUv) != 0);
  if (result.status != CtapStatus::kOk) return result;
  p.next++;
  p.last_ms = ctx.platform.NowMs();
  if (p.next >= p.credentials.size())
    ctx.session.assertion = PendingAssertion();
  return result;
}

}  // namespace hsm::ctap2
