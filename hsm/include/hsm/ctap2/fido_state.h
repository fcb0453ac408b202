// FidoState: what the CTAP2 authenticator keeps across power cycles — the
// credential-wrapping key, the global signature counter's reserved
// high-water mark (authenticator.h: values up to it may have been used, the
// next boot continues above it), the PIN hash and
// retries, the attestation key and certificate, and the discoverable
// (resident) credentials. It is the FIDO section of the sealed state
// (hsm/ctap2/fido_store.h commits it); this file defines it and its CBOR form.
// The authenticatorConfig settings (CTAP 2.1 §6.11), the large-blob array
// (§6.10) and the credBlob / largeBlobKey of a credential (§12.2, §12.3) are
// optional members, absent at their defaults, so states written before they
// existed decode unchanged.
//
// Contract:
// - EncodeFidoState() emits canonical CBOR (integer keys ascending, shortest
//   heads, definite lengths); secrets are copied only into the returned
//   buffer, which the caller seals and wipes.
// - DecodeFidoState() is a strict parser of outside bytes: it accepts exactly
//   the canonical encoding of a valid state (known keys in order, types and
//   sizes checked, no trailing bytes) and returns kMalformed otherwise.
// - A default-constructed FidoState is a fresh device: no wrapping key and no
//   attestation key yet (the authenticator creates them at first use), no
//   PIN, 8 PIN retries.
#ifndef HSM_CTAP2_FIDO_STATE_H_
#define HSM_CTAP2_FIDO_STATE_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "hsm/result.h"
#include "hsm/secret.h"
#include "hsm/store/state_record.h"

namespace hsm::ctap2 {

// CTAP 2.1 §6.5.2.2: the PIN retry counter starts at 8.
inline constexpr uint8_t kMaxPinRetries = 8;
// CTAP 2.1 §6.4 minPINLength: 4 code points on a fresh device; a PIN is at
// most 63 bytes (§6.5.5.5), so no minimum above 63 can be met.
inline constexpr uint8_t kDefaultMinPinLength = 4;
inline constexpr uint8_t kMaxMinPinLength = 63;
// CTAP 2.1 §6.4 maxRPIDsForSetMinPINLength: RP IDs kept for the
// minPinLength extension (§12.4).
inline constexpr size_t kMaxMinPinLengthRpIds = 8;
// CTAP 2.1 §6.4 maxSerializedLargeBlobArray (at least 1024): the largest
// serialized large-blob array (§6.10.1) stored, checksum included. 4096
// holds a few credentials' blobs (libfido2 and python-fido2 deflate and
// AES-GCM-wrap each one) in four maxFragmentLength fragments, and keeps the
// FIDO section well inside the state record's 64 KiB bound.
inline constexpr size_t kMaxSerializedLargeBlobArray = 4096;
// CTAP 2.1 §6.4 maxCredBlobLength (at least 32) for the credBlob extension
// (§12.2).
inline constexpr size_t kMaxCredBlobLength = 32;
// CTAP 2.1 §12.3: a largeBlobKey is 32 bytes.
inline constexpr size_t kLargeBlobKeySize = 32;
// COSE algorithm identifiers (RFC 8152 §8.1).
inline constexpr int32_t kAlgEs256 = -7;
inline constexpr int32_t kAlgEdDsa = -8;

struct ResidentCredential {
  std::vector<uint8_t> id;  // the credential ID given to the platform
  std::string rp_id;
  std::string rp_name;
  std::vector<uint8_t> user_id;
  std::string user_name;
  std::string user_display_name;
  int32_t alg = kAlgEs256;
  SecretBytes private_key;
  uint8_t cred_protect = 1;  // CTAP 2.1 §12.1 credProtect level 1..3
  bool hmac_secret = false;
  uint64_t created = 0;  // creation order, for CTAP 2.1 §6.2.2 ordering
  std::vector<uint8_t> cred_blob;  // CTAP 2.1 §12.2; empty = none stored
  SecretBytes large_blob_key;      // CTAP 2.1 §12.3; empty = none

  ResidentCredential Clone() const;
};

struct FidoState {
  SecretBytes wrap_key;  // AES-256-GCM key for credential IDs; empty = unset
  // Reserved high-water mark of the signature counter (CTAP 2.1 §6.1.1):
  // every counter value ever signed is <= this.
  uint32_t sign_counter = 0;
  std::optional<SecretBytes> pin_hash;  // LEFT(SHA-256(PIN), 16)
  uint8_t pin_retries = kMaxPinRetries;
  SecretBytes attestation_key;            // P-256 scalar; empty = unset
  std::vector<uint8_t> attestation_cert;  // DER, self-signed
  std::vector<ResidentCredential> credentials;
  uint64_t next_created = 1;
  // authenticatorConfig (CTAP 2.1 §6.11) settings; cleared by reset.
  bool always_uv = false;                          // §6.11.2
  uint8_t min_pin_length = kDefaultMinPinLength;   // §6.11.4
  std::vector<std::string> min_pin_length_rp_ids;  // §6.11.4, §12.4
  bool force_pin_change = false;                   // §6.4 0x0C
  // Code points of the current PIN (§6.11.4 compares it with a new
  // minimum); 0 when no PIN is set. A state stored before this was recorded
  // decodes as kDefaultMinPinLength, the least any stored PIN had.
  uint8_t pin_code_points = 0;
  // CTAP 2.1 §6.10 serialized large-blob array (CBOR array || LEFT(SHA-256,
  // 16)); empty means the initial value 0x80 || its checksum, so it is
  // stored only once something else was written. Cleared by reset.
  std::vector<uint8_t> large_blob_array;

  FidoState Clone() const;
};

std::vector<uint8_t> EncodeFidoState(const FidoState& state);
// A section that does not decode strictly: StateError::kMalformed.
Result<FidoState, store::StateError> DecodeFidoState(
    std::span<const uint8_t> bytes);

}  // namespace hsm::ctap2

#endif  // HSM_CTAP2_FIDO_STATE_H_
