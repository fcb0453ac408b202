// SIMPLE-TLV as the Nitrokey 3 Secrets App parses it (ISO 7816-4 §5.2.1,
// docs/protocol/oath.md §2.4): one tag byte (not 00 or FF), then a length of
// one byte 0..254 or FF hh ll. In PUT the property tag 78 is followed directly
// by its one value byte with NO length (docs/protocol/oath.md §2.5).
//
// Contract: ParseTlvs either returns every element of `data` (at most
// kMaxTlvs) with values that lie inside `data`, or 6A80; given `allowed`, it
// also answers 6A80 unless every tag is in `allowed` and appears at most
// once. AppendTlv writes the same encoding (single length byte up to 254).
#ifndef HSM_SRC_OATH_TLV_H_
#define HSM_SRC_OATH_TLV_H_

#include <cstdint>
#include <span>
#include <vector>

#include "hsm/oath/applet.h"
#include "hsm/result.h"

namespace hsm::oath {

inline constexpr size_t kMaxTlvs = 8;

// OATH tags (docs/protocol/oath.md §2.4).
inline constexpr uint8_t kTagName = 0x71;
inline constexpr uint8_t kTagNameList = 0x72;
inline constexpr uint8_t kTagKey = 0x73;
inline constexpr uint8_t kTagChallenge = 0x74;
inline constexpr uint8_t kTagResponse = 0x75;
inline constexpr uint8_t kTagTruncated = 0x76;
inline constexpr uint8_t kTagHotp = 0x77;
inline constexpr uint8_t kTagProperty = 0x78;
inline constexpr uint8_t kTagVersion = 0x79;
inline constexpr uint8_t kTagImf = 0x7A;
inline constexpr uint8_t kTagAlgorithm = 0x7B;  // YKOATH SELECT (§3)
inline constexpr uint8_t kTagTouch = 0x7C;
inline constexpr uint8_t kTagPassword = 0x80;
inline constexpr uint8_t kTagNewPassword = 0x81;
inline constexpr uint8_t kTagPinCounter = 0x82;
inline constexpr uint8_t kTagSerial = 0x8F;

struct Tlv {
  uint8_t tag = 0;
  std::span<const uint8_t> value;
};

enum class TlvMode {
  kStandard,      // every tag has a length
  kBareProperty,  // PUT: tag 78 carries one value byte and no length
};

Result<std::vector<Tlv>, Sw> ParseTlvs(std::span<const uint8_t> data,
                                       TlvMode mode = TlvMode::kStandard);
// The command parsers' form: each tag from `allowed`, at most once.
Result<std::vector<Tlv>, Sw> ParseTlvs(std::span<const uint8_t> data,
                                       std::span<const uint8_t> allowed,
                                       TlvMode mode = TlvMode::kStandard);

// Appends tag ‖ length ‖ value; value.size() must be <= 0xFFFF.
void AppendTlv(std::vector<uint8_t>& out, uint8_t tag,
               std::span<const uint8_t> value);

// The first element with `tag`, or nullptr (the only one when parsed with
// `allowed`).
const Tlv* FindTlv(const std::vector<Tlv>& tlvs, uint8_t tag);

}  // namespace hsm::oath

#endif  // HSM_SRC_OATH_TLV_H_
