// The PIN key of PIN-encrypted credentials (docs/protocol/oath.md §2.9.1): a
// random 32-byte key made at SET PIN, kept in the state only wrapped under a
// key derived from the PIN, and in RAM only for the command after a
// successful VERIFY PIN. Secrets of credentials with PUT property 0x04 are
// sealed under it with their name as associated data.
//
// Contract: every function is a pure function of its inputs plus, for those
// taking a Platform, fresh random salt/nonce bytes. A wrong PIN, a wrong key
// or a tampered/swapped record gives an error Sw, never partial output.
#ifndef HSM_SRC_OATH_PIN_KEY_H_
#define HSM_SRC_OATH_PIN_KEY_H_

#include <cstdint>
#include <span>
#include <vector>

#include "hsm/oath/applet.h"
#include "hsm/oath/oath_state.h"
#include "hsm/platform.h"
#include "hsm/result.h"
#include "hsm/secret.h"

namespace hsm::oath {

inline constexpr size_t kPinKeySize = 32;

// A new random PIN key.
SecretBytes NewPinKey(Platform& platform);

// Sets pin.key_salt (new, random) and pin.wrapped_key: `key` wrapped under
// the key derived from `pin_code` and that salt.
Status<Sw> WrapPinKey(Platform& platform, std::span<const uint8_t> pin_code,
                      const SecretBytes& key, OathPin& pin);

// The PIN key from pin.wrapped_key. Called only after the PIN hash matched,
// so a wrap that does not open is damaged state: `damaged`.
Result<SecretBytes, Sw> UnwrapPinKey(std::span<const uint8_t> pin_code,
                                     const OathPin& pin, Sw damaged);

// Seals `c.secret` under `key` (name as associated data) into c.sealed and
// wipes c.secret.
Status<Sw> SealCredential(Platform& platform, const SecretBytes& key,
                          OathCredential& c);

// The HMAC key of `c`: a copy of the plain secret, or the sealed one opened
// with `key` (nullptr: no PIN key in this command → kSecurityStatusNot-
// Satisfied; a record that does not open → `not_found`, as the NK3 treats a
// credential it cannot decrypt).
Result<SecretBytes, Sw> CredentialSecret(const OathCredential& c,
                                         const SecretBytes* key, Sw not_found);

// Seals every PIN-encrypted credential of `state` still stored plain (a
// state written before §2.9.1).
Status<Sw> SealPlainPinCredentials(Platform& platform, const SecretBytes& key,
                                   OathState& state);

}  // namespace hsm::oath

#endif  // HSM_SRC_OATH_PIN_KEY_H_
