// OathSession: the bridge's OATH client over any ApduEnvelope
// (docs/protocol/oath.md decision 6).
//
// Contract: each call sends the APDUs of one operation. While the key
// answers SW1 = 61 the session sends SEND REMAINING (00 A5 00 00) and
// concatenates the data (docs/protocol/oath.md §2.7), bounded to
// kMaxResponseBytes; a continuation that brings no data but still says 61xx is
// an error. Any final SW other than 9000 becomes a kStatusWord error
// (StatusWordError) naming the operation. Commands that may need a touch on NK3
// (PUT, DELETE, RESET, PIN commands, CALCULATE of a touch account) are sent
// with may_need_touch. Secret-bearing APDU buffers are wiped after sending.
// Over a YKOATH envelope (envelope.ykoath()) LIST is sent without data and
// parsed as v0 entries (docs/protocol/oath.md §3).
#ifndef BRIDGE_OATH_SESSION_H_
#define BRIDGE_OATH_SESSION_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bridge/error.h"
#include "bridge/oath/commands.h"
#include "bridge/oath/credential.h"
#include "bridge/oath/envelope.h"
#include "bridge/secret.h"

namespace bridge::oath {

inline constexpr size_t kMaxResponseBytes = 1 << 20;

class OathSession {
 public:
  explicit OathSession(ApduEnvelope& envelope) : envelope_(envelope) {}

  Result<SelectInfo> Select();
  // The envelope speaks YKOATH (envelope.h).
  bool ykoath() const { return envelope_.ykoath(); }
  Status Put(const CredentialData& cred);
  Status Delete(std::string_view name);
  Status Reset();
  Result<std::vector<ListEntry>> List();
  Result<TruncatedCode> Calculate(std::string_view name,
                                  std::span<const uint8_t> challenge,
                                  bool may_need_touch);
  // YKOATH only (docs/protocol/oath.md §3 "CALCULATE ALL"): one truncated
  // code per TOTP credential for `challenge`, HOTP / touch entries uncomputed.
  Result<std::vector<CalculateAllEntry>> CalculateAll(
      std::span<const uint8_t> challenge);
  Status VerifyPin(const SecretBytes& pin);
  Status SetPin(const SecretBytes& pin);
  Status ChangePin(const SecretBytes& old_pin, const SecretBytes& new_pin);
  // YKOATH access code (docs/protocol/oath.md §3, ccid_access.h): derives the
  // key from `password` and the SELECT salt, sends VALIDATE for the SELECT
  // challenge, and checks the key's answer. `info` is the latest Select().
  // A wrong password is a kStatusWord error (6984 / 6A80).
  Status Validate(const SecretBytes& password, const SelectInfo& info);
  // Validate() with an already derived access key (a remembered one).
  Status ValidateKey(const SecretBytes& key, const SelectInfo& info);
  // SET CODE (docs/protocol/oath.md §3 "Access code"): `key` from
  // DeriveAccessKey becomes the access code; ClearCode removes it. Needs a
  // validated session when a code is set.
  Status SetCode(const SecretBytes& key);
  Status ClearCode();

 private:
  // Sends `apdu` (wiping its data afterwards when `secret`), follows 61xx,
  // and returns the data of a 9000 answer.
  Result<std::vector<uint8_t>> Run(Apdu& apdu, bool may_need_touch, bool secret,
                                   std::string_view what);
  // Run() for a command whose answer carries no data; an encoding error in
  // `apdu` is returned as is.
  Status RunForStatus(Result<Apdu> apdu, bool may_need_touch, bool secret,
                      std::string_view what);

  ApduEnvelope& envelope_;
};

// The code `entry` (from List(), TOTP or HOTP) gives at `unix_time`, as the
// decimal digits FormatCode makes of the key's answer. A TOTP account gets
// the challenge T = TimeStep(unix_time, period of its label)
// (docs/protocol/oath.md §2.6), an HOTP account eight zero bytes (the key
// counts itself). Sent as possibly needing a touch when the entry says so or
// cannot say (LIST v0).
Result<std::string> CalculateCode(OathSession& session, const ListEntry& entry,
                                  int64_t unix_time);

// An account and its code at the time asked for, when that is already known.
struct AccountCode {
  ListEntry entry;
  std::optional<std::string> code;
};

// The accounts on the key, in the key's order, for listing codes at
// `unix_time`. Over YKOATH one CALCULATE ALL with the 30-s challenge
// (docs/protocol/oath.md §3 "CALCULATE ALL", as ykman's calculate_all): a
// `76` entry whose name carries no other period gets its code; the others
// (`NN/` TOTP, `77` HOTP, `7C` touch) have none yet and are for CalculateCode.
// Such entries know type and touch from the answer's tag (an HOTP entry
// cannot say whether it needs a touch: has_properties false) but not the
// hash algorithm (left SHA-1). Over the NK3 dialect, where CALCULATE ALL is
// not built (§3.1), List() with no codes.
Result<std::vector<AccountCode>> ListAccountCodes(OathSession& session,
                                                  int64_t unix_time);

}  // namespace bridge::oath

#endif  // BRIDGE_OATH_SESSION_H_
