// Base32 secrets (RFC 4648 §6), as users paste them (docs/protocol/oath.md §7
// "secret").
//
// Contract: case-insensitive; spaces and hyphens are removed first; '='
// padding is optional, but if present it must complete the input to a
// multiple of 8 and appear only at the end. Errors (kInvalidInput) name the
// offending character position, never the secret: bad characters, an
// impossible length (1, 3 or 6 symbols in the last group), or empty input.
#ifndef BRIDGE_OATH_BASE32_H_
#define BRIDGE_OATH_BASE32_H_

#include <string_view>

#include "bridge/error.h"
#include "bridge/secret.h"

namespace bridge::oath {

Result<SecretBytes> Base32Decode(std::string_view text);

}  // namespace bridge::oath

#endif  // BRIDGE_OATH_BASE32_H_
