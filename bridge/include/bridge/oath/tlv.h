// TLV helpers for OATH APDUs (docs/protocol/oath.md §2.4, decision 8).
//
// Contract: AppendTlv writes `tag len value` with a single length byte and
// refuses values longer than 127 bytes (kInvalidInput): only there do the
// BER (YubiKey) and SIMPLE-TLV (Nitrokey) length encodings agree.
// ParseTlvs reads a response in the key's encoding: kSimple = ISO 7816
// SIMPLE-TLV (one byte 0..254, or FF hh ll), kBer = BER definite lengths
// (0..127, 81 xx, 82 xx xx). Truncated input is kProtocol. Returned values
// point into `data`.
#ifndef BRIDGE_OATH_TLV_H_
#define BRIDGE_OATH_TLV_H_

#include <cstdint>
#include <span>
#include <vector>

#include "bridge/error.h"

namespace bridge::oath {

inline constexpr size_t kMaxTlvValue = 127;

enum class TlvLength { kSimple, kBer };

struct Tlv {
  uint8_t tag = 0;
  std::span<const uint8_t> value;
};

Status AppendTlv(std::vector<uint8_t>& out, uint8_t tag,
                 std::span<const uint8_t> value);

Result<std::vector<Tlv>> ParseTlvs(std::span<const uint8_t> data,
                                   TlvLength encoding);

}  // namespace bridge::oath

#endif  // BRIDGE_OATH_TLV_H_
