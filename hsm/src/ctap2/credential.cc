#include "credential.h"

#include <algorithm>

#include "hsm/crypto/aead.h"
#include "hsm/crypto/ed25519.h"
#include "hsm/crypto/hash.h"
#include "hsm/crypto/p256.h"

namespace hsm::ctap2 {
namespace {

constexpr uint8_t kIdVersion = 0x01;
constexpr size_t kNonceSize = 12;
constexpr size_t kPlainSize = 3 + 32;
constexpr uint8_t kIdFlagHmacSecret = 0x01;
constexpr uint8_t kIdFlagResident = 0x02;

uint8_t AlgCode(int32_t alg) { return alg == kAlgEdDsa ? 2 : 1; }

}  // namespace

std::span<const uint8_t> AsBytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

Credential Credential::Clone() const {
  Credential c;
  c.id = id;
  c.rp_id = rp_id;
  c.alg = alg;
  c.private_key = private_key.Clone();
  c.cred_protect = cred_protect;
  c.hmac_secret = hmac_secret;
  c.resident = resident;
  c.user_id = user_id;
  c.user_name = user_name;
  c.user_display_name = user_display_name;
  c.created = created;
  c.cred_blob = cred_blob;
  c.large_blob_key = large_blob_key.Clone();
  return c;
}

std::optional<std::vector<uint8_t>> WrapCredentialId(
    Platform& platform, std::span<const uint8_t> wrap_key,
    std::string_view rp_id, int32_t alg, uint8_t cred_protect, bool hmac_secret,
    bool resident, std::span<const uint8_t> private_key) {
  auto rp_hash = crypto::Sha256(AsBytes(rp_id));
  if (!rp_hash.ok()) return std::nullopt;
  return WrapCredentialIdForHash(platform, wrap_key, *rp_hash, alg,
                                 cred_protect, hmac_secret, resident,
                                 private_key);
}

std::optional<std::vector<uint8_t>> WrapCredentialIdForHash(
    Platform& platform, std::span<const uint8_t> wrap_key,
    std::span<const uint8_t> rp_id_hash, int32_t alg, uint8_t cred_protect,
    bool hmac_secret, bool resident, std::span<const uint8_t> private_key) {
  if (private_key.size() != 32) return std::nullopt;
  uint8_t nonce[kNonceSize];
  platform.Random(nonce);
  SecretBytes plain(kPlainSize);
  auto p = plain.mutable_view();
  p[0] = AlgCode(alg);
  p[1] = cred_protect;
  p[2] = static_cast<uint8_t>((hmac_secret ? kIdFlagHmacSecret : 0) |
                              (resident ? kIdFlagResident : 0));
  std::copy(private_key.begin(), private_key.end(), p.begin() + 3);
  auto sealed =
      crypto::Aes256GcmSeal(wrap_key, nonce, rp_id_hash, plain.view());
  if (!sealed.ok()) return std::nullopt;
  std::vector<uint8_t> id;
  id.reserve(kCredentialIdSize);
  id.push_back(kIdVersion);
  id.insert(id.end(), nonce, nonce + kNonceSize);
  id.insert(id.end(), sealed->begin(), sealed->end());
  return id;
}

Credential FromResident(const ResidentCredential& r) {
  Credential c;
  c.id = r.id;
  c.rp_id = r.rp_id;
  c.alg = r.alg;
  c.private_key = r.private_key.Clone();
  c.cred_protect = r.cred_protect;
  c.hmac_secret = r.hmac_secret;
  c.resident = true;
  c.user_id = r.user_id;
  c.user_name = r.user_name;
  c.user_display_name = r.user_display_name;
  c.created = r.created;
  c.cred_blob = r.cred_blob;
  c.large_blob_key = r.large_blob_key.Clone();
  return c;
}

Result<std::optional<Credential>, CtapStatus> FindCredential(
    const FidoState& state, std::string_view rp_id,
    std::span<const uint8_t> id) {
  auto rp_hash = crypto::Sha256(AsBytes(rp_id));
  if (!rp_hash.ok()) return MakeErr(CtapStatus::kOther);
  auto found = FindCredentialByHash(state, *rp_hash, id);
  if (found.ok() && found->has_value() && (*found)->rp_id.empty()) {
    (*found)->rp_id = std::string(rp_id);
  }
  return found;
}

Result<std::optional<Credential>, CtapStatus> FindCredentialByHash(
    const FidoState& state, std::span<const uint8_t> rp_id_hash,
    std::span<const uint8_t> id) {
  if (state.wrap_key.size() != 32 || id.size() != kCredentialIdSize ||
      id[0] != kIdVersion || rp_id_hash.size() != crypto::kSha256Size) {
    return std::optional<Credential>();
  }
  auto plain =
      crypto::Aes256GcmOpen(state.wrap_key.view(), id.subspan(1, kNonceSize),
                            rp_id_hash, id.subspan(1 + kNonceSize));
  if (!plain.ok()) {
    // Not ours (or not this RP's): the tag does not verify.
    if (plain.error() == crypto::CryptoError::kAuthFailed) {
      return std::optional<Credential>();
    }
    return MakeErr(CtapStatus::kOther);
  }
  if (plain->size() != kPlainSize) return std::optional<Credential>();
  auto p = plain->view();
  if (p[2] & kIdFlagResident) {
    for (const auto& r : state.credentials) {
      if (r.id.size() != id.size() ||
          !std::equal(r.id.begin(), r.id.end(), id.begin())) {
        continue;
      }
      auto stored_hash = crypto::Sha256(AsBytes(r.rp_id));
      if (!stored_hash.ok()) return MakeErr(CtapStatus::kOther);
      if (std::equal(stored_hash->begin(), stored_hash->end(),
                     rp_id_hash.begin(), rp_id_hash.end())) {
        return std::optional<Credential>(FromResident(r));
      }
    }
    // A deleted (credMgmt) discoverable credential.
    return std::optional<Credential>();
  }
  Credential c;
  c.id.assign(id.begin(), id.end());
  c.alg = p[0] == 2 ? kAlgEdDsa : kAlgEs256;
  c.cred_protect = p[1];
  c.hmac_secret = (p[2] & kIdFlagHmacSecret) != 0;
  c.private_key = SecretBytes(p.subspan(3, 32));
  return std::optional<Credential>(std::move(c));
}

std::vector<Credential> DiscoverableCredentials(const FidoState& state,
                                                std::string_view rp_id) {
  std::vector<Credential> out;
  for (const auto& r : state.credentials) {
    if (r.rp_id == rp_id) out.push_back(FromResident(r));
  }
  std::sort(out.begin(), out.end(),
            [](const Credential& a, const Credential& b) {
              return a.created > b.created;
            });
  return out;
}

Result<SecretBytes, crypto::CryptoError> CredRandom(
    const Credential& credential, bool uv) {
  std::string_view label = uv ? "CredRandomWithUV" : "CredRandomWithoutUV";
  auto d = crypto::HmacSha256(credential.private_key.view(), AsBytes(label));
  if (!d.ok()) return MakeErr(d.error());
  SecretBytes out(*d);
  std::fill(d->begin(), d->end(), 0);
  return out;
}

Result<std::vector<uint8_t>, crypto::CryptoError> AuthenticatorData(
    std::string_view rp_id, uint8_t flags, uint32_t sign_count,
    std::span<const uint8_t> attested_credential_data,
    std::span<const uint8_t> extensions) {
  auto rp_hash = crypto::Sha256(AsBytes(rp_id));
  if (!rp_hash.ok()) return MakeErr(rp_hash.error());
  std::vector<uint8_t> out(rp_hash->begin(), rp_hash->end());
  out.push_back(flags);
  for (int i = 3; i >= 0; --i)
    out.push_back(static_cast<uint8_t>(sign_count >> (8 * i)));
  out.insert(out.end(), attested_credential_data.begin(),
             attested_credential_data.end());
  out.insert(out.end(), extensions.begin(), extensions.end());
  return out;
}

Result<std::vector<uint8_t>, crypto::CryptoError> SignAssertion(
    crypto::SigningKeyCache& keys, const Credential& credential,
    std::span<const uint8_t> message) {
  return keys.Sign(credential.alg == kAlgEdDsa
                       ? crypto::SigningKeyCache::Alg::kEdDsa
                       : crypto::SigningKeyCache::Alg::kEs256,
                   credential.private_key.view(), message);
}

std::string TruncateUtf8(std::string_view text, size_t max) {
  if (text.size() <= max) return std::string(text);
  size_t n = max;
  // Back off continuation bytes so the cut lands on a character boundary.
  while (n > 0 && (static_cast<uint8_t>(text[n]) & 0xC0) == 0x80) --n;
  return std::string(text.substr(0, n));
}

Result<std::optional<std::span<const uint8_t>>, CtapStatus> ParseDescriptor(
    const cbor_item_t* item) {
  if (item == nullptr || !cbor_isa_map(item)) {
    return MakeErr(CtapStatus::kCborUnexpectedType);
  }
  const cbor_item_t* type = cbor::MapGetText(item, "type");
  const cbor_item_t* id = cbor::MapGetText(item, "id");
  if (type == nullptr || id == nullptr) {
    return MakeErr(CtapStatus::kMissingParameter);
  }
  auto type_v = cbor::AsText(type);
  if (!type_v.ok()) return MakeErr(type_v.error());
  auto id_v = cbor::AsBytes(id);
  if (!id_v.ok()) return MakeErr(id_v.error());
  const cbor_item_t* transports = cbor::MapGetText(item, "transports");
  if (transports != nullptr && !cbor_isa_array(transports)) {
    return MakeErr(CtapStatus::kCborUnexpectedType);
  }
  if (*type_v != "public-key") {
    return std::optional<std::span<const uint8_t>>();
  }
  return std::optional<std::span<const uint8_t>>(*id_v);
}

Result<std::vector<std::span<const uint8_t>>, CtapStatus> ParseDescriptorList(
    const cbor_item_t* item) {
  if (item == nullptr || !cbor_isa_array(item)) {
    return MakeErr(CtapStatus::kCborUnexpectedType);
  }
  std::vector<std::span<const uint8_t>> ids;
  cbor_item_t** items = cbor_array_handle(item);
  for (size_t i = 0; i < cbor_array_size(item); ++i) {
    auto d = ParseDescriptor(items[i]);
    if (!d.ok()) return MakeErr(d.error());
    if (d->has_value()) ids.push_back(**d);
  }
  return ids;
}

}  // namespace hsm::ctap2
