#include "command.h"

#include <algorithm>
#include <utility>

namespace hsm::oath {
namespace {

// docs/protocol/oath.md §2 (Nitrokey 3 Secrets App v0.15 → version 4.15.0).
constexpr ProfileTraits kNitrokey3 = {
    .profile = Profile::kNitrokey3,
    .version = {4, 15, 0},
    .select_serial_and_pin = true,
    .max_credentials = 50,
    .max_label = 127,
    .max_secret = 128,
    .max_challenge = 64,
    .max_response_data = 3072 - 2,  // CTAPHID message limit minus the SW
    .not_found = Sw::kNotFound,
    .persistent_error = Sw::kPersistentError,
    .reset_bad_p1p2 = Sw::kInsNotSupported,
    .put_overwrites = false,
    .touch_for_delete_reset = true,
    .strict_p1p2 = true,
    .calculate_full = false,
    .calculate_all = false,
    .rename = false,
    .sha512_calculate = false,
    .pin_commands = true,
    .list_v1 = true,
    .put_property_mask = kPropTouch | kPropPinEncrypt,
    .access_code = false,  // removed in secrets-app v0.13 (§2.3) → 6D00
};

static_assert(kNitrokey3.max_credentials <= kMaxCredentials);

// docs/protocol/oath.md §3 (YubiKey 5 YKOATH).
constexpr ProfileTraits kYubikey5 = {
    .profile = Profile::kYubikey5,
    .version = {5, 4, 3},
    .select_serial_and_pin = false,
    .max_credentials = 32,
    .max_label = 64,
    .max_secret = 128,
    .max_challenge = 64,
    .max_response_data = 255,
    .not_found = Sw::kNoSuchObject,
    .persistent_error = Sw::kMemoryError,
    .reset_bad_p1p2 = Sw::kIncorrectP1P2,
    .put_overwrites = true,
    .touch_for_delete_reset = false,
    .strict_p1p2 = false,
    .calculate_full = true,
    .calculate_all = true,
    .rename = true,
    .sha512_calculate = true,
    .pin_commands = false,
    .list_v1 = false,
    .put_property_mask = kPropIncreasing | kPropTouch,
    .access_code = true,
};
static_assert(kYubikey5.max_credentials <= kMaxCredentials);

}  // namespace

const ProfileTraits& TraitsFor(Profile profile) {
  return profile == Profile::kYubikey5 ? kYubikey5 : kNitrokey3;
}

std::array<uint8_t, 3> ProfileVersion(Profile profile) {
  return TraitsFor(profile).version;
}

Outcome Reply(Sw sw, std::vector<uint8_t> data) {
  Outcome o;
  o.response.sw = static_cast<uint16_t>(sw);
  o.response.data = std::move(data);
  return o;
}

Outcome CommitAndSucceed(OathState next, Context& ctx) {
  if (!ctx.store.Commit(std::move(next)).ok()) {
    return Reply(ctx.traits.persistent_error);
  }
  return Reply(Sw::kSuccess);
}

bool RequiresAccess(const Apdu& apdu) {
  switch (apdu.ins) {
    case kInsReset:
    case kInsValidate:
      return false;
    case kInsSelectOrCalculateAll:
      return apdu.p1 != 0x04;  // SELECT never needs it; CALCULATE ALL does
    default:
      return true;  // PUT, DELETE, SET CODE, RENAME, LIST, CALCULATE, A5, …
  }
}

std::optional<Outcome> GatePresence(bool needed, PresenceGrant grant) {
  if (!needed) return std::nullopt;
  switch (grant) {
    case PresenceGrant::kNotRequested: {
      Outcome o;
      o.needs_presence = true;
      return o;
    }
    case PresenceGrant::kApproved:
      return std::nullopt;
    case PresenceGrant::kDenied:
    case PresenceGrant::kTimedOut:
    case PresenceGrant::kCancelled:
      // docs/protocol/oath.md §2.8: touch timeout → 6982.
      return Reply(Sw::kSecurityStatusNotSatisfied);
  }
  return Reply(Sw::kSecurityStatusNotSatisfied);
}

// docs/protocol/oath.md §2.7 (NK3: 61FF above 3072 bytes) and §3 (YKOATH:
// 61xx).
Outcome EmitChunk(Pending& pending, const ProfileTraits& traits, bool& done) {
  std::vector<uint8_t> data;
  while (pending.next < pending.entries.size()) {
    const auto& e = pending.entries[pending.next];
    if (!data.empty() && data.size() + e.size() > traits.max_response_data) {
      break;
    }
    data.insert(data.end(), e.begin(), e.end());
    ++pending.next;
  }
  done = pending.next >= pending.entries.size();
  if (done) return Reply(Sw::kSuccess, std::move(data));
  Outcome o = Reply(Sw::kMoreDataFF, std::move(data));
  if (traits.profile == Profile::kYubikey5) {
    size_t remaining = 0;
    for (size_t i = pending.next; i < pending.entries.size(); ++i) {
      remaining += pending.entries[i].size();
    }
    o.response.sw =
        static_cast<uint16_t>(0x6100 | std::min<size_t>(remaining, 0xFF));
  }
  return o;
}

bool IsVisible(const OathCredential& c, bool authorized) {
  return authorized || !(c.properties & kPropPinEncrypt);
}

std::optional<size_t> FindAny(const OathState& oath,
                              std::span<const uint8_t> name) {
  for (size_t i = 0; i < oath.credentials.size(); ++i) {
    const auto& n = oath.credentials[i].name;
    if (std::equal(n.begin(), n.end(), name.begin(), name.end())) return i;
  }
  return std::nullopt;
}

std::optional<size_t> FindVisible(const OathState& oath,
                                  std::span<const uint8_t> name,
                                  bool authorized) {
  auto i = FindAny(oath, name);
  if (i && !IsVisible(oath.credentials[*i], authorized)) return std::nullopt;
  return i;
}

bool CredentialNeedsTouch(const OathCredential& c,
                          const ProfileTraits& traits) {
  if (!(c.properties & kPropTouch)) return false;
  if (traits.profile == Profile::kNitrokey3 &&
      (c.properties & kPropPinEncrypt)) {
    return false;  // docs/protocol/oath.md §2.9
  }
  return true;
}

std::optional<crypto::HashAlg> AlgOf(uint8_t kind_alg) {
  switch (kind_alg & kAlgMask) {
    case kAlgSha1:
      return crypto::HashAlg::kSha1;
    case kAlgSha256:
      return crypto::HashAlg::kSha256;
    case kAlgSha512:
      return crypto::HashAlg::kSha512;
    default:
      return std::nullopt;
  }
}

uint32_t DynamicTruncate(std::span<const uint8_t> mac) {
  // RFC 4226 §5.3: offset = low nibble of the last byte.
  const size_t off = mac.back() & 0x0F;
  return ((uint32_t{mac[off]} & 0x7F) << 24) | (uint32_t{mac[off + 1]} << 16) |
         (uint32_t{mac[off + 2]} << 8) | uint32_t{mac[off + 3]};
}

}  // namespace hsm::oath
