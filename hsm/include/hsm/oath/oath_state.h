// OathState: what the OATH applet keeps across power cycles (its section of
// the sealed state, hsm/store/state_store.h), and its CBOR form.
//
// Grammar (RFC 8949; maps have unsigned keys in ascending order, definite
// lengths, shortest heads; optional members absent when unset):
//   oath   = {1: [cred*], 2: salt(bstr), ? 3: pin, ? 4: access}
//   cred   = {1: name, 2: kind_alg(u8), 3: digits(u8), 4: props(u8),
//             5: counter(u32), (6: secret / 7: sealed)}
//   pin    = {1: hash, 2: salt, 3: retries(u8), ? 4: key_salt, ? 5: wrapped}
// `sealed` (only with props 0x04) and `wrapped` are docs/protocol/oath.md
// §2.9.1: nonce(12) ‖ AES-256-GCM ciphertext ‖ tag(16). Members 4 and 5 of
// `pin` come together; states written before §2.9.1 have neither.
//   access = {1: kind_alg(u8), 2: key}   (YKOATH SET CODE)
//
// Contract: EncodeOathState() copies secrets only into the returned buffer,
// reserved up front so it never reallocates; the caller seals and wipes it.
// DecodeOathState() is a strict parser: it accepts exactly the encoding
// EncodeOathState() gives for what it decodes (bounds below), else
// kMalformed.
#ifndef HSM_OATH_OATH_STATE_H_
#define HSM_OATH_OATH_STATE_H_

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "hsm/result.h"
#include "hsm/secret.h"
#include "hsm/store/state_record.h"

namespace hsm::oath {

struct OathCredential {
  std::vector<uint8_t> name;  // label bytes as sent in tag 71
  uint8_t kind_alg = 0;       // kind (high nibble) | algorithm (low nibble)
  uint8_t digits = 6;
  uint8_t properties = 0;  // PUT property byte (0x02 touch, 0x04 PIN)
  uint32_t counter = 0;    // HOTP moving factor
  SecretBytes secret;      // empty when `sealed` holds it
  // docs/protocol/oath.md §2.9.1: the secret sealed under the PIN key, with
  // the name as associated data; empty for a plain credential.
  std::vector<uint8_t> sealed;

  OathCredential Clone() const;
};

struct OathPin {
  SecretBytes hash;  // salted hash of the PIN; never the PIN itself
  SecretBytes salt;
  uint8_t retries_left = 8;
  // docs/protocol/oath.md §2.9.1: the PIN key (random, 32 bytes) wrapped
  // under a key derived from the PIN and `key_salt`. Both empty in a state
  // written before §2.9.1 (the key is made at the next VERIFY or CHANGE).
  SecretBytes key_salt;
  std::vector<uint8_t> wrapped_key;
};

// YKOATH access code (docs/protocol/oath.md §3 "Access code"): the 16-byte key
// the host derived with PBKDF2-HMAC-SHA1(password, SELECT salt, 1000, 16);
// VALIDATE proves knowledge of it by HMAC over a SELECT challenge.
struct OathAccessKey {
  uint8_t kind_alg = 0x21;  // as sent in SET CODE tag 73 (low nibble: HMAC)
  SecretBytes key;
};

struct OathState {
  std::vector<OathCredential> credentials;
  // SELECT tag 71 (docs/protocol/oath.md §2.2, §3): 8 random bytes chosen at
  // first boot and again at RESET; also the YKOATH access-key PBKDF2 salt.
  std::vector<uint8_t> salt;
  std::optional<OathPin> pin;
  std::optional<OathAccessKey> access_key;  // set by SET CODE (yubikey5)
  OathState Clone() const;
};

std::vector<uint8_t> EncodeOathState(const OathState& state);
// A section that does not decode strictly: StateError::kMalformed.
Result<OathState, store::StateError> DecodeOathState(
    std::span<const uint8_t> bytes);

}  // namespace hsm::oath

#endif  // HSM_OATH_OATH_STATE_H_
