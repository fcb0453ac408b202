// Credential administration for a test rig (keysim's control socket,
// docs/control.md "inject-credential", "export-credential"): put a
// credential whose private key the rig chose into the FIDO state, and
// describe stored credentials by their public parts only.
//
// Contract:
// - ImportCredential() checks the request: rp_id 1..255 bytes, user_id
//   1..64 bytes (CTAP 2.1 §6.1.2), the key a valid P-256 scalar; anything
//   else is kInvalidArgument. Names longer than 64 bytes are truncated at a
//   UTF-8 boundary, as makeCredential stores them. The credential is ES256,
//   credProtect 1, no hmac-secret; its ID is wrapped exactly as
//   makeCredential wraps one (credential.h), so getAssertion cannot tell the
//   two apart. A resident import replaces the same (rp_id, user_id), like
//   makeCredential, and is kKeyStoreFull when the store is full; the
//   replaced credential's key leaves `signing_keys` (the session's cache,
//   Authenticator::signing_keys()) as a deleted one does. The
//   wrapping key is created if the device has none yet. The new state is
//   committed whole through FidoStore; on failure (kStorage) nothing
//   changed. A non-resident import stores nothing but a new wrapping key:
//   its ID carries the key.
// - DescribeCredential() finds a credential by ID: a resident one by its ID
//   alone (or with its rp_id); a non-resident one only with the rp_id it was
//   made for. DescribeResidentCredentials() lists the resident credentials
//   of one RP, newest first (all RPs when rp_id is empty).
// - Nothing here returns a private key; CredentialInfo holds public parts.
// No OS calls.
#ifndef HSM_CTAP2_CREDENTIAL_ADMIN_H_
#define HSM_CTAP2_CREDENTIAL_ADMIN_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hsm/crypto/signing_key_cache.h"
#include "hsm/ctap2/authenticator.h"
#include "hsm/ctap2/fido_store.h"
#include "hsm/platform.h"
#include "hsm/result.h"
#include "hsm/secret.h"

namespace hsm::ctap2 {

struct CredentialImport {
  std::string rp_id;
  std::string rp_name;
  std::vector<uint8_t> user_id;
  std::string user_name;
  std::string user_display_name;
  SecretBytes private_key;  // P-256 scalar, 32 bytes big-endian
  bool resident = true;
};

struct CredentialInfo {
  std::vector<uint8_t> id;
  std::string rp_id;
  std::vector<uint8_t> user_id;  // empty for a non-resident credential
  std::string user_name;
  std::string user_display_name;
  int32_t alg = kAlgEs256;
  bool resident = false;
  std::vector<uint8_t> cose_public_key;  // canonical CBOR COSE_Key
  // ES256: the SEC 1 uncompressed point 04 ‖ x ‖ y; EdDSA: the 32-byte key.
  std::vector<uint8_t> public_key;
};

enum class AdminError : uint8_t {
  kInvalidArgument = 1,
  kKeyStoreFull = 2,
  kStorage = 3,  // the commit failed; nothing changed
  kNotFound = 4,
  kCrypto = 5,  // OpenSSL failed
};

Result<CredentialInfo, AdminError> ImportCredential(
    Platform& platform, FidoStore& store, const AuthenticatorConfig& config,
    crypto::SigningKeyCache& signing_keys, const CredentialImport& request);

Result<CredentialInfo, AdminError> DescribeCredential(
    const FidoState& state, std::span<const uint8_t> id,
    std::optional<std::string_view> rp_id = std::nullopt);

Result<std::vector<CredentialInfo>, AdminError> DescribeResidentCredentials(
    const FidoState& state, std::string_view rp_id);

}  // namespace hsm::ctap2

#endif  // HSM_CTAP2_CREDENTIAL_ADMIN_H_
