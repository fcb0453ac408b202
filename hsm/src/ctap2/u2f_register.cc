// U2F REGISTER (FIDO U2F Raw Message Formats §4; docs/protocol/ctap.md §7.3).
#include "credential.h"
#include "device_keys.h"
#include "hsm/crypto/p256.h"
#include "u2f.h"

namespace hsm::ctap2 {
namespace {

constexpr uint8_t kRegisterReserved = 0x05;      // §4.3 reserved byte
constexpr uint8_t kRegisterSignedPrefix = 0x00;  // §4.3 RFU byte signed
constexpr uint8_t kUncompressedPoint = 0x04;     // SEC 1 §2.3.3

std::vector<uint8_t> UncompressedPoint(const crypto::P256Point& point) {
  std::vector<uint8_t> out{kUncompressedPoint};
  out.insert(out.end(), point.x.begin(), point.x.end());
  out.insert(out.end(), point.y.begin(), point.y.end());
  return out;
}

// §4.3: 0x05 ‖ public key (65) ‖ L ‖ key handle ‖ attestation certificate ‖
// signature.
std::vector<uint8_t> EncodeRegister(std::span<const uint8_t> public_key,
                                    std::span<const uint8_t> key_handle,
                                    std::span<const uint8_t> cert,
                                    std::span<const uint8_t> signature) {
  std::vector<uint8_t> out{kRegisterReserved};
  out.insert(out.end(), public_key.begin(), public_key.end());
  out.push_back(static_cast<uint8_t>(key_handle.size()));
  out.insert(out.end(), key_handle.begin(), key_handle.end());
  out.insert(out.end(), cert.begin(), cert.end());
  out.insert(out.end(), signature.begin(), signature.end());
  return out;
}

}  // namespace

U2fResult HandleU2fRegister(Context& ctx, const U2fRequest& req,
                            PresenceGrant grant) {
  // §4.1 / docs/protocol/ctap.md §7.5: a touch first; 6985 until there is
  // one.
  if (grant == PresenceGrant::kNotRequested) return U2fResult::Presence();
  if (grant != PresenceGrant::kApproved) {
    return U2fResult::Status(Sw::kConditionsNotSatisfied);
  }
  const FidoState& state = ctx.store.state();
  if (state.wrap_key.empty() || state.attestation_key.empty() ||
      state.attestation_cert.empty()) {
    FidoState next = state.Clone();
    if (!EnsureDeviceKeys(ctx, next) || !CommitState(ctx, std::move(next))) {
      return U2fResult::Status(Sw::kNonPersistentError);
    }
  }
  const FidoState& keys = ctx.store.state();

  // A non-discoverable ES256 credential bound to the application parameter
  // (CTAP 2.1 §10.2: rpIdHash = application parameter).
  SecretBytes private_key = crypto::GenerateP256PrivateKey(ctx.platform);
  auto key_handle = WrapCredentialIdForHash(
      ctx.platform, keys.wrap_key.view(), req.application, kAlgEs256,
      /*cred_protect=*/1, /*hmac_secret=*/false, /*resident=*/false,
      private_key.view());
  if (!key_handle) return U2fResult::Status(Sw::kNonPersistentError);
  auto point = crypto::P256PublicKey(private_key.view());
  if (!point.ok()) return U2fResult::Status(Sw::kNonPersistentError);
  std::vector<uint8_t> public_key = UncompressedPoint(*point);

  // §4.3: the attestation signature covers 0x00 ‖ application ‖ challenge ‖
  // key handle ‖ public key.
  std::vector<uint8_t> signed_data{kRegisterSignedPrefix};
  signed_data.insert(signed_data.end(), req.application.begin(),
                     req.application.end());
  signed_data.insert(signed_data.end(), req.challenge.begin(),
                     req.challenge.end());
  signed_data.insert(signed_data.end(), key_handle->begin(), key_handle->end());
  signed_data.insert(signed_data.end(), public_key.begin(), public_key.end());
  auto signature =
      crypto::EcdsaP256Sign(keys.attestation_key.view(), signed_data);
  if (!signature.ok()) return U2fResult::Status(Sw::kNonPersistentError);
  return U2fResult::Success(EncodeRegister(public_key, *key_handle,
                                           keys.attestation_cert, *signature));
}

}  // namespace hsm::ctap2
