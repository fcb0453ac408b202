// Credential IDs, credential lookup and authenticator data.
//
// Credential ID (64 bytes): 0x01 | nonce(12) | AES-256-GCM(wrap_key, nonce,
// aad = SHA-256(rpId), alg(1) | credProtect(1) | flags(1) | key(32)) | tag.
// flags: 0x01 hmac-secret, 0x02 discoverable. Every credential, discoverable
// or not, carries its key this way; a discoverable one is only valid while
// its record is still in FidoState (deleted or reset → not found). The
// authenticated rpId hash binds an ID to its RP, so another RP's (or a
// corrupt) ID is simply not found (CTAP 2.1 §6.2.2 step 7).
//
// The same IDs are U2F key handles (docs/protocol/ctap.md §7.4): the
// AAD is the rpIdHash, which is the U2F application parameter, so an ID made
// by U2F REGISTER is found by getAssertion for the rpId whose hash is that
// parameter (CTAP 2.1 §10.2), and an ES256 ID made by makeCredential is
// found by U2F AUTHENTICATE for SHA-256(rpId).
//
// CredRandom for hmac-secret (CTAP 2.1 §12.5) is derived from the
// credential key: HMAC-SHA-256(key, "CredRandomWithUV" / "…WithoutUV").
#ifndef HSM_SRC_CTAP2_CREDENTIAL_H_
#define HSM_SRC_CTAP2_CREDENTIAL_H_

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "context.h"
#include "hsm/crypto/error.h"

namespace hsm::ctap2 {

inline constexpr size_t kCredentialIdSize = 64;
inline constexpr size_t kMaxUserIdSize = 64;        // CTAP 2.1 §6.1.2 user.id
inline constexpr size_t kMaxStoredStringSize = 64;  // CTAP 2.1 §6.1.2 names

std::optional<std::vector<uint8_t>> WrapCredentialId(
    Platform& platform, std::span<const uint8_t> wrap_key,
    std::string_view rp_id, int32_t alg, uint8_t cred_protect, bool hmac_secret,
    bool resident, std::span<const uint8_t> private_key);
// The same, bound to an rpIdHash (a U2F application parameter) directly.
std::optional<std::vector<uint8_t>> WrapCredentialIdForHash(
    Platform& platform, std::span<const uint8_t> wrap_key,
    std::span<const uint8_t> rp_id_hash, int32_t alg, uint8_t cred_protect,
    bool hmac_secret, bool resident, std::span<const uint8_t> private_key);

// The credential `id` denotes for `rp_id`, or nullopt when it denotes none
// (another RP's, corrupt or deleted). CTAP1_ERR_OTHER when OpenSSL fails.
Result<std::optional<Credential>, CtapStatus> FindCredential(
    const FidoState& state, std::string_view rp_id,
    std::span<const uint8_t> id);

// The credential `id` denotes for the RP whose rpIdHash is `rp_id_hash`
// (U2F: the application parameter). A non-discoverable credential found
// this way has an empty rp_id (only its hash is known).
Result<std::optional<Credential>, CtapStatus> FindCredentialByHash(
    const FidoState& state, std::span<const uint8_t> rp_id_hash,
    std::span<const uint8_t> id);

// All discoverable credentials of `rp_id`, newest first (CTAP 2.1 §6.2.2
// step 11).
std::vector<Credential> DiscoverableCredentials(const FidoState& state,
                                                std::string_view rp_id);
Credential FromResident(const ResidentCredential& resident);

Result<SecretBytes, crypto::CryptoError> CredRandom(
    const Credential& credential, bool uv);

// authData = rpIdHash | flags | signCount (big-endian) | attested data |
// extensions (WebAuthn §6.1).
Result<std::vector<uint8_t>, crypto::CryptoError> AuthenticatorData(
    std::string_view rp_id, uint8_t flags, uint32_t sign_count,
    std::span<const uint8_t> attested_credential_data,
    std::span<const uint8_t> extensions);

// Signs authData || clientDataHash with the credential's key, through the
// session's cache of ready signing keys.
Result<std::vector<uint8_t>, crypto::CryptoError> SignAssertion(
    crypto::SigningKeyCache& keys, const Credential& credential,
    std::span<const uint8_t> message);

// Truncates UTF-8 text to at most `max` bytes at a character boundary.
std::string TruncateUtf8(std::string_view text, size_t max);

std::span<const uint8_t> AsBytes(std::string_view s);

// A PublicKeyCredentialDescriptor {"type": tstr, "id": bstr, ?"transports"}
// (CTAP 2.1 §6.1.2 excludeList, §6.2.2 allowList). Missing members →
// MISSING_PARAMETER, wrong types → CBOR_UNEXPECTED_TYPE. Returns nullopt
// for a type other than "public-key" (ignored, WebAuthn §5.8.3).
Result<std::optional<std::span<const uint8_t>>, CtapStatus> ParseDescriptor(
    const cbor_item_t* item);
// An array of descriptors; only the "public-key" IDs are returned.
Result<std::vector<std::span<const uint8_t>>, CtapStatus> ParseDescriptorList(
    const cbor_item_t* item);

}  // namespace hsm::ctap2

#endif  // HSM_SRC_CTAP2_CREDENTIAL_H_
