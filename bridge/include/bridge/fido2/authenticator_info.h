// Plain data read from a FIDO2 key: authenticatorGetInfo (CTAP 2.1 §6.4;
// docs/protocol/ctap.md §6.3 keys 0x01–0x14), the CTAPHID INIT attributes
// (§11.2.9.1.3) and credential-management results (§6.8).
//
// Contract: plain structs, no I/O. libfido2 reports an absent unsigned
// getInfo field as 0 and an absent remainingDiscoverableCredentials as -1;
// both become std::nullopt here. `options` keeps the key's order.
#ifndef BRIDGE_FIDO2_AUTHENTICATOR_INFO_H_
#define BRIDGE_FIDO2_AUTHENTICATOR_INFO_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace bridge::fido2 {

// CTAPHID INIT response fields (CTAP 2.1 §11.2.9.1.3).
struct CtaphidAttributes {
  uint8_t protocol_version = 0;
  uint8_t major = 0;
  uint8_t minor = 0;
  uint8_t build = 0;
  uint8_t capabilities = 0;  // WINK 0x01, CBOR 0x04, NMSG 0x08
};

struct Algorithm {
  std::string type;  // "public-key"
  int cose = 0;      // COSE algorithm identifier, e.g. -7 ES256
};

struct Certification {
  std::string name;
  uint64_t value = 0;
};

// authenticatorGetInfo response (CTAP 2.1 §6.4), keys in comments.
struct AuthenticatorInfo {
  std::vector<std::string> versions;                          // 0x01
  std::vector<std::string> extensions;                        // 0x02
  std::vector<uint8_t> aaguid;                                // 0x03, 16 bytes
  std::vector<std::pair<std::string, bool>> options;          // 0x04
  std::optional<uint64_t> max_msg_size;                       // 0x05
  std::vector<uint8_t> pin_uv_auth_protocols;                 // 0x06
  std::optional<uint64_t> max_credential_count_in_list;       // 0x07
  std::optional<uint64_t> max_credential_id_length;           // 0x08
  std::vector<std::string> transports;                        // 0x09
  std::vector<Algorithm> algorithms;                          // 0x0A
  std::optional<uint64_t> max_serialized_large_blob_array;    // 0x0B
  bool force_pin_change = false;                              // 0x0C
  std::optional<uint64_t> min_pin_length;                     // 0x0D
  std::optional<uint64_t> firmware_version;                   // 0x0E
  std::optional<uint64_t> max_cred_blob_length;               // 0x0F
  std::optional<uint64_t> max_rpids_for_set_min_pin_length;   // 0x10
  std::optional<uint64_t> preferred_platform_uv_attempts;     // 0x11
  std::optional<uint64_t> uv_modality;                        // 0x12
  std::vector<Certification> certifications;                  // 0x13
  std::optional<int64_t> remaining_discoverable_credentials;  // 0x14

  // The value of option `name`, if the key lists it.
  std::optional<bool> Option(const std::string& name) const;
  bool HasVersion(const std::string& version) const;
};

// authenticatorCredentialManagement (CTAP 2.1 §6.8.2 getCredsMetadata).
struct CredentialMetadata {
  uint64_t existing = 0;
  uint64_t remaining = 0;
};

// §6.8.3 enumerateRPs.
struct RelyingParty {
  std::string id;
  std::string name;
  std::vector<uint8_t> id_hash;
};

// §6.8.4 enumerateCredentials.
struct ResidentCredential {
  std::string rp_id;
  std::vector<uint8_t> credential_id;
  std::vector<uint8_t> user_id;
  std::string user_name;
  std::string user_display_name;
  int cred_protect = 0;  // 0: not reported; 1..3 (CTAP 2.1 §12.1)
  int cose_type = 0;     // COSE algorithm of the public key
};

}  // namespace bridge::fido2

#endif  // BRIDGE_FIDO2_AUTHENTICATOR_INFO_H_
