// YKOATH access code, host side (docs/protocol/oath.md §3 "Access code";
// ykman's OathSession.derive_key / validate).
//
// Contract:
//  - DeriveAccessKey: PBKDF2-HMAC-SHA1(password, salt = SELECT tag 71,
//    1000 iterations, 16 bytes). The password never reaches the key.
//  - EncodeValidate: VALIDATE A3 with `75 HMAC(key, select challenge)` and
//    `74 <host challenge>`, the HMAC being the one SELECT tag 7B names
//    (01 SHA-1, 02 SHA-256). kInvalidInput for an unknown algorithm or an
//    empty challenge.
//  - CheckValidateResponse: the key must answer `75 HMAC(key, host
//    challenge)` (mutual authentication); anything else is kProtocol ("the
//    key did not prove it knows the password"). Compared in constant time.
//  - RandomChallenge: 8 bytes from OpenSSL RAND_bytes.
//  - EncodeSetCode: SET CODE 03 with `73 11 21 <key>` (TOTP|SHA-1, as ykman
//    writes it), `74 <challenge>`, `75 HMAC-SHA1(key, challenge)`; the key
//    checks the HMAC before storing. kInvalidInput for a key that is not
//    16 bytes or an empty challenge. EncodeClearCode: `73 00` removes the
//    code (docs/protocol/oath.md §3 "Access code").
//  - DeviceId: the card's OATH identity as ykman computes it
//    (yubikit `_get_device_id`): unpadded base64 of the first 16 bytes of
//    SHA-256(SELECT salt). Keys remembered on the host are filed under it.
#ifndef BRIDGE_OATH_CCID_ACCESS_H_
#define BRIDGE_OATH_CCID_ACCESS_H_

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "bridge/error.h"
#include "bridge/oath/apdu.h"
#include "bridge/oath/commands.h"  // kInsValidate, kInsSetCode
#include "bridge/oath/tlv.h"
#include "bridge/secret.h"

namespace bridge::oath {

inline constexpr uint8_t kTagResponse = 0x75;
inline constexpr uint8_t kTagAlgorithm = 0x7B;
inline constexpr uint32_t kAccessKdfIterations = 1000;
inline constexpr size_t kAccessKeySize = 16;

Result<SecretBytes> DeriveAccessKey(const SecretBytes& password,
                                    std::span<const uint8_t> salt);

Result<Apdu> EncodeValidate(const SecretBytes& key, uint8_t algorithm,
                            std::span<const uint8_t> select_challenge,
                            std::span<const uint8_t> host_challenge);

Status CheckValidateResponse(std::span<const uint8_t> data, TlvLength encoding,
                             const SecretBytes& key, uint8_t algorithm,
                             std::span<const uint8_t> host_challenge);

Result<std::array<uint8_t, 8>> RandomChallenge();

Result<Apdu> EncodeSetCode(const SecretBytes& key,
                           std::span<const uint8_t> challenge);
Apdu EncodeClearCode();

std::string DeviceId(std::span<const uint8_t> salt);

}  // namespace bridge::oath

#endif  // BRIDGE_OATH_CCID_ACCESS_H_
