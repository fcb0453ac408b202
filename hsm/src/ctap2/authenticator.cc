// Authenticator: CTAPHID_CBOR dispatch (CTAP 2.1 §6, §8, §11.2.9.1.2).
#include "hsm/ctap2/authenticator.h"

#include "commands.h"
#include "context.h"
#include "u2f.h"

namespace hsm::ctap2 {

struct Authenticator::Impl {
  Impl(Platform& p, FidoStore& s, AuthenticatorConfig c)
      : platform(p),
        store(s),
        config(std::move(c)),
        ctx{platform, config, store, session} {}
  Platform& platform;
  FidoStore& store;
  AuthenticatorConfig config;
  Session session;
  Context ctx;

  CommandResult Dispatch(uint8_t command, std::span<const uint8_t> body,
                         PresenceGrant grant);
};

CommandResult Authenticator::Impl::Dispatch(uint8_t command,
                                            std::span<const uint8_t> body,
                                            PresenceGrant grant) {
  cbor::Item params;
  if (!body.empty()) {
    auto decoded = cbor::Decode(body);
    if (!decoded.ok()) return CommandResult::Error(decoded.error());
    params = std::move(*decoded);
  }
  auto cmd = static_cast<Command>(command);
  // CTAP 2.1 §6.3 / §6.8: the getNextAssertion and enumeration states
  // survive only until another command arrives.
  if (cmd != Command::kGetNextAssertion) session.assertion = PendingAssertion();
  if (cmd != Command::kCredentialManagement &&
      cmd != Command::kCredentialManagementPreview) {
    session.enumeration = PendingEnumeration();
  }
  switch (cmd) {
    case Command::kGetInfo:
      return HandleGetInfo(ctx);
    case Command::kMakeCredential:
      return HandleMakeCredential(ctx, params.get(), grant);
    case Command::kGetAssertion:
      return HandleGetAssertion(ctx, params.get(), grant);
    case Command::kGetNextAssertion:
      return HandleGetNextAssertion(ctx);
    case Command::kClientPin:
      return HandleClientPin(ctx, params.get());
    case Command::kReset:
      return HandleReset(ctx, grant);
    case Command::kSelection:
      return HandleSelection(ctx, grant);
    case Command::kCredentialManagement:
    case Command::kCredentialManagementPreview:
      return HandleCredentialManagement(ctx, params.get(), body);
    case Command::kLargeBlobs:
      return HandleLargeBlobs(ctx, params.get());
    case Command::kConfig:
      return HandleConfig(ctx, params.get(), body);
    case Command::kBioEnrollment:  // no biometric sensor
    case Command::kBioEnrollmentPreview:
      break;
  }
  return CommandResult::Error(CtapStatus::kInvalidCommand);
}

Authenticator::Authenticator(Platform& platform, FidoStore& store,
                             AuthenticatorConfig config)
    : impl_(std::make_unique<Impl>(platform, store, std::move(config))) {
  InitSession(impl_->ctx);
}

Authenticator::~Authenticator() = default;

const AuthenticatorConfig& Authenticator::config() const {
  return impl_->config;
}

uint32_t Authenticator::sign_counter() const {
  return impl_->session.sign_counter.value_or(
      impl_->store.state().sign_counter);
}

size_t Authenticator::cached_signing_keys() const {
  return impl_->session.signing_keys.size();
}

crypto::SigningKeyCache& Authenticator::signing_keys() {
  return impl_->session.signing_keys;
}

void Authenticator::Reset() { InitSession(impl_->ctx); }

// CTAP 2.1 §11.2.9.1.1 CTAPHID_MSG: a U2F APDU in, the response APDU out.
ctaphid::AppOutcome Authenticator::HandleMsg(std::span<const uint8_t> payload,
                                             PresenceGrant grant) {
  U2fResult result = HandleU2f(impl_->ctx, payload, grant);
  if (result.needs_presence) {
    if (grant != PresenceGrant::kNotRequested) {
      // app.h: never twice for one message; cannot happen (u2f.h).
      return ctaphid::AppOutcome::Response(
          U2fResult::Status(Sw::kNonPersistentError).response);
    }
    // docs/protocol/ctap.md §7.5: U2F does not wait for a touch; a grant
    // that is not there within u2f_presence_wait_ms answers 6985.
    return ctaphid::AppOutcome::NeedsPresence(
        impl_->config.u2f_presence_wait_ms, /*keepalive=*/false);
  }
  return ctaphid::AppOutcome::Response(std::move(result.response));
}

ctaphid::AppOutcome Authenticator::Handle(uint8_t command,
                                          std::span<const uint8_t> payload,
                                          PresenceGrant grant) {
  if (command == static_cast<uint8_t>(ctaphid::Command::kMsg)) {
    return HandleMsg(payload, grant);
  }
  if (command != static_cast<uint8_t>(ctaphid::Command::kCbor)) {
    return ctaphid::AppOutcome::Fail(ctaphid::Error::kInvalidCmd);
  }
  if (payload.empty()) {
    return ctaphid::AppOutcome::Fail(ctaphid::Error::kInvalidLen);
  }
  std::vector<uint8_t> response;
  if (payload.size() - 1 > impl_->config.max_msg_size + 1024) {
    // CTAP 2.1 §6: larger than we advertise (maxMsgSize) with headroom.
    response.push_back(static_cast<uint8_t>(CtapStatus::kRequestTooLarge));
    return ctaphid::AppOutcome::Response(std::move(response));
  }
  CommandResult result = impl_->Dispatch(payload[0], payload.subspan(1), grant);
  if (result.needs_presence) {
    if (grant != PresenceGrant::kNotRequested) {
      // A second presence request for the same message is not allowed
      // (app.h); cannot happen with the handlers above.
      response.push_back(static_cast<uint8_t>(CtapStatus::kOther));
      return ctaphid::AppOutcome::Response(std::move(response));
    }
    return ctaphid::AppOutcome::NeedsPresence(impl_->config.presence_timeout_ms,
                                              /*keepalive=*/true);
  }
  response.push_back(static_cast<uint8_t>(result.status));
  if (result.status == CtapStatus::kOk) {
    response.insert(response.end(), result.cbor.begin(), result.cbor.end());
  }
  return ctaphid::AppOutcome::Response(std::move(response));
}

}  // namespace hsm::ctap2
