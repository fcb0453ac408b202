// otpauth:// URIs (Google Authenticator "Key Uri Format"; docs/protocol/oath.md
// §7).
//
// Contract: ParseOtpauthUri accepts `otpauth://TYPE/LABEL?PARAMS` with TYPE
// totp|hotp (case-insensitive). LABEL is percent-decoded; `issuer:account`
// splits at the first ':' (leading spaces of the account are dropped). The
// `issuer` parameter, when present, wins over the label prefix (ykman
// parse_uri). Parameters are percent-decoded ('+' is a space):
// secret (REQUIRED, base32), algorithm SHA1|SHA256|SHA512, digits 6|8,
// counter (REQUIRED for hotp, u32), period (totp, > 0, default 30); unknown
// parameters are ignored, and one of these given twice is an error (the URI
// would be ambiguous). Every error is kInvalidInput with a message that
// never includes the secret. The resulting name must satisfy FormatLabel.
#ifndef BRIDGE_OATH_OTPAUTH_H_
#define BRIDGE_OATH_OTPAUTH_H_

#include <string_view>

#include "bridge/error.h"
#include "bridge/oath/credential.h"

namespace bridge::oath {

Result<CredentialData> ParseOtpauthUri(std::string_view uri);

}  // namespace bridge::oath

#endif  // BRIDGE_OATH_OTPAUTH_H_
