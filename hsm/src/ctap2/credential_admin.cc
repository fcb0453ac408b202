// Credential administration for a test rig (hsm/ctap2/credential_admin.h).
#include "hsm/ctap2/credential_admin.h"

#include <algorithm>
#include <utility>

#include "cose.h"
#include "credential.h"
#include "hsm/crypto/ed25519.h"
#include "hsm/crypto/p256.h"

namespace hsm::ctap2 {
namespace {

constexpr size_t kWrapKeySize = 32;
constexpr size_t kMaxRpIdSize = 255;  // as makeCredential (make_credential.cc)

Result<CredentialInfo, AdminError> Describe(const Credential& c) {
  CredentialInfo info;
  info.id = c.id;
  info.rp_id = c.rp_id;
  info.user_id = c.user_id;
  info.user_name = c.user_name;
  info.user_display_name = c.user_display_name;
  info.alg = c.alg;
  info.resident = c.resident;
  auto cose_key = cose::CredentialPublicKey(c);
  if (!cose_key) return MakeErr(AdminError::kCrypto);
  info.cose_public_key = cbor::Encode(cose_key->get());
  if (c.alg == kAlgEdDsa) {
    auto x = crypto::Ed25519PublicKey(c.private_key.view());
    if (!x.ok()) return MakeErr(AdminError::kCrypto);
    info.public_key.assign(x->begin(), x->end());
  } else {
    auto point = crypto::P256PublicKey(c.private_key.view());
    if (!point.ok()) return MakeErr(AdminError::kCrypto);
    info.public_key.push_back(0x04);  // SEC 1 §2.3.3 uncompressed
    info.public_key.insert(info.public_key.end(), point->x.begin(),
                           point->x.end());
    info.public_key.insert(info.public_key.end(), point->y.begin(),
                           point->y.end());
  }
  return info;
}

}  // namespace

Result<CredentialInfo, AdminError> ImportCredential(
    Platform& platform, FidoStore& store, const AuthenticatorConfig& config,
    crypto::SigningKeyCache& signing_keys, const CredentialImport& request) {
  if (request.rp_id.empty() || request.rp_id.size() > kMaxRpIdSize ||
      request.user_id.empty() || request.user_id.size() > kMaxUserIdSize ||
      request.private_key.size() != crypto::kP256ScalarSize ||
      !crypto::P256PublicKey(request.private_key.view()).ok()) {
    return MakeErr(AdminError::kInvalidArgument);
  }
  const FidoState& state = store.state();
  auto same_user = [&](const ResidentCredential& r) {
    return r.rp_id == request.rp_id && r.user_id == request.user_id;
  };
  if (request.resident &&
      std::none_of(state.credentials.begin(), state.credentials.end(),
                   same_user) &&
      state.credentials.size() >= config.max_resident_credentials) {
    return MakeErr(AdminError::kKeyStoreFull);
  }
  FidoState next = state.Clone();
  if (next.wrap_key.empty()) {
    next.wrap_key = SecretBytes(kWrapKeySize);
    platform.Random(next.wrap_key.mutable_view());
  }
  auto id = WrapCredentialId(platform, next.wrap_key.view(), request.rp_id,
                             kAlgEs256, /*cred_protect=*/1,
                             /*hmac_secret=*/false, request.resident,
                             request.private_key.view());
  if (!id) return MakeErr(AdminError::kCrypto);
  Credential cred;
  cred.id = *id;
  cred.rp_id = request.rp_id;
  cred.alg = kAlgEs256;
  cred.private_key = request.private_key.Clone();
  cred.resident = request.resident;
  if (request.resident) {
    // The replaced credential's key goes from the cache too (as
    // makeCredential and credentialManagement's delete drop theirs).
    for (const ResidentCredential& r : next.credentials) {
      if (same_user(r)) signing_keys.Erase(r.private_key.view());
    }
    next.credentials.erase(std::remove_if(next.credentials.begin(),
                                          next.credentials.end(), same_user),
                           next.credentials.end());
    ResidentCredential r;
    r.id = *id;
    r.rp_id = request.rp_id;
    r.rp_name = TruncateUtf8(request.rp_name, kMaxStoredStringSize);
    r.user_id = request.user_id;
    r.user_name = TruncateUtf8(request.user_name, kMaxStoredStringSize);
    r.user_display_name =
        TruncateUtf8(request.user_display_name, kMaxStoredStringSize);
    r.alg = kAlgEs256;
    r.private_key = request.private_key.Clone();
    r.created = next.next_created++;
    cred = FromResident(r);
    next.credentials.push_back(std::move(r));
  }
  auto info = Describe(cred);
  if (!info.ok()) return info;
  if (!store.Commit(std::move(next))) return MakeErr(AdminError::kStorage);
  return info;
}

Result<CredentialInfo, AdminError> DescribeCredential(
    const FidoState& state, std::span<const uint8_t> id,
    std::optional<std::string_view> rp_id) {
  if (!rp_id) {
    for (const auto& r : state.credentials) {
      if (std::equal(r.id.begin(), r.id.end(), id.begin(), id.end())) {
        return Describe(FromResident(r));
      }
    }
    return MakeErr(AdminError::kNotFound);
  }
  auto found = FindCredential(state, *rp_id, id);
  if (!found.ok()) return MakeErr(AdminError::kCrypto);
  if (!*found) return MakeErr(AdminError::kNotFound);
  return Describe(**found);
}

Result<std::vector<CredentialInfo>, AdminError> DescribeResidentCredentials(
    const FidoState& state, std::string_view rp_id) {
  std::vector<const ResidentCredential*> chosen;
  for (const auto& r : state.credentials) {
    if (rp_id.empty() || r.rp_id == rp_id) chosen.push_back(&r);
  }
  std::sort(chosen.begin(), chosen.end(),
            [](const ResidentCredential* a, const ResidentCredential* b) {
              return a->created > b->created;
            });
  std::vector<CredentialInfo> out;
  for (const ResidentCredential* r : chosen) {
    auto info = Describe(FromResident(*r));
    if (!info.ok()) return MakeErr(info.error());
    out.push_back(std::move(*info));
  }
  return out;
}

}  // namespace hsm::ctap2
