// OATH command encoders and response parsers: the intersection of the
// Nitrokey 3 Secrets App and YKOATH that the bridge speaks
// (docs/protocol/oath.md decision 6, §2.3–§2.7, §3).
//
// Contract: encoders only build APDUs (CLA 00) and validate client-side
// limits (names 1–64 bytes, every TLV value ≤ 127 bytes, secrets 1–125
// bytes, PINs 1–127 bytes) with kInvalidInput; parsers accept outside bytes
// and fail with kProtocol, never crash. Secret-bearing APDUs (PUT, PIN)
// should be wiped by the caller after use.
#ifndef BRIDGE_OATH_COMMANDS_H_
#define BRIDGE_OATH_COMMANDS_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bridge/error.h"
#include "bridge/oath/apdu.h"
#include "bridge/oath/credential.h"
#include "bridge/oath/tlv.h"
#include "bridge/secret.h"

namespace bridge::oath {

// Instructions (docs/protocol/oath.md §2.3).
inline constexpr uint8_t kInsPut = 0x01;
inline constexpr uint8_t kInsDelete = 0x02;
inline constexpr uint8_t kInsSetCode = 0x03;  // YKOATH (§3 "Access code")
inline constexpr uint8_t kInsReset = 0x04;
inline constexpr uint8_t kInsRename = 0x05;  // YKOATH 5.3 (§3 "INS table")
inline constexpr uint8_t kInsList = 0xA1;
inline constexpr uint8_t kInsCalculate = 0xA2;
inline constexpr uint8_t kInsValidate = 0xA3;  // YKOATH (§3 "Access code")
inline constexpr uint8_t kInsSelect = 0xA4;    // P1 04; P1 00 = CALCULATE ALL
inline constexpr uint8_t kInsSendRemaining = 0xA5;
inline constexpr uint8_t kInsVerifyCode = 0xB1;  // NK3 reverse HOTP (§2.3)
inline constexpr uint8_t kInsVerifyPin = 0xB2;
inline constexpr uint8_t kInsChangePin = 0xB3;
inline constexpr uint8_t kInsSetPin = 0xB4;
inline constexpr uint8_t kInsGetCredential = 0xB5;     // NK3 PWS (§2.3)
inline constexpr uint8_t kInsUpdateCredential = 0xB7;  // NK3 (§2.3)

// The instruction's name as docs/protocol/oath.md §2.3 and §3 write it
// ("CALCULATE ALL", "NK3 VERIFY PIN"); INS A4 is SELECT with P1 04 and
// CALCULATE ALL otherwise; an instruction not in those tables gives "".
std::string_view InsName(uint8_t ins, uint8_t p1);

// Tags (docs/protocol/oath.md §2.4).
inline constexpr uint8_t kTagName = 0x71;
inline constexpr uint8_t kTagNameList = 0x72;
inline constexpr uint8_t kTagKey = 0x73;
inline constexpr uint8_t kTagChallenge = 0x74;
inline constexpr uint8_t kTagTruncated = 0x76;
inline constexpr uint8_t kTagHotp = 0x77;  // CALCULATE ALL: not computed (§3)
inline constexpr uint8_t kTagProperty = 0x78;
inline constexpr uint8_t kTagVersion = 0x79;
inline constexpr uint8_t kTagImf = 0x7A;
inline constexpr uint8_t kTagTouch = 0x7C;  // CALCULATE ALL: needs a touch (§3)
inline constexpr uint8_t kTagPassword = 0x80;
inline constexpr uint8_t kTagNewPassword = 0x81;
inline constexpr uint8_t kTagPinCounter = 0x82;
inline constexpr uint8_t kTagSerial = 0x8F;

// PUT property byte (docs/protocol/oath.md §2.5, §3): 0x02 require touch.
inline constexpr uint8_t kPropRequireTouch = 0x02;
// LIST v1 property byte, a different layout (docs/protocol/oath.md §2.5).
inline constexpr uint8_t kListPropTouch = 0x01;
inline constexpr uint8_t kListPropPinEncrypted = 0x02;
inline constexpr uint8_t kListPropPws = 0x04;

inline constexpr std::array<uint8_t, 7> kOathAid = {0xA0, 0x00, 0x00, 0x05,
                                                    0x27, 0x21, 0x01};

// --- encoders --------------------------------------------------------------
Result<Apdu> EncodePut(const CredentialData& cred);  // name = FormatLabel(…)
Result<Apdu> EncodeDelete(std::string_view name);
Apdu EncodeReset();
Apdu EncodeList();    // LIST v1: data `01`
Apdu EncodeListV0();  // YKOATH LIST: no data, v0 entries (docs/protocol/oath.md
                      // §3)
Apdu EncodeSendRemaining();
Apdu EncodeSelect();
// CALCULATE P2=01 (truncated) with `74 <challenge>`.
Result<Apdu> EncodeCalculate(std::string_view name,
                             std::span<const uint8_t> challenge);
// YKOATH CALCULATE ALL `00 A4 00 01` (truncated) with `74 <challenge>`
// (docs/protocol/oath.md §3 "CALCULATE ALL").
Apdu EncodeCalculateAll(std::span<const uint8_t> challenge);
// `T` as an 8-byte big-endian challenge (docs/protocol/oath.md §2.6).
std::array<uint8_t, 8> TimeChallenge(uint64_t t);
Result<Apdu> EncodeVerifyPin(const SecretBytes& pin);
Result<Apdu> EncodeSetPin(const SecretBytes& pin);
Result<Apdu> EncodeChangePin(const SecretBytes& old_pin,
                             const SecretBytes& new_pin);

// --- parsers ---------------------------------------------------------------
struct ListEntry {
  std::string name;
  OathType type = OathType::kTotp;
  HashAlgorithm algorithm = HashAlgorithm::kSha1;
  bool has_properties = false;  // LIST v1
  bool touch = false;
  bool pin_encrypted = false;
  bool pws = false;
};
// `v1`: each entry ends with a property byte (docs/protocol/oath.md §2.7).
Result<std::vector<ListEntry>> ParseListResponse(std::span<const uint8_t> data,
                                                 TlvLength encoding, bool v1);

struct TruncatedCode {
  uint8_t digits = 0;
  uint32_t value = 0;
};
// `76 05 <digits> <u32 BE>` (docs/protocol/oath.md §2.6).
Result<TruncatedCode> ParseCalculateResponse(std::span<const uint8_t> data,
                                             TlvLength encoding);
// The value of a `76` TLV: `<digits 1–10> <u32 BE>`; `what` names the
// command in errors.
Result<TruncatedCode> ParseTruncatedValue(std::span<const uint8_t> value,
                                          std::string_view what);

// One CALCULATE ALL entry (docs/protocol/oath.md §3 "CALCULATE ALL"): the
// name and either the truncated code (`76`, a TOTP credential without touch)
// or the reason there is none: `77` HOTP, `7C` touch required.
struct CalculateAllEntry {
  enum class Kind { kCode, kHotp, kTouch };
  std::string name;
  Kind kind = Kind::kCode;
  uint8_t digits = 0;
  TruncatedCode code;  // kCode only
};
// A sequence of `71 name` each followed by `76 05 d xxxx`, `77 01 d` or
// `7C 01 d`; names 1–64 bytes, digits 1–10. Anything else (also the full
// `75` form, which EncodeCalculateAll does not ask for) is kProtocol.
Result<std::vector<CalculateAllEntry>> ParseCalculateAllResponse(
    std::span<const uint8_t> data, TlvLength encoding);

struct SelectInfo {
  std::optional<std::array<uint8_t, 3>> version;
  std::vector<uint8_t> salt;
  std::optional<uint8_t> pin_retries;  // present when a PIN is set (NK3)
  std::optional<uint32_t> serial;
  // YKOATH with an access code set (docs/protocol/oath.md §3): `74` challenge,
  // `7B` alg.
  std::vector<uint8_t> challenge;
  std::optional<uint8_t> algorithm;
};
Result<SelectInfo> ParseSelectResponse(std::span<const uint8_t> data,
                                       TlvLength encoding);

}  // namespace bridge::oath

#endif  // BRIDGE_OATH_COMMANDS_H_
