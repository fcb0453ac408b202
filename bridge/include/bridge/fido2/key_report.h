// KeyReport: what `keybridge info` and `keybridge fido info` print about a
// key, as text and as JSON. Pure formatting, no I/O (unit-tested).
//
// Contract: the text is one "Label: value" line per item, for people. The
// JSON keys below are stable (scripts and tests rely on them); absent
// optional getInfo fields are JSON null, never omitted.
//
//   {
//     "device":  {"transport": "udp"|"hid", "path": "udp:127.0.0.1:PORT"},
//     "ctaphid": {"protocol_version": 2, "device_version": "M.m.b",
//                 "capabilities": 5, "wink": bool, "cbor": bool,
//                 "nmsg": bool},                     // CTAP 2.1 §11.2.9.1.3
//     "fido2": {
//       "supported": bool,            // CBOR capability and getInfo worked
//       "error": null | "why not",    // e.g. no FIDO2 (CTAP2) support
//       "info": null | {              // authenticatorGetInfo, CTAP 2.1 §6.4
//         "versions": [str], "extensions": [str], "aaguid": "8-4-4-4-12 hex",
//         "options": {name: bool}, "max_msg_size": int|null,
//         "pin_uv_auth_protocols": [int],
//         "max_credential_count_in_list": int|null,
//         "max_credential_id_length": int|null, "transports": [str],
//         "algorithms": [{"type": str, "alg": int}],
//         "max_serialized_large_blob_array": int|null,
//         "force_pin_change": bool, "min_pin_length": int|null,
//         "firmware_version": int|null, "max_cred_blob_length": int|null,
//         "max_rpids_for_set_min_pin_length": int|null,
//         "preferred_platform_uv_attempts": int|null,
//         "uv_modality": int|null, "certifications": {name: int},
//         "remaining_discoverable_credentials": int|null },
//       "pin": null | {"set": bool, "retries": int|null,
//                      "error": null|str}     // clientPIN §6.5.5.2
//     },
//     "oath": {"present": bool, "version": null|"M.m.p",
//              "pin_set": bool|null, "pin_retries": int|null,
//              "error": null|str},            // docs/protocol/oath.md §2.2
//              SELECT
//     "aws": {"console_security_key": bool, "cli_mfa_codes": bool,
//             "uses": [str]}                  // one sentence per use
//   }
//
// `keybridge fido info --json` prints the same object without "oath" and
// "aws" (FidoReportToJson).
#ifndef BRIDGE_FIDO2_KEY_REPORT_H_
#define BRIDGE_FIDO2_KEY_REPORT_H_

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "bridge/fido2/authenticator_info.h"

namespace bridge::fido2 {

inline constexpr const char* kAwsFido2Use =
    "console sign-in security key (register it as a FIDO security key in the "
    "IAM console)";
inline constexpr const char* kAwsOathUse =
    "CLI MFA codes (virtual MFA device: keybridge aws enroll / aws session)";

struct Fido2Section {
  bool supported = false;
  std::string error;  // why not supported / what failed (empty: none)
  std::optional<AuthenticatorInfo> info;
  // clientPIN state: present when the key supports a PIN.
  std::optional<bool> pin_set;
  std::optional<int> pin_retries;
  std::string pin_error;
};

struct OathSection {
  bool present = false;
  std::optional<std::array<uint8_t, 3>> version;
  std::optional<bool> pin_set;
  std::optional<uint8_t> pin_retries;
  std::string error;  // why absent / what failed (empty: none)
};

struct KeyReport {
  std::string transport;  // "udp" | "hid"
  std::string path;
  CtaphidAttributes ctaphid;
  Fido2Section fido2;
  OathSection oath;
};

// "WINK, CBOR, NMSG" (CTAP 2.1 §11.2.9.1.3), "none" when no flag is set.
std::string CapabilityNames(uint8_t capabilities);
// 16 bytes as "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"; other sizes as hex.
std::string FormatAaguid(std::span<const uint8_t> aaguid);
// "ES256", "EdDSA", … or "COSE -N" (IANA COSE Algorithms registry).
std::string CoseAlgorithmName(int cose);
std::string Hex(std::span<const uint8_t> bytes);

std::string FormatKeyReport(const KeyReport& report);
std::string FormatFidoReport(const KeyReport& report);
nlohmann::ordered_json KeyReportToJson(const KeyReport& report);
nlohmann::ordered_json FidoReportToJson(const KeyReport& report);

}  // namespace bridge::fido2

#endif  // BRIDGE_FIDO2_KEY_REPORT_H_
