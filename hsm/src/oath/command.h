// Shared pieces of the OATH command handlers: the profile table
// (docs/protocol/oath.md §3.1), per-session state, the context a command runs
// in, and helpers for presence gating, credential lookup and chunked replies.
//
// Contract for every Run* function: parse the APDU, validate it against the
// stored state, ask for presence if needed (first call: needs_presence, no
// change at all), then change state only through one OathStore::Commit and
// encode the reply. Session changes go through Context (new_pending,
// authorize_next) and are applied by Applet::Handle once the command ends.
#ifndef HSM_SRC_OATH_COMMAND_H_
#define HSM_SRC_OATH_COMMAND_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "apdu.h"
#include "hsm/crypto/hash.h"
#include "hsm/crypto/hmac_key_cache.h"
#include "hsm/oath/applet.h"
#include "hsm/oath/oath_store.h"
#include "hsm/platform.h"
#include "hsm/presence.h"
#include "hsm/secret.h"

namespace hsm::oath {

// Instructions (docs/protocol/oath.md §2.3, §3).
inline constexpr uint8_t kInsPut = 0x01;
inline constexpr uint8_t kInsDelete = 0x02;
inline constexpr uint8_t kInsSetCode = 0x03;  // YKOATH (§3 "Access code")
inline constexpr uint8_t kInsReset = 0x04;
inline constexpr uint8_t kInsRename = 0x05;
inline constexpr uint8_t kInsList = 0xA1;
inline constexpr uint8_t kInsCalculate = 0xA2;
inline constexpr uint8_t kInsValidate = 0xA3;  // YKOATH (§3 "Access code")
inline constexpr uint8_t kInsSelectOrCalculateAll = 0xA4;
inline constexpr uint8_t kInsSendRemaining = 0xA5;
inline constexpr uint8_t kInsVerifyPin = 0xB2;
inline constexpr uint8_t kInsChangePin = 0xB3;
inline constexpr uint8_t kInsSetPin = 0xB4;

// Kind / algorithm byte (docs/protocol/oath.md §2.5).
inline constexpr uint8_t kKindMask = 0xF0;
inline constexpr uint8_t kAlgMask = 0x0F;
inline constexpr uint8_t kKindHotp = 0x10;
inline constexpr uint8_t kKindTotp = 0x20;
inline constexpr uint8_t kAlgSha1 = 0x01;
inline constexpr uint8_t kAlgSha256 = 0x02;
inline constexpr uint8_t kAlgSha512 = 0x03;

// PUT property byte (docs/protocol/oath.md §2.5, §3).
inline constexpr uint8_t kPropIncreasing = 0x01;  // YKOATH; accepted, unused
inline constexpr uint8_t kPropTouch = 0x02;
inline constexpr uint8_t kPropPinEncrypt = 0x04;  // Nitrokey 3 only

// LIST v1 property byte (docs/protocol/oath.md §2.5, different layout).
inline constexpr uint8_t kListPropTouch = 0x01;
inline constexpr uint8_t kListPropPin = 0x02;

// PIN (docs/protocol/oath.md §2.9).
inline constexpr uint8_t kPinRetries = 8;
inline constexpr size_t kPinMinLength = 4;  // for SET/CHANGE (our choice)
inline constexpr size_t kPinMaxLength = 64;
inline constexpr size_t kPinSaltSize = 16;
inline constexpr size_t kPinHashSize = 32;
inline constexpr uint32_t kPinKdfIterations = 10000;

// YKOATH access code (docs/protocol/oath.md §3): SELECT challenge size, the
// host's VALIDATE challenge bounds (ykneo-oath refuses < 8 bytes), and the
// access key size range (ykman sends the 16-byte PBKDF2 output; HMAC keys
// up to one SHA-1/SHA-256 block are accepted).
inline constexpr size_t kAccessChallengeSize = 8;
inline constexpr size_t kHostChallengeMin = 8;
inline constexpr size_t kHostChallengeMax = 64;
inline constexpr size_t kAccessKeyMax = 64;

inline constexpr std::array<uint8_t, 7> kOathAid = {0xA0, 0x00, 0x00, 0x05,
                                                    0x27, 0x21, 0x01};

// What differs between the emulated keys (docs/protocol/oath.md §3.1).
struct ProfileTraits {
  Profile profile;
  std::array<uint8_t, 3> version;  // SELECT tag 79
  bool select_serial_and_pin;      // SELECT tags 8F and 82 (NK3)
  size_t max_credentials;          // 50 NK3, 32 YK5
  size_t max_label;                // 127 NK3, 64 YK5
  size_t max_secret;               // bytes of the HMAC key
  size_t max_challenge;            // bytes of tag 74
  size_t max_response_data;        // chunk size before 61xx
  Sw not_found;                    // 6A82 NK3, 6984 YK5
  Sw persistent_error;             // storage failure: 6500 NK3, 6581 YK5
  Sw reset_bad_p1p2;               // 6D00 NK3, 6A86 YK5
  bool put_overwrites;             // YK5: PUT replaces an existing name
  bool touch_for_delete_reset;     // NK3: DELETE and RESET always need touch
  bool strict_p1p2;                // NK3: wrong P1/P2 → 6D00
  bool calculate_full;             // YK5: CALCULATE P2=00 (full HMAC)
  bool calculate_all;              // YK5: INS A4 P1=00
  bool rename;                     // YK5: INS 05
  bool sha512_calculate;           // YK5 computes SHA-512; NK3 → 6A81
  bool pin_commands;               // NK3: B2/B3/B4
  bool list_v1;                    // NK3: LIST data 01 → props byte
  uint8_t put_property_mask;       // accepted PUT property bits
  bool access_code;                // YK5: SET CODE / VALIDATE (§3)
};

const ProfileTraits& TraitsFor(Profile profile);

// A reply too long for one response, kept for SEND REMAINING
// (docs/protocol/oath.md §2.7). Chunks end on entry boundaries.
struct Pending {
  std::vector<std::vector<uint8_t>> entries;
  size_t next = 0;
};

struct SessionState {
  std::optional<Pending> pending;
  bool authorized = false;  // PIN verified by the previous command (§2.9)
  // The unwrapped PIN key (§2.9.1) while `authorized`; RAM only, wiped when
  // the authorization ends, at Applet::Reset and on power loss.
  SecretBytes pin_key;
  // YKOATH (§3 "Access code"): the challenge sent by the last SELECT (empty
  // once VALIDATE used it) and whether VALIDATE succeeded since.
  std::vector<uint8_t> select_challenge;
  bool validated = false;
};

struct Context {
  Platform& platform;
  OathStore& store;
  const ProfileTraits& traits;
  PresenceGrant grant;
  bool authorized;        // PIN authorization for THIS command
  SessionState& session;  // read by SEND REMAINING only
  // Keyed HMAC contexts (hsm/oath/applet.h): CALCULATE and CALCULATE ALL
  // use them through CredentialHmac; DELETE, PUT and RESET drop keys.
  crypto::HmacKeyCache& hmac_keys;
  std::optional<Pending> new_pending;  // set by LIST / CALCULATE ALL
  bool authorize_next = false;         // set by a successful VERIFY PIN
  // YKOATH session changes, applied when the command ends: set by SELECT
  // (new challenge, not validated), VALIDATE and SET CODE.
  std::optional<std::vector<uint8_t>> new_select_challenge;
  std::optional<bool> new_validated;
  // §2.9.1: the PIN key for THIS command (nullptr unless authorized), and
  // the one a successful VERIFY PIN hands to the next command.
  const SecretBytes* pin_key = nullptr;
  std::optional<SecretBytes> new_pin_key;
};

Outcome Reply(Sw sw, std::vector<uint8_t> data = {});

// One command as parse → handle (docs/architecture.md convention 6): a
// parse error is the reply, else `handle(request, ctx)` is.
template <typename Request, typename Handle>
Outcome ParseThenHandle(Result<Request, Sw> request, Context& ctx,
                        Handle handle) {
  if (!request.ok()) return Reply(request.error());
  return handle(*request, ctx);
}

// Commits `next` and answers 9000; if the write fails, answers the
// profile's persistent-storage error and the stored state is unchanged.
Outcome CommitAndSucceed(OathState next, Context& ctx);

// docs/protocol/oath.md §3 INS table: whether `apdu` needs VALIDATE first when
// an access code is set (everything but SELECT, RESET and VALIDATE).
bool RequiresAccess(const Apdu& apdu);

// Presence gate (hsm/presence.h): nullopt = proceed; otherwise the outcome to
// return (needs_presence on the first call, 6982 if refused / timed out /
// cancelled).
std::optional<Outcome> GatePresence(bool needed, PresenceGrant grant);

// Sends the next chunk of `pending` (61FF/61xx while more remains, 9000 on
// the last one) and advances it. `done` tells whether nothing is left.
Outcome EmitChunk(Pending& pending, const ProfileTraits& traits, bool& done);

// Index of the credential named `name` that this command may see: a
// PIN-encrypted credential is visible only when authorized (§2.9).
std::optional<size_t> FindVisible(const OathState& oath,
                                  std::span<const uint8_t> name,
                                  bool authorized);
std::optional<size_t> FindAny(const OathState& oath,
                              std::span<const uint8_t> name);
bool IsVisible(const OathCredential& c, bool authorized);

// LIST and CALCULATE ALL: one entry, `encode(credential)` (a
// Result<std::vector<uint8_t>, Sw>), per credential this command may see,
// sent in chunks: the first one now, what does not fit waits in
// ctx.new_pending for SEND REMAINING. The first error status ends the command.
template <typename Encode>
Outcome ReplyPerVisibleCredential(Context& ctx, Encode encode) {
  Pending pending;
  for (const auto& c : ctx.store.state().credentials) {
    if (!IsVisible(c, ctx.authorized)) continue;
    auto entry = encode(c);
    if (!entry.ok()) return Reply(entry.error());
    pending.entries.push_back(std::move(entry.value()));
  }
  bool done = false;
  Outcome out = EmitChunk(pending, ctx.traits, done);
  if (!done) ctx.new_pending = std::move(pending);
  return out;
}

// Whether CALCULATE on `c` needs a touch: NK3 skips touch for PIN-encrypted
// credentials (§2.9).
bool CredentialNeedsTouch(const OathCredential& c, const ProfileTraits& traits);

std::optional<crypto::HashAlg> AlgOf(uint8_t kind_alg);

// HMAC-alg(c's secret, message) for CALCULATE and CALCULATE ALL. A plain
// credential's key goes through ctx.hmac_keys; a PIN-encrypted one is opened
// with this command's PIN key (CredentialSecret, its errors) and never
// cached (§2.9.1). An HMAC failure is 6400.
Result<std::vector<uint8_t>, Sw> CredentialHmac(
    Context& ctx, const OathCredential& c, crypto::HashAlg alg,
    std::span<const uint8_t> message);

// Drops the cached HMAC key of `c` (DELETE, PUT over an existing name);
// a PIN-encrypted credential has none.
void ForgetHmacKey(Context& ctx, const OathCredential& c);

// RFC 4226 §5.3 dynamic truncation of an HMAC value: 31-bit value.
uint32_t DynamicTruncate(std::span<const uint8_t> mac);

// Commands (one file each).
Outcome RunSelect(const Apdu& apdu, Context& ctx);
Outcome RunPut(const Apdu& apdu, Context& ctx);
Outcome RunDelete(const Apdu& apdu, Context& ctx);
Outcome RunReset(const Apdu& apdu, Context& ctx);
Outcome RunRename(const Apdu& apdu, Context& ctx);
Outcome RunList(const Apdu& apdu, Context& ctx);
Outcome RunCalculate(const Apdu& apdu, Context& ctx);
Outcome RunCalculateAll(const Apdu& apdu, Context& ctx);
Outcome RunSendRemaining(const Apdu& apdu, Context& ctx);
Outcome RunVerifyPin(const Apdu& apdu, Context& ctx);
Outcome RunChangePin(const Apdu& apdu, Context& ctx);
Outcome RunSetPin(const Apdu& apdu, Context& ctx);
Outcome RunSetCode(const Apdu& apdu, Context& ctx);
Outcome RunValidate(const Apdu& apdu, Context& ctx);

}  // namespace hsm::oath

#endif  // HSM_SRC_OATH_COMMAND_H_
