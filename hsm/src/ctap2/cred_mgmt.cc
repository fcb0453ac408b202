// authenticatorCredentialManagement (CTAP 2.1 §6.8), also reachable as the
// FIDO_2_1_PRE prototype command 0x41 that libfido2 1.12 sends.
#include <algorithm>

#include "commands.h"
#include "cose.h"
#include "credential.h"
#include "hsm/crypto/hash.h"
#include "sub_command_request.h"

namespace hsm::ctap2 {
namespace {

enum class SubCommand : uint8_t {
  kGetCredsMetadata = 0x01,
  kEnumerateRpsBegin = 0x02,
  kEnumerateRpsGetNextRp = 0x03,
  kEnumerateCredentialsBegin = 0x04,
  kEnumerateCredentialsGetNextCredential = 0x05,
  kDeleteCredential = 0x06,
  kUpdateUserInformation = 0x07,
};

std::vector<uint8_t> Encode(cbor::MapBuilder& builder) {
  cbor::Item map = builder.Build();
  return cbor::Encode(map.get());
}

cbor::Item RpEntity(const ResidentCredential& c) {
  cbor::MapBuilder rp;
  rp.Add("id", cbor::Text(c.rp_id));
  if (!c.rp_name.empty()) rp.Add("name", cbor::Text(c.rp_name));
  return rp.Build();
}

cbor::Item UserEntity(const ResidentCredential& c) {
  cbor::MapBuilder user;
  user.Add("id", cbor::Bytes(c.user_id));
  if (!c.user_name.empty()) user.Add("name", cbor::Text(c.user_name));
  if (!c.user_display_name.empty()) {
    user.Add("displayName", cbor::Text(c.user_display_name));
  }
  return user.Build();
}

const ResidentCredential* FindById(const FidoState& state,
                                   std::span<const uint8_t> id) {
  for (const auto& c : state.credentials) {
    if (c.id.size() == id.size() &&
        std::equal(c.id.begin(), c.id.end(), id.begin())) {
      return &c;
    }
  }
  return nullptr;
}

// The permissions RP ID of the token, if any, must be `rp_id` (§6.8 steps
// for enumerateCredentials, delete and update); metadata and RP
// enumeration need a token bound to no RP.
bool RpAllowed(Context& ctx, const std::optional<std::string>& rp_id) {
  const auto& bound = ctx.session.token.rp_id;
  if (!bound) return true;
  return rp_id && *bound == *rp_id;
}

CommandResult CredentialAnswer(Context& ctx, const ResidentCredential& c,
                               std::optional<size_t> total) {
  Credential cred = FromResident(c);
  auto public_key = cose::CredentialPublicKey(cred);
  if (!public_key) return CommandResult::Error(CtapStatus::kOther);
  cbor::MapBuilder out;
  out.Add(0x06, UserEntity(c));
  out.Add(0x07, cbor::MapBuilder()
                    .Add("id", cbor::Bytes(c.id))
                    .Add("type", cbor::Text("public-key"))
                    .Build());
  out.Add(0x08, std::move(*public_key));
  if (total) out.Add(0x09, cbor::Uint(*total));
  out.Add(0x0A, cbor::Uint(c.cred_protect));
  // CTAP 2.1 §6.8.4 / §12.3: the largeBlobKey (0x0B) of a credential that
  // has one.
  if (!c.large_blob_key.empty()) {
    out.Add(0x0B, cbor::Bytes(c.large_blob_key.view()));
  }
  return CommandResult::Ok(Encode(out));
}

CommandResult NextRp(Context& ctx) {
  PendingEnumeration& e = ctx.session.enumeration;
  if (e.kind != PendingEnumeration::Kind::kRps || e.next >= e.rp_ids.size()) {
    e = PendingEnumeration();
    return CommandResult::Error(CtapStatus::kNotAllowed);
  }
  const std::string& rp_id = e.rp_ids[e.next++];
  for (const auto& c : ctx.store.state().credentials) {
    if (c.rp_id == rp_id) {
      auto hash = crypto::Sha256(AsBytes(rp_id));
      if (!hash.ok()) return CommandResult::Error(CtapStatus::kOther);
      return CommandResult::Ok(Encode(cbor::MapBuilder()
                                          .Add(0x03, RpEntity(c))
                                          .Add(0x04, cbor::Bytes(*hash))));
    }
  }
  return CommandResult::Error(CtapStatus::kNoCredentials);  // deleted meanwhile
}

CommandResult NextCredential(Context& ctx) {
  PendingEnumeration& e = ctx.session.enumeration;
  while (e.kind == PendingEnumeration::Kind::kCredentials &&
         e.next < e.credential_ids.size()) {
    const ResidentCredential* c =
        FindById(ctx.store.state(), e.credential_ids[e.next++]);
    if (c) return CredentialAnswer(ctx, *c, std::nullopt);
  }
  e = PendingEnumeration();
  return CommandResult::Error(CtapStatus::kNotAllowed);
}

}  // namespace

CommandResult HandleCredentialManagement(Context& ctx,
                                         const cbor_item_t* params,
                                         std::span<const uint8_t> raw) {
  auto parsed = ParseSubCommandRequest(params, raw);
  if (!parsed.ok()) return CommandResult::Error(parsed.error());
  SubCommandRequest& req = *parsed;
  auto sub = static_cast<SubCommand>(req.sub_command);
  if (sub == SubCommand::kEnumerateRpsGetNextRp) return NextRp(ctx);
  if (sub == SubCommand::kEnumerateCredentialsGetNextCredential) {
    return NextCredential(ctx);
  }
  ctx.session.enumeration = PendingEnumeration();
  if (req.sub_command < 0x01 || req.sub_command > 0x07) {
    return CommandResult::Error(CtapStatus::kInvalidSubcommand);
  }
  // §6.8 steps 1-3: every other sub-command is authorized by a token with
  // the cm permission over subCommand || subCommandParams (as sent).
  if (!req.pin_uv_auth_param)
    return CommandResult::Error(CtapStatus::kPuatRequired);
  auto protocol = ParsePinProtocol(req.protocol);
  if (!protocol.ok()) return CommandResult::Error(protocol.error());
  std::vector<uint8_t> message{static_cast<uint8_t>(req.sub_command)};
  message.insert(message.end(), req.raw_sub_params.begin(),
                 req.raw_sub_params.end());
  CtapStatus s =
      VerifyTokenParam(ctx, *protocol, message, *req.pin_uv_auth_param,
                       kPermCredentialManagement, std::nullopt);
  if (s != CtapStatus::kOk) return CommandResult::Error(s);

  const FidoState& state = ctx.store.state();
  switch (sub) {
    case SubCommand::kGetCredsMetadata: {
      // §6.8.2: the cm permission and no permissions RP ID, else
      // CTAP2_ERR_PIN_AUTH_INVALID.
      if (!RpAllowed(ctx, std::nullopt)) {
        return CommandResult::Error(CtapStatus::kPinAuthInvalid);
      }
      size_t used = state.credentials.size();
      size_t max = ctx.config.max_resident_credentials;
      return CommandResult::Ok(
          Encode(cbor::MapBuilder()
                     .Add(0x01, cbor::Uint(used))
                     .Add(0x02, cbor::Uint(used >= max ? 0 : max - used))));
    }
    case SubCommand::kEnumerateRpsBegin: {
      // §6.8.3: as §6.8.2.
      if (!RpAllowed(ctx, std::nullopt)) {
        return CommandResult::Error(CtapStatus::kPinAuthInvalid);
      }
      std::vector<std::string> rp_ids;
      for (const auto& c : state.credentials) {
        if (std::find(rp_ids.begin(), rp_ids.end(), c.rp_id) == rp_ids.end()) {
          rp_ids.push_back(c.rp_id);
        }
      }
      if (rp_ids.empty())
        return CommandResult::Error(CtapStatus::kNoCredentials);
      const ResidentCredential* first = nullptr;
      for (const auto& c : state.credentials) {
        if (c.rp_id == rp_ids[0]) {
          first = &c;
          break;
        }
      }
      auto hash = crypto::Sha256(AsBytes(rp_ids[0]));
      if (!hash.ok()) return CommandResult::Error(CtapStatus::kOther);
      std::vector<uint8_t> body =
          Encode(cbor::MapBuilder()
                     .Add(0x03, RpEntity(*first))
                     .Add(0x04, cbor::Bytes(*hash))
                     .Add(0x05, cbor::Uint(rp_ids.size())));
      if (rp_ids.size() > 1) {
        PendingEnumeration& e = ctx.session.enumeration;
        e.kind = PendingEnumeration::Kind::kRps;
        e.rp_ids = std::move(rp_ids);
        e.next = 1;
      }
      return CommandResult::Ok(std::move(body));
    }
    case SubCommand::kEnumerateCredentialsBegin: {
      const cbor_item_t* hash_item = cbor::MapGet(req.sub_params, 0x01);
      if (hash_item == nullptr)
        return CommandResult::Error(CtapStatus::kMissingParameter);
      auto hash = cbor::AsBytes(hash_item);
      if (!hash.ok()) return CommandResult::Error(hash.error());
      // §6.8.4: a permissions RP ID must be the one of rpIDHash, else
      // CTAP2_ERR_PIN_AUTH_INVALID (checked before looking for credentials).
      if (const auto& bound = ctx.session.token.rp_id) {
        auto bound_hash = crypto::Sha256(AsBytes(*bound));
        if (!bound_hash.ok()) return CommandResult::Error(CtapStatus::kOther);
        if (!std::equal(bound_hash->begin(), bound_hash->end(), hash->begin(),
                        hash->end())) {
          return CommandResult::Error(CtapStatus::kPinAuthInvalid);
        }
      }
      std::vector<const ResidentCredential*> found;
      for (const auto& c : state.credentials) {
        auto h = crypto::Sha256(AsBytes(c.rp_id));
        if (!h.ok()) return CommandResult::Error(CtapStatus::kOther);
        if (hash->size() == h->size() &&
            std::equal(h->begin(), h->end(), hash->begin())) {
          found.push_back(&c);
        }
      }
      if (found.empty())
        return CommandResult::Error(CtapStatus::kNoCredentials);
      CommandResult result = CredentialAnswer(ctx, *found[0], found.size());
      if (result.status == CtapStatus::kOk && found.size() > 1) {
        PendingEnumeration& e = ctx.session.enumeration;
        e.kind = PendingEnumeration::Kind::kCredentials;
        for (size_t i = 1; i < found.size(); ++i)
          e.credential_ids.push_back(found[i]->id);
        e.next = 0;
      }
      return result;
    }
    case SubCommand::kDeleteCredential:
    case SubCommand::kUpdateUserInformation: {
      const cbor_item_t* descriptor = cbor::MapGet(req.sub_params, 0x02);
      if (descriptor == nullptr)
        return CommandResult::Error(CtapStatus::kMissingParameter);
      auto id = ParseDescriptor(descriptor);
      if (!id.ok()) return CommandResult::Error(id.error());
      const ResidentCredential* c =
          id->has_value() ? FindById(state, **id) : nullptr;
      if (c == nullptr) return CommandResult::Error(CtapStatus::kNoCredentials);
      // §6.8.5, §6.8.6: a permissions RP ID must be the credential's, else
      // CTAP2_ERR_PIN_AUTH_INVALID.
      if (!RpAllowed(ctx, c->rp_id)) {
        return CommandResult::Error(CtapStatus::kPinAuthInvalid);
      }
      FidoState next = state.Clone();
      auto it = std::find_if(
          next.credentials.begin(), next.credentials.end(),
          [&](const ResidentCredential& r) { return r.id == c->id; });
      if (sub == SubCommand::kDeleteCredential) {
        ctx.session.signing_keys.Erase(it->private_key.view());
        next.credentials.erase(it);
      } else {
        // §6.8.6: user.id must match; name/displayName replace the stored
        // ones (absent → removed).
        const cbor_item_t* user = cbor::MapGet(req.sub_params, 0x03);
        if (user == nullptr)
          return CommandResult::Error(CtapStatus::kMissingParameter);
        if (!cbor_isa_map(user))
          return CommandResult::Error(CtapStatus::kCborUnexpectedType);
        const cbor_item_t* user_id = cbor::MapGetText(user, "id");
        if (user_id == nullptr)
          return CommandResult::Error(CtapStatus::kMissingParameter);
        auto user_id_v = cbor::AsBytes(user_id);
        if (!user_id_v.ok()) return CommandResult::Error(user_id_v.error());
        if (!std::equal(user_id_v->begin(), user_id_v->end(),
                        it->user_id.begin(), it->user_id.end())) {
          return CommandResult::Error(CtapStatus::kInvalidParameter);
        }
        std::string name, display_name;
        for (auto [key, out] : {std::pair{"name", &name},
                                std::pair{"displayName", &display_name}}) {
          if (const cbor_item_t* item = cbor::MapGetText(user, key)) {
            auto v = cbor::AsText(item);
            if (!v.ok()) return CommandResult::Error(v.error());
            *out = TruncateUtf8(*v, kMaxStoredStringSize);
          }
        }
        it->user_name = std::move(name);
        it->user_display_name = std::move(display_name);
      }
      if (!CommitState(ctx, std::move(next)))
        return CommandResult::Error(CtapStatus::kOther);
      return CommandResult::Ok();
    }
    default:
      break;
  }
  return CommandResult::Error(CtapStatus::kInvalidSubcommand);
}

}  // namespace hsm::ctap2
