// StateRecord: the plaintext the sealed store keeps (state_store.h seals
// it): the key's serial number and one section per applet. Each applet owns
// its section's schema (hsm/oath/oath_state.h, hsm/ctap2/fido_state.h); the
// store only moves the section bytes.
//
// Encoding (RFC 8949, shortest heads, definite lengths, keys ascending):
//   version 2: {1: 2, 2: serial(u32), ? 3: oath(bstr), ? 4: fido(bstr)}
//   version 1: {1: 1, 2: serial(u32), 3: oath(map, inline), ? 4: fido(bstr)}
// A section is absent while its applet has never written it.
//
// Contract: EncodeStateRecord() always writes version 2. DecodeStateRecord()
// is a strict parser of outside bytes: version 2 must be exactly what
// EncodeStateRecord() gives; version 1 (written before sections existed) is
// migrated — its inline OATH map becomes the OATH section's bytes, unchanged.
// A version above 2 is kUnsupportedVersion; anything else wrong kMalformed.
#ifndef HSM_STORE_STATE_RECORD_H_
#define HSM_STORE_STATE_RECORD_H_

#include <cstdint>
#include <span>
#include <vector>

#include "hsm/result.h"
#include "hsm/secret.h"

namespace hsm::store {

inline constexpr uint32_t kStateVersion = 2;

// The record's map key of each section.
enum class Section : uint8_t {
  kOath = 3,
  kFido = 4,
};

struct StateRecord {
  uint32_t serial = 0;  // random at first boot; OATH SELECT tag 8F
  SecretBytes oath;     // hsm/oath/oath_state.h encoding; empty = never written
  SecretBytes fido;  // hsm/ctap2/fido_state.h encoding; empty = never written

  SecretBytes& section(Section s) { return s == Section::kOath ? oath : fido; }
  const SecretBytes& section(Section s) const {
    return s == Section::kOath ? oath : fido;
  }
  StateRecord Clone() const;
};

enum class StateError : uint8_t {
  kMalformed = 1,
  kUnsupportedVersion = 2,
};

std::vector<uint8_t> EncodeStateRecord(const StateRecord& record);
Result<StateRecord, StateError> DecodeStateRecord(
    std::span<const uint8_t> bytes);

}  // namespace hsm::store

#endif  // HSM_STORE_STATE_RECORD_H_
