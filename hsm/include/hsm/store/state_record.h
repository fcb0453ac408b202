// DeviceState: everything the key keeps across power cycles, in plaintext
// form (only ever in RAM; on storage it is sealed, see sealed_store.h).
// Serialized as a CBOR map with a version field so later versions can migrate.
#ifndef HSM_STORE_STATE_H_
#define HSM_STORE_STATE_H_

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "hsm/ctap2/fido_state.h"
#include "hsm/result.h"
#include "hsm/secret.h"

namespace hsm::store {

inline constexpr uint32_t kStateVersion = 1;

struct OathCredential {
  std::vector<uint8_t> name;  // label bytes as sent in tag 71
  uint8_t kind_alg = 0;       // kind (high nibble) | algorithm (low nibble)
  uint8_t digits = 6;
  uint8_t properties = 0;     // PUT property byte (0x02 touch, 0x04 PIN)
  uint32_t counter = 0;       // HOTP moving factor
  SecretBytes secret;

  OathCredential Clone() const;
};

struct OathPin {
  SecretBytes hash;  // salted hash of the PIN; never the PIN itself
  SecretBytes salt;
  uint8_t retries_left = 8;
};

// YKOATH access code (protocol/oath.md §3 "Access code"): the 16-byte key
// the host derived with PBKDF2-HMAC-SHA1(password, SELECT salt, 1000, 16);
// VALIDATE proves knowledge of it by HMAC over a SELECT challenge.
struct OathAccessKey {
  uint8_t kind_alg = 0x21;  // as sent in SET CODE tag 73 (low nibble: HMAC)
  SecretBytes key;
};

struct OathState {
  std::vector<OathCredential> credentials;
  // SELECT tag 71 (protocol/oath.md §2.2, §3): 8 random bytes chosen at first
  // boot and again at RESET; also the YKOATH access-key PBKDF2 salt.
  std::vector<uint8_t> salt;
  std::optional<OathPin> pin;
  std::optional<OathAccessKey> access_key;  // set by SET CODE (yubikey5)
  OathState Clone() const;
};

struct DeviceState {
  uint32_t version = kStateVersion;
  uint32_t serial = 0;  // random at first boot; SELECT tag 8F
  OathState oath;
  ctap2::FidoState fido;  // CTAP2 authenticator state (hsm/ctap2/fido_state.h)
  DeviceState Clone() const;
};

enum class StateError : uint8_t {
  kMalformed = 1,
  kUnsupportedVersion = 2,
};

std::vector<uint8_t> EncodeState(const DeviceState& state);
Result<DeviceState, StateError> DecodeState(std::span<const uint8_t> bytes);

}  // namespace hsm::store

#endif  // HSM_STORE_STATE_H_
