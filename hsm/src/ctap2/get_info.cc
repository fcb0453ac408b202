// authenticatorGetInfo (CTAP 2.1 §6.4).
#include "commands.h"
#include "credential.h"

namespace hsm::ctap2 {
namespace {

struct InfoSnapshot {
  bool pin_set = false;
  size_t remaining_rk = 0;
  bool always_uv = false;
  uint8_t min_pin_length = kDefaultMinPinLength;
  bool force_pin_change = false;
};

InfoSnapshot Snapshot(Context& ctx) {
  const FidoState& s = ctx.store.state();
  InfoSnapshot snap;
  snap.pin_set = s.pin_hash.has_value();
  snap.always_uv = s.always_uv;
  snap.min_pin_length = s.min_pin_length;
  snap.force_pin_change = s.force_pin_change;
  size_t used = s.credentials.size();
  snap.remaining_rk = used >= ctx.config.max_resident_credentials
                          ? 0
                          : ctx.config.max_resident_credentials - used;
  return snap;
}

std::vector<uint8_t> EncodeGetInfo(const AuthenticatorConfig& config,
                                   const InfoSnapshot& snap) {
  // Option values are CBOR bools: libfido2 1.12 rejects anything else
  // (docs/protocol/ctap.md §4). No "uv": there is no built-in UV method
  // (CTAP 2.1 §6.4: absent means not supported). credentialMgmtPreview makes
  // libfido2 1.12 use command 0x41.
  cbor::Item options = cbor::MapBuilder()
                           .Add("rk", cbor::Bool(true))
                           .Add("up", cbor::Bool(true))
                           .Add("plat", cbor::Bool(false))
                           .Add("clientPin", cbor::Bool(snap.pin_set))
                           .Add("credMgmt", cbor::Bool(true))
                           .Add("credentialMgmtPreview", cbor::Bool(true))
                           .Add("pinUvAuthToken", cbor::Bool(true))
                           // CTAP 2.1 §6.11: authenticatorConfig with
                           // toggleAlwaysUv and setMinPINLength.
                           .Add("authnrCfg", cbor::Bool(true))
                           .Add("setMinPINLength", cbor::Bool(true))
                           // CTAP 2.1 §6.10: authenticatorLargeBlobs.
                           .Add("largeBlobs", cbor::Bool(true))
                           .Add("alwaysUv", cbor::Bool(snap.always_uv))
                           // §6.4: false while alwaysUv is on.
                           .Add("makeCredUvNotRqd", cbor::Bool(!snap.always_uv))
                           .Build();
  cbor::ArrayBuilder algorithms;
  algorithms.Add(cbor::MapBuilder()
                     .Add("alg", cbor::Int(kAlgEs256))
                     .Add("type", cbor::Text("public-key"))
                     .Build());
  if (config.enable_eddsa) {
    algorithms.Add(cbor::MapBuilder()
                       .Add("alg", cbor::Int(kAlgEdDsa))
                       .Add("type", cbor::Text("public-key"))
                       .Build());
  }
  cbor::Item info =
      cbor::MapBuilder()
          .Add(0x01, cbor::ArrayBuilder()
                         .Add(cbor::Text("U2F_V2"))
                         .Add(cbor::Text("FIDO_2_0"))
                         .Add(cbor::Text("FIDO_2_1_PRE"))
                         .Add(cbor::Text("FIDO_2_1"))
                         .Build())
          .Add(0x02, cbor::ArrayBuilder()
                         .Add(cbor::Text("credBlob"))
                         .Add(cbor::Text("credProtect"))
                         .Add(cbor::Text("hmac-secret"))
                         .Add(cbor::Text("largeBlobKey"))
                         .Add(cbor::Text("minPinLength"))
                         .Build())
          .Add(0x03, cbor::Bytes(config.aaguid))
          .Add(0x04, std::move(options))
          .Add(0x05, cbor::Uint(config.max_msg_size))
          // CTAP 2.1 §6.4: in order of preference.
          .Add(0x06, cbor::ArrayBuilder()
                         .Add(cbor::Uint(2))
                         .Add(cbor::Uint(1))
                         .Build())
          .Add(0x07, cbor::Uint(config.max_credential_count_in_list))
          .Add(0x08, cbor::Uint(kCredentialIdSize))
          .Add(0x09, cbor::ArrayBuilder().Add(cbor::Text("usb")).Build())
          .Add(0x0A, algorithms.Build())
          // §6.4 maxSerializedLargeBlobArray (fido_state.h says why 4096).
          .Add(0x0B, cbor::Uint(kMaxSerializedLargeBlobArray))
          .Add(0x0C, cbor::Bool(snap.force_pin_change))
          .Add(0x0D, cbor::Uint(snap.min_pin_length))
          .Add(0x0E, cbor::Uint(config.firmware_version))
          // §6.4 maxCredBlobLength (§12.2).
          .Add(0x0F, cbor::Uint(kMaxCredBlobLength))
          .Add(0x10, cbor::Uint(kMaxMinPinLengthRpIds))
          .Add(0x14, cbor::Uint(snap.remaining_rk))
          .Build();
  return cbor::Encode(info.get());
}

}  // namespace

CommandResult HandleGetInfo(Context& ctx) {
  return CommandResult::Ok(EncodeGetInfo(ctx.config, Snapshot(ctx)));
}

}  // namespace hsm::ctap2
