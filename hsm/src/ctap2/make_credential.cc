// authenticatorMakeCredential (CTAP 2.1 §6.1).
#include <algorithm>

#include "blob_extensions.h"
#include "commands.h"
#include "cose.h"
#include "credential.h"
#include "device_keys.h"
#include "hsm/crypto/ed25519.h"
#include "hsm/crypto/p256.h"

namespace hsm::ctap2 {
namespace {

struct MakeCredentialRequest {
  std::span<const uint8_t> client_data_hash;
  std::string rp_id;
  std::string rp_name;
  std::vector<uint8_t> user_id;
  std::string user_name;
  std::string user_display_name;
  std::optional<int32_t> alg;  // first supported entry of pubKeyCredParams
  std::vector<std::span<const uint8_t>> exclude_ids;
  bool hmac_secret = false;
  uint8_t cred_protect = 0;        // 0: not requested
  bool min_pin_length = false;     // CTAP 2.1 §12.4 extension input
  MakeCredentialBlobInputs blobs;  // credBlob §12.2, largeBlobKey §12.3
  bool rk = false;
  bool uv = false;
  std::optional<bool> up;
  std::optional<std::span<const uint8_t>> pin_uv_auth_param;
  const cbor_item_t* pin_uv_auth_protocol = nullptr;
  bool enterprise_attestation = false;
};

Result<std::optional<std::string>, CtapStatus> OptionalText(
    const cbor_item_t* map, std::string_view key) {
  const cbor_item_t* item = cbor::MapGetText(map, key);
  if (item == nullptr) return std::optional<std::string>();
  auto v = cbor::AsText(item);
  if (!v.ok()) return MakeErr(v.error());
  return std::optional<std::string>(std::string(*v));
}

// Options map (CTAP 2.1 §6.1.2 step 5): bool values; unknown ones ignored.
CtapStatus ParseOptions(const cbor_item_t* options, bool* rk, bool* uv,
                        std::optional<bool>* up) {
  if (!cbor_isa_map(options)) return CtapStatus::kCborUnexpectedType;
  struct cbor_pair* pairs = cbor_map_handle(options);
  for (size_t i = 0; i < cbor_map_size(options); ++i) {
    auto key = cbor::AsText(pairs[i].key);
    if (!key.ok()) return CtapStatus::kCborUnexpectedType;
    if (*key != "rk" && *key != "uv" && *key != "up") continue;
    auto value = cbor::AsBool(pairs[i].value);
    if (!value.ok()) return CtapStatus::kCborUnexpectedType;
    if (*key == "rk") *rk = *value;
    if (*key == "uv") *uv = *value;
    if (*key == "up") *up = *value;
  }
  return CtapStatus::kOk;
}

Result<MakeCredentialRequest, CtapStatus> ParseMakeCredential(
    Context& ctx, const cbor_item_t* params) {
  if (params == nullptr) return MakeErr(CtapStatus::kMissingParameter);
  if (!cbor_isa_map(params)) return MakeErr(CtapStatus::kCborUnexpectedType);
  MakeCredentialRequest req;
  const cbor_item_t* cdh = cbor::MapGet(params, 0x01);
  const cbor_item_t* rp = cbor::MapGet(params, 0x02);
  const cbor_item_t* user = cbor::MapGet(params, 0x03);
  const cbor_item_t* cred_params = cbor::MapGet(params, 0x04);
  if (!cdh || !rp || !user || !cred_params) {
    return MakeErr(CtapStatus::kMissingParameter);
  }
  auto cdh_v = ParseClientDataHash(cdh);
  if (!cdh_v.ok()) return MakeErr(cdh_v.error());
  req.client_data_hash = *cdh_v;

  // rp: PublicKeyCredentialRpEntity.
  if (!cbor_isa_map(rp)) return MakeErr(CtapStatus::kCborUnexpectedType);
  const cbor_item_t* rp_id = cbor::MapGetText(rp, "id");
  if (rp_id == nullptr) return MakeErr(CtapStatus::kMissingParameter);
  auto rp_id_v = cbor::AsText(rp_id);
  if (!rp_id_v.ok()) return MakeErr(rp_id_v.error());
  if (rp_id_v->empty() || rp_id_v->size() > 255) {
    return MakeErr(CtapStatus::kInvalidParameter);
  }
  req.rp_id = std::string(*rp_id_v);
  auto rp_name = OptionalText(rp, "name");
  if (!rp_name.ok()) return MakeErr(rp_name.error());
  if (*rp_name) req.rp_name = TruncateUtf8(**rp_name, kMaxStoredStringSize);
  auto rp_icon = OptionalText(rp, "icon");
  if (!rp_icon.ok()) return MakeErr(rp_icon.error());

  // user: PublicKeyCredentialUserEntity.
  if (!cbor_isa_map(user)) return MakeErr(CtapStatus::kCborUnexpectedType);
  const cbor_item_t* user_id = cbor::MapGetText(user, "id");
  if (user_id == nullptr) return MakeErr(CtapStatus::kMissingParameter);
  auto user_id_v = cbor::AsBytes(user_id);
  if (!user_id_v.ok()) return MakeErr(user_id_v.error());
  // WebAuthn §5.4.3: user.id is at most 64 bytes.
  if (user_id_v->empty() || user_id_v->size() > kMaxUserIdSize) {
    return MakeErr(CtapStatus::kInvalidLength);
  }
  req.user_id.assign(user_id_v->begin(), user_id_v->end());
  for (auto [key, out] :
       {std::pair{"name", &req.user_name},
        std::pair{"displayName", &req.user_display_name},
        std::pair{"icon", static_cast<std::string*>(nullptr)}}) {
    auto v = OptionalText(user, key);
    if (!v.ok()) return MakeErr(v.error());
    // CTAP 2.1 §6.1.2: the authenticator may truncate names to 64 bytes.
    if (*v && out) *out = TruncateUtf8(**v, kMaxStoredStringSize);
  }

  // pubKeyCredParams: every entry is checked; the first supported wins.
  if (!cbor_isa_array(cred_params))
    return MakeErr(CtapStatus::kCborUnexpectedType);
  cbor_item_t** entries = cbor_array_handle(cred_params);
  for (size_t i = 0; i < cbor_array_size(cred_params); ++i) {
    if (!cbor_isa_map(entries[i]))
      return MakeErr(CtapStatus::kCborUnexpectedType);
    const cbor_item_t* alg = cbor::MapGetText(entries[i], "alg");
    const cbor_item_t* type = cbor::MapGetText(entries[i], "type");
    if (!alg || !type) return MakeErr(CtapStatus::kMissingParameter);
    auto alg_v = cbor::AsInt(alg);
    if (!alg_v.ok()) return MakeErr(alg_v.error());
    auto type_v = cbor::AsText(type);
    if (!type_v.ok()) return MakeErr(type_v.error());
    if (req.alg || *type_v != "public-key") continue;
    if (*alg_v == kAlgEs256 ||
        (*alg_v == kAlgEdDsa && ctx.config.enable_eddsa)) {
      req.alg = static_cast<int32_t>(*alg_v);
    }
  }

  if (const cbor_item_t* exclude = cbor::MapGet(params, 0x05)) {
    auto ids = ParseDescriptorList(exclude);
    if (!ids.ok()) return MakeErr(ids.error());
    req.exclude_ids = std::move(*ids);
  }
  if (const cbor_item_t* ext = cbor::MapGet(params, 0x06)) {
    if (!cbor_isa_map(ext)) return MakeErr(CtapStatus::kCborUnexpectedType);
    if (const cbor_item_t* hs = cbor::MapGetText(ext, "hmac-secret")) {
      auto v = cbor::AsBool(hs);
      if (!v.ok()) return MakeErr(v.error());
      req.hmac_secret = *v;
    }
    if (const cbor_item_t* cp = cbor::MapGetText(ext, "credProtect")) {
      auto v = cbor::AsUint(cp);
      if (!v.ok()) return MakeErr(v.error());
      // CTAP 2.1 §12.1: levels 1..3.
      if (*v < 1 || *v > 3) return MakeErr(CtapStatus::kInvalidParameter);
      req.cred_protect = static_cast<uint8_t>(*v);
    }
    if (const cbor_item_t* mpl = cbor::MapGetText(ext, "minPinLength")) {
      auto v = cbor::AsBool(mpl);
      if (!v.ok()) return MakeErr(v.error());
      req.min_pin_length = *v;
    }
    auto blobs = ParseMakeCredentialBlobInputs(ext);
    if (!blobs.ok()) return MakeErr(blobs.error());
    req.blobs = *blobs;
  }
  if (const cbor_item_t* options = cbor::MapGet(params, 0x07)) {
    CtapStatus s = ParseOptions(options, &req.rk, &req.uv, &req.up);
    if (s != CtapStatus::kOk) return MakeErr(s);
  }
  if (const cbor_item_t* param = cbor::MapGet(params, 0x08)) {
    auto v = cbor::AsBytes(param);
    if (!v.ok()) return MakeErr(v.error());
    req.pin_uv_auth_param = *v;
  }
  req.pin_uv_auth_protocol = cbor::MapGet(params, 0x09);
  if (const cbor_item_t* ep = cbor::MapGet(params, 0x0A)) {
    auto v = cbor::AsUint(ep);
    if (!v.ok()) return MakeErr(v.error());
    req.enterprise_attestation = true;
  }
  return req;
}

std::vector<uint8_t> EncodeMakeCredential(
    std::span<const uint8_t> auth_data, std::span<const uint8_t> signature,
    std::span<const uint8_t> cert, std::span<const uint8_t> large_blob_key) {
  // CTAP 2.1 §6.1.2 / WebAuthn §8.2: packed attestation with x5c.
  cbor::Item att_stmt =
      cbor::MapBuilder()
          .Add("alg", cbor::Int(kAlgEs256))
          .Add("sig", cbor::Bytes(signature))
          .Add("x5c", cbor::ArrayBuilder().Add(cbor::Bytes(cert)).Build())
          .Build();
  cbor::MapBuilder response;
  response.Add(0x01, cbor::Text("packed"))
      .Add(0x02, cbor::Bytes(auth_data))
      .Add(0x03, std::move(att_stmt));
  // CTAP 2.1 §6.1.3 / §12.3: largeBlobKey (0x05) when one was made.
  if (!large_blob_key.empty()) {
    response.Add(0x05, cbor::Bytes(large_blob_key));
  }
  cbor::Item map = response.Build();
  return cbor::Encode(map.get());
}

}  // namespace

CommandResult HandleMakeCredential(Context& ctx, const cbor_item_t* params,
                                   PresenceGrant grant) {
  auto parsed = ParseMakeCredential(ctx, params);
  if (!parsed.ok()) return CommandResult::Error(parsed.error());
  MakeCredentialRequest& req = *parsed;
  const FidoState& state = ctx.store.state();

  // Steps 1–2: the zero-length pinUvAuthParam probe, pinUvAuthProtocol.
  auto steps = PinUvAuthProtocolSteps(ctx, req.pin_uv_auth_param,
                                      req.pin_uv_auth_protocol, grant);
  if (!steps.ok()) return steps.error();
  const uint8_t protocol = *steps;
  // Step 3: algorithm.
  if (!req.alg) return CommandResult::Error(CtapStatus::kUnsupportedAlgorithm);
  // Step 4/5: options. CTAP 2.1 allows up:true and forbids up:false
  // (fido2-tests, written for 2.0, expect INVALID_OPTION for any "up"; we
  // follow the 2.1 text). uv:true needs a built-in UV method we do not have;
  // with a pinUvAuthParam the uv option is ignored.
  if (req.up && !*req.up)
    return CommandResult::Error(CtapStatus::kInvalidOption);
  if (req.uv && !req.pin_uv_auth_param) {
    return CommandResult::Error(CtapStatus::kInvalidOption);
  }
  // CTAP 2.1 §12.3: a largeBlobKey is kept only with a discoverable
  // credential; asking for one with rk false is INVALID_OPTION
  // (docs/protocol/ctap.md §6.6).
  if (req.blobs.large_blob_key && !req.rk) {
    return CommandResult::Error(CtapStatus::kInvalidOption);
  }
  // CTAP 2.1 §6.1.2 step 2 (enterpriseAttestation): not supported.
  if (req.enterprise_attestation) {
    return CommandResult::Error(CtapStatus::kInvalidParameter);
  }
  // Step 6: with alwaysUv on, makeCredUvNotRqd reads false and clientPin is
  // supported, so without a token (set PIN or not) → PUAT_REQUIRED.
  if (state.always_uv && !req.pin_uv_auth_param) {
    return CommandResult::Error(CtapStatus::kPuatRequired);
  }
  // Step 7: a PIN is set and no token was used. makeCredUvNotRqd lets
  // non-discoverable credentials be made without UV.
  if (!req.pin_uv_auth_param && state.pin_hash && req.rk) {
    return CommandResult::Error(CtapStatus::kPuatRequired);
  }
  // Step 11: verify the token (mc permission, RP ID binding).
  uint8_t flags = 0;
  if (req.pin_uv_auth_param) {
    CtapStatus s = VerifyTokenParam(ctx, protocol, req.client_data_hash,
                                    *req.pin_uv_auth_param, kPermMakeCredential,
                                    req.rp_id);
    if (s != CtapStatus::kOk) return CommandResult::Error(s);
    flags |= kFlagUv;
  }
  // Step 12: excludeList. A uvRequired credential stays hidden without UV
  // (CTAP 2.1 §12.1). The answer comes after a touch.
  bool excluded = false;
  for (auto id : req.exclude_ids) {
    auto cred = FindCredential(state, req.rp_id, id);
    if (!cred.ok()) return CommandResult::Error(cred.error());
    if (!*cred) continue;
    if ((*cred)->cred_protect == 3 && !(flags & kFlagUv)) continue;
    excluded = true;
    break;
  }
  // Discoverable credential storage (CTAP 2.1 §6.1.2 step 17): replacing the
  // same (rp, user.id) frees its slot.
  auto same_user = [&](const ResidentCredential& r) {
    return r.rp_id == req.rp_id && r.user_id == req.user_id;
  };
  if (!excluded && req.rk) {
    bool replaces = std::any_of(state.credentials.begin(),
                                state.credentials.end(), same_user);
    if (!replaces &&
        state.credentials.size() >= ctx.config.max_resident_credentials) {
      return CommandResult::Error(CtapStatus::kKeyStoreFull);
    }
  }
  // Step 14: user presence, always required for makeCredential.
  if (grant == PresenceGrant::kNotRequested) return CommandResult::Presence();
  if (auto failure = PresenceFailure(grant))
    return CommandResult::Error(*failure);
  flags |= kFlagUp;
  if (req.pin_uv_auth_param) ClearTokenPermissionsExceptLbw(ctx);
  if (excluded) return CommandResult::Error(CtapStatus::kCredentialExcluded);

  // Step 15+: create the credential.
  FidoState next = state.Clone();
  const bool keys_missing = state.wrap_key.empty() ||
                            state.attestation_key.empty() ||
                            state.attestation_cert.empty();
  if (!EnsureDeviceKeys(ctx, next))
    return CommandResult::Error(CtapStatus::kOther);
  uint8_t cred_protect = req.cred_protect ? req.cred_protect : 1;
  SecretBytes private_key =
      *req.alg == kAlgEdDsa ? crypto::GenerateEd25519PrivateKey(ctx.platform)
                            : crypto::GenerateP256PrivateKey(ctx.platform);
  auto id = WrapCredentialId(ctx.platform, next.wrap_key.view(), req.rp_id,
                             *req.alg, cred_protect, req.hmac_secret, req.rk,
                             private_key.view());
  if (!id) return CommandResult::Error(CtapStatus::kOther);
  Credential cred;
  cred.id = *id;
  cred.rp_id = req.rp_id;
  cred.alg = *req.alg;
  cred.private_key = private_key.Clone();
  auto public_key = cose::CredentialPublicKey(cred);
  if (!public_key) return CommandResult::Error(CtapStatus::kOther);
  // CTAP 2.1 §12.2 / §12.3: credBlob and largeBlobKey live with the stored
  // (discoverable) credential.
  const bool cred_blob_stored =
      req.blobs.cred_blob && CredBlobStored(*req.blobs.cred_blob, req.rk);
  SecretBytes large_blob_key;
  if (req.blobs.large_blob_key) {
    large_blob_key = NewLargeBlobKey(ctx.platform);
  }
  if (req.rk) {
    for (const ResidentCredential& r : next.credentials) {
      if (same_user(r)) ctx.session.signing_keys.Erase(r.private_key.view());
    }
    next.credentials.erase(std::remove_if(next.credentials.begin(),
                                          next.credentials.end(), same_user),
                           next.credentials.end());
    ResidentCredential r;
    r.id = *id;
    r.rp_id = req.rp_id;
    r.rp_name = req.rp_name;
    r.user_id = req.user_id;
    r.user_name = req.user_name;
    r.user_display_name = req.user_display_name;
    r.alg = *req.alg;
    r.private_key = std::move(private_key);
    r.cred_protect = cred_protect;
    r.hmac_secret = req.hmac_secret;
    r.created = next.next_created++;
    if (cred_blob_stored) {
      r.cred_blob.assign(req.blobs.cred_blob->begin(),
                         req.blobs.cred_blob->end());
    }
    r.large_blob_key = large_blob_key.Clone();
    next.credentials.push_back(std::move(r));
  }
  // CTAP 2.1 §6.1.1: the reservation (if any) rides on this commit.
  const uint32_t stored_mark = next.sign_counter;
  const uint32_t counter = NextSignCounter(ctx, &next.sign_counter);
  // A non-discoverable credential lives entirely in its ID: unless the
  // device keys were just made or the counter needed a new reservation,
  // nothing persistent changed and nothing is written (the counter value
  // is inside the block already stored, so it never repeats after a
  // power cut).
  const bool changed =
      keys_missing || req.rk || next.sign_counter != stored_mark;

  // Attested credential data (WebAuthn §6.5.1).
  std::vector<uint8_t> attested(ctx.config.aaguid.begin(),
                                ctx.config.aaguid.end());
  attested.push_back(static_cast<uint8_t>(id->size() >> 8));
  attested.push_back(static_cast<uint8_t>(id->size()));
  attested.insert(attested.end(), id->begin(), id->end());
  std::vector<uint8_t> key_bytes = cbor::Encode(public_key->get());
  attested.insert(attested.end(), key_bytes.begin(), key_bytes.end());
  // CTAP 2.1 §12.4 minPinLength: reported only to the RP IDs
  // setMinPINLength listed (§6.11.4); to others the input is ignored.
  const auto& allowed = ctx.store.state().min_pin_length_rp_ids;
  bool report_min_pin_length =
      req.min_pin_length &&
      std::find(allowed.begin(), allowed.end(), req.rp_id) != allowed.end();
  std::vector<uint8_t> extensions;
  if (req.hmac_secret || req.cred_protect || report_min_pin_length ||
      req.blobs.cred_blob) {
    cbor::MapBuilder ext;
    if (req.cred_protect) ext.Add("credProtect", cbor::Uint(req.cred_protect));
    // CTAP 2.1 §12.2: whether the credBlob was stored.
    if (req.blobs.cred_blob) ext.Add("credBlob", cbor::Bool(cred_blob_stored));
    if (req.hmac_secret) ext.Add("hmac-secret", cbor::Bool(true));
    if (report_min_pin_length) {
      ext.Add("minPinLength", cbor::Uint(ctx.store.state().min_pin_length));
    }
    cbor::Item ext_map = ext.Build();
    extensions = cbor::Encode(ext_map.get());
    flags |= kFlagEd;
  }
  flags |= kFlagAt;
  auto auth_data =
      AuthenticatorData(req.rp_id, flags, counter, attested, extensions);
  if (!auth_data.ok()) return CommandResult::Error(CtapStatus::kOther);
  std::vector<uint8_t> signed_data = *auth_data;
  signed_data.insert(signed_data.end(), req.client_data_hash.begin(),
                     req.client_data_hash.end());
  // Packed self attestation with the device's attestation key, kept ready
  // in the session's key cache like credential keys.
  auto signature =
      ctx.session.signing_keys.Sign(crypto::SigningKeyCache::Alg::kEs256,
                                    next.attestation_key.view(), signed_data);
  if (!signature.ok()) return CommandResult::Error(CtapStatus::kOther);
  std::vector<uint8_t> cert = next.attestation_cert;
  if (changed && !CommitState(ctx, std::move(next))) {
    return CommandResult::Error(CtapStatus::kOther);
  }
  return CommandResult::Ok(EncodeMakeCredential(*auth_data, *signature, cert,
                                                large_blob_key.view()));
}

}  // namespace hsm::ctap2
