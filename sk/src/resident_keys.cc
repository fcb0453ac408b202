// sk_load_resident_keys (sk_api.h; OpenSSH sk-api.h, PROTOCOL.u2f
// "SecurityKey API") over libfido2 1.12 and keybridge's device choice
// (device.h).
//
// Contract, beyond sk_api.h and entry_point.h: sk_load_resident_keys lists
// the discoverable credentials of every RP whose ID starts with "ssh:"
// (PROTOCOL.u2f "application") through credential management (CTAP 2.1
// §6.8), which needs a pinUvAuthToken: without a PIN it answers
// SSH_SK_ERR_PIN_REQUIRED (ssh-keygen -K then asks). A key without
// credential management has no keys to list (0, none).
#include <fido.h>
#include <fido/credman.h>

#include <cstdlib>
#include <cstring>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include "device.h"
#include "encoding.h"
#include "entry_point.h"
#include "fido_objects.h"
#include "log.h"
#include "responses.h"
#include "sk_api.h"
#include "sk_error.h"

namespace sk_provider {
namespace {

int LoadResidentKeys(const char* pin_arg, const sk_option* const* options,
                     sk_resident_key*** out, size_t* nout) {
  const char* pin = PinOrNull(pin_arg);
  auto opts = ParseOptionsOrLog(options, /*allow_user=*/false);
  if (!opts) return SSH_SK_ERR_GENERAL;
  auto device = OpenDeviceFor(*opts, "listing resident keys");
  if (!device) return FailOpening(device.error());
  SkDevice& dev = **device;
  // CTAP 2.1 §6.8: credential management needs a pinUvAuthToken.
  if (pin == nullptr && dev.InfoOption("uv") != true) {
    return SSH_SK_ERR_PIN_REQUIRED;
  }

  std::vector<ResidentKeyPtr> keys;
  CredmanMetadata metadata;
  dev.BeginOperation();
  int r = fido_credman_get_dev_metadata(dev.dev(), metadata.get(), pin);
  if (r == FIDO_ERR_INVALID_COMMAND) {
    LogDebug("the key has no credential management: no resident keys");
  } else if (r != FIDO_OK) {
    return Fail(dev, r, "credential management (getCredsMetadata)", pin);
  } else {
    CredmanRps rps;
    dev.BeginOperation();
    r = fido_credman_get_dev_rp(dev.dev(), rps.get(), pin);
    if (r != FIDO_OK && r != FIDO_ERR_NO_CREDENTIALS) {
      return Fail(dev, r, "credential management (enumerateRPs)", pin);
    }
    const size_t nrps = r == FIDO_OK ? fido_credman_rp_count(rps.get()) : 0;
    for (size_t i = 0; i < nrps; ++i) {
      const char* rp_id = fido_credman_rp_id(rps.get(), i);
      // PROTOCOL.u2f: OpenSSH applications start with "ssh:".
      if (rp_id == nullptr || std::strncmp(rp_id, "ssh:", 4) != 0) continue;
      CredmanRks rks;
      dev.BeginOperation();
      r = fido_credman_get_dev_rk(dev.dev(), rp_id, rks.get(), pin);
      if (r == FIDO_ERR_NO_CREDENTIALS) continue;
      if (r != FIDO_OK) {
        return Fail(dev, r,
                    std::string("credential management (enumerateCredentials "
                                "of ") +
                        rp_id + ")",
                    pin);
      }
      for (size_t j = 0; j < fido_credman_rk_count(rks.get()); ++j) {
        const fido_cred_t* cred = fido_credman_rk(rks.get(), j);
        if (cred == nullptr) continue;
        std::optional<uint32_t> alg = SkAlgorithm(fido_cred_type(cred));
        if (!alg) {
          LogDebug(std::string("skipping a credential of ") + rp_id +
                   " with COSE algorithm " +
                   std::to_string(fido_cred_type(cred)));
          continue;
        }
        ResidentKeyPtr key(Calloc<sk_resident_key>());
        key->alg = *alg;
        key->slot = keys.size();
        key->application = strdup(rp_id);
        if (key->application == nullptr) throw std::bad_alloc();
        if (!PackKey(*alg, cred, &key->key)) return SSH_SK_ERR_GENERAL;
        CopyOut(Bytes(fido_cred_user_id_ptr(cred), fido_cred_user_id_len(cred)),
                &key->user_id, &key->user_id_len);
        if (fido_cred_prot(cred) == FIDO_CRED_PROT_UV_REQUIRED) {
          key->flags |= SSH_SK_USER_VERIFICATION_REQD;
        }
        keys.push_back(std::move(key));
      }
    }
  }
  sk_resident_key** array = nullptr;
  if (!keys.empty()) {
    array = static_cast<sk_resident_key**>(
        std::calloc(keys.size(), sizeof(sk_resident_key*)));
    if (array == nullptr) throw std::bad_alloc();
    for (size_t i = 0; i < keys.size(); ++i) array[i] = keys[i].release();
  }
  *out = array;
  *nout = keys.size();
  return 0;
}

}  // namespace
}  // namespace sk_provider

extern "C" {

int sk_load_resident_keys(const char* pin, struct sk_option** options,
                          struct sk_resident_key*** rks, size_t* nrks) {
  if (rks == nullptr || nrks == nullptr) return SSH_SK_ERR_GENERAL;
  *rks = nullptr;
  *nrks = 0;
  return sk_provider::Guard(
      [&] { return sk_provider::LoadResidentKeys(pin, options, rks, nrks); });
}

}  // extern "C"
