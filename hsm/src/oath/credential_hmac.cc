// The HMAC behind a credential's code (command.h CredentialHmac) and the
// cache entries a deleted or replaced credential leaves behind
// (hsm/oath/applet.h).
#include "command.h"
#include "pin_key.h"

namespace hsm::oath {
namespace {

// docs/protocol/oath.md §2.9.1: a PIN-encrypted credential's secret must not
// outlive the command that opened it, so no keyed context of it is kept.
// (A state written before §2.9.1 may still hold one plain.)
bool Cacheable(const OathCredential& c) {
  return (c.properties & kPropPinEncrypt) == 0 && c.sealed.empty();
}

}  // namespace

Result<std::vector<uint8_t>, Sw> CredentialHmac(
    Context& ctx, const OathCredential& c, crypto::HashAlg alg,
    std::span<const uint8_t> message) {
  if (Cacheable(c)) {
    auto mac = ctx.hmac_keys.Hmac(alg, c.secret.view(), message);
    if (!mac.ok()) return MakeErr(Sw::kNonPersistentError);
    return std::move(mac.value());
  }
  auto secret = CredentialSecret(c, ctx.pin_key, ctx.traits.not_found);
  if (!secret.ok()) return MakeErr(secret.error());
  auto mac = crypto::Hmac(alg, secret->view(), message);
  if (!mac.ok()) return MakeErr(Sw::kNonPersistentError);
  return std::move(mac.value());
}

void ForgetHmacKey(Context& ctx, const OathCredential& c) {
  if (Cacheable(c)) ctx.hmac_keys.Erase(c.secret.view());
}

}  // namespace hsm::oath
