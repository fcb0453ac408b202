#include "hsm/device.h"

#include "card_router.h"
#include "hsm/crypto/hmac_key_cache.h"
#include "hsm/ctap2/authenticator.h"
#include "hsm/ctap2/fido_store.h"
#include "hsm/ctaphid/ctaphid_device.h"
#include "hsm/mgmt/management_applet.h"
#include "hsm/oath/ccid_envelope.h"
#include "hsm/oath/ctaphid_envelope.h"

namespace hsm {
namespace {

ctaphid::CtaphidConfig MakeCtaphidConfig(const DeviceConfig& config) {
  ctaphid::CtaphidConfig c;
  // CTAP 2.1 §11.2.9.1.3: WINK and CBOR (hsm/ctap2); NMSG stays clear
  // because CTAPHID_MSG carries U2F (docs/protocol/ctap.md §7).
  c.capabilities = ctaphid::kCapabilityWink | ctaphid::kCapabilityCbor;
  c.version_major = config.version_major;
  c.version_minor = config.version_minor;
  c.version_build = config.version_build;
  c.adopt_unknown_channels = config.adopt_unknown_channels;
  return c;
}

}  // namespace

struct Device::Impl {
  Impl(Platform& p, const DeviceConfig& config)
      : platform(p),
        store(p, config.serial),
        oath_store(p, store),
        oath_hmac_keys(oath::kMaxCredentials),
        applet(p, oath_store, config.oath_profile, oath_hmac_keys),
        ccid_applet(p, oath_store, oath::Profile::kYubikey5, oath_hmac_keys),
        envelope(applet),
        ccid(p, ccid_applet),
        management(store,
                   {.version = oath::ProfileVersion(oath::Profile::kYubikey5)}),
        card(ccid, management),
        fido_store(store),
        authenticator(p, fido_store, config.fido),
        ctaphid(p, MakeCtaphidConfig(config)) {
    // docs/protocol/oath.md decision 1: the OATH applet on vendor command 0x70.
    ctaphid.Register(static_cast<uint8_t>(ctaphid::Command::kSecrets),
                     &envelope);
    // CTAP 2.1 §11.2.9.1.2: CTAP2 commands on CTAPHID_CBOR.
    ctaphid.Register(static_cast<uint8_t>(ctaphid::Command::kCbor),
                     &authenticator);
    // CTAP 2.1 §11.2.9.1.1: CTAP1/U2F APDUs on CTAPHID_MSG, same
    // authenticator (shared credentials and counter).
    ctaphid.Register(static_cast<uint8_t>(ctaphid::Command::kMsg),
                     &authenticator);
  }

  Platform& platform;
  store::StateStore store;
  oath::OathStore oath_store;  // shared by both OATH applets
  // Their keyed HMAC contexts, shared as the store is (hsm/oath/applet.h).
  crypto::HmacKeyCache oath_hmac_keys;
  oath::Applet applet;
  oath::Applet ccid_applet;  // yubikey5 profile, same store (device.h)
  oath::CtaphidEnvelope envelope;
  oath::CcidEnvelope ccid;  // YKOATH on the card, on ccid_applet
  // docs/protocol/management.md: reports the YKOATH applet's version.
  mgmt::ManagementApplet management;
  CardRouter card;  // the card interface: selects ccid or management
  ctap2::SealedFidoStore fido_store;
  ctap2::Authenticator authenticator;
  ctaphid::CtaphidDevice ctaphid;
  bool booted = false;
};

Device::Device(Platform& platform, DeviceConfig config)
    : impl_(std::make_unique<Impl>(platform, config)) {}

Device::~Device() = default;

Status<store::StoreError> Device::Boot() {
  Status<store::StoreError> status = impl_->store.Load();
  if (status.ok()) status = impl_->oath_store.Load();
  if (status.ok()) status = impl_->fido_store.Load();
  impl_->booted = status.ok();
  return status;
}

std::vector<ctaphid::Report> Device::HandleReport(
    std::span<const uint8_t> report, uint64_t now_ms) {
  // device.h: Boot() must succeed first; until then the key is silent, as a
  // key whose firmware did not start.
  if (!impl_->booted) return {};
  return impl_->ctaphid.HandleReport(report, now_ms);
}

std::vector<ctaphid::Report> Device::Poll(uint64_t now_ms) {
  if (!impl_->booted) return {};
  return impl_->ctaphid.Poll(now_ms);
}

void Device::PowerCycle() {
  // Drops channels and pending requests and resets every app (the OATH
  // applet's session through its envelope); the store keeps what is
  // committed.
  impl_->ctaphid.Reset();
}

std::optional<std::vector<uint8_t>> Device::HandleApdu(
    std::span<const uint8_t> apdu, uint64_t now_ms) {
  if (!impl_->booted) return std::nullopt;  // silent, as HandleReport
  return impl_->card.Transmit(apdu, now_ms);
}

std::optional<std::vector<uint8_t>> Device::PollCard(uint64_t now_ms) {
  if (!impl_->booted) return std::nullopt;
  return impl_->card.Poll(now_ms);
}

Result<ctap2::CredentialInfo, ctap2::AdminError> Device::ImportCredential(
    const ctap2::CredentialImport& request) {
  if (!impl_->booted) return MakeErr(ctap2::AdminError::kStorage);
  return ctap2::ImportCredential(impl_->platform, impl_->fido_store,
                                 impl_->authenticator.config(),
                                 impl_->authenticator.signing_keys(), request);
}

Result<ctap2::CredentialInfo, ctap2::AdminError> Device::DescribeCredential(
    std::span<const uint8_t> id, std::optional<std::string_view> rp_id) const {
  return ctap2::DescribeCredential(impl_->fido_store.state(), id, rp_id);
}

Result<std::vector<ctap2::CredentialInfo>, ctap2::AdminError>
Device::DescribeResidentCredentials(std::string_view rp_id) const {
  return ctap2::DescribeResidentCredentials(impl_->fido_store.state(), rp_id);
}

Status<store::StoreError> Device::FactoryReset() {
  Status<store::StoreError> status = impl_->store.Wipe();
  // Whatever the wipe did, the applets follow the committed record.
  Status<store::StoreError> reload = impl_->oath_store.Load();
  if (reload.ok()) reload = impl_->fido_store.Load();
  impl_->booted = reload.ok();
  PowerCycle();
  ResetCard();
  return status.ok() ? reload : status;
}

DeviceSummary Device::Summary() const {
  DeviceSummary s;
  s.serial = impl_->store.serial();
  s.oath_credentials = impl_->oath_store.state().credentials.size();
  const ctap2::FidoState& fido = impl_->fido_store.state();
  s.fido_resident_credentials = fido.credentials.size();
  s.fido_pin_set = fido.pin_hash.has_value();
  s.fido_sign_counter = impl_->authenticator.sign_counter();
  return s;
}

void Device::ResetCard() { impl_->card.Reset(); }

std::span<const uint8_t> Device::CardAtr() const {
  return oath::CcidEnvelope::kAtr;
}

}  // namespace hsm
