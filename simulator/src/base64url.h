// Base64url without padding (RFC 4648 §5), as the control socket carries
// binary values (docs/control.md).
//
// Contract: EncodeBase64Url() never pads. DecodeBase64Url() accepts the
// unpadded form and the padded one ('=' only at the end, to a multiple of
// 4), rejects any other character, a length of 1 mod 4 and non-zero unused
// bits, and returns nullopt then.
#ifndef SIMULATOR_SRC_BASE64URL_H_
#define SIMULATOR_SRC_BASE64URL_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace keysim {

std::string EncodeBase64Url(std::span<const uint8_t> bytes);
std::optional<std::vector<uint8_t>> DecodeBase64Url(std::string_view text);

}  // namespace keysim

#endif  // SIMULATOR_SRC_BASE64URL_H_
