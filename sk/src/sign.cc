// sk_sign (sk_api.h; OpenSSH sk-api.h, PROTOCOL.u2f "SecurityKey API") over
// libfido2 1.12 and keybridge's device choice (device.h).
//
// Contract, beyond sk_api.h and entry_point.h: sk_sign asks for an
// assertion (CTAP 2.1 §6.2 authenticatorGetAssertion) over clientDataHash =
// SHA-256(data) with allowList = [key handle], up from
// SSH_SK_USER_PRESENCE_REQD (`-O no-touch-required` clears it). A
// verify-required key without a PIN uses the key's built-in UV if it has
// one (getInfo option "uv"), else answers SSH_SK_ERR_PIN_REQUIRED.
#include <fido.h>

#include <span>
#include <string>

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

int Sign(uint32_t alg, std::span<const uint8_t> data, const char* application,
         std::span<const uint8_t> key_handle, uint8_t flags,
         const char* pin_arg, const sk_option* const* options,
         sk_sign_response** out) {
  const char* pin = PinOrNull(pin_arg);
  auto opts = ParseOptionsOrLog(options, /*allow_user=*/false);
  if (!opts) return SSH_SK_ERR_GENERAL;
  if (!CoseAlgorithmOrLog(alg)) return SSH_SK_ERR_UNSUPPORTED;
  if (key_handle.empty()) {
    LogError("no key handle to sign with");
    return SSH_SK_ERR_GENERAL;
  }
  std::string app = ApplicationOrDefault(application);
  auto device = OpenDeviceFor(*opts, "sign for " + app);
  if (!device) return FailOpening(device.error());
  SkDevice& dev = **device;

  Assert assert;
  fido_assert_t* a = assert.get();
  int r = fido_assert_set_clientdata(a, data.data(), data.size());
  if (r == FIDO_OK) r = fido_assert_set_rp(a, app.c_str());
  if (r == FIDO_OK) {
    r = fido_assert_allow_cred(a, key_handle.data(), key_handle.size());
  }
  if (r == FIDO_OK) {
    r = fido_assert_set_up(a, (flags & SSH_SK_USER_PRESENCE_REQD) != 0
                                  ? FIDO_OPT_TRUE
                                  : FIDO_OPT_FALSE);
  }
  if (r != FIDO_OK) return Fail(dev, r, "preparing getAssertion", pin);
  if (pin == nullptr && (flags & SSH_SK_USER_VERIFICATION_REQD) != 0) {
    if (dev.InfoOption("uv") != true) {
      LogDebug("verify-required key and no built-in UV: asking for the PIN");
      return SSH_SK_ERR_PIN_REQUIRED;
    }
    r = fido_assert_set_uv(a, FIDO_OPT_TRUE);
    if (r != FIDO_OK) return Fail(dev, r, "asking for UV", pin);
  }
  dev.BeginOperation();
  r = fido_dev_get_assert(dev.dev(), a, pin);
  if (r == FIDO_ERR_NO_CREDENTIALS) {
    LogError(
        "this security key does not hold the credential of this ssh "
        "key (another key?) [" +
        dev.name() + "]");
    return SSH_SK_ERR_GENERAL;
  }
  if (r != FIDO_OK) return Fail(dev, r, "getAssertion", pin);
  if (fido_assert_count(a) != 1) {
    LogError("the key returned " + std::to_string(fido_assert_count(a)) +
             " assertions, expected one");
    return SSH_SK_ERR_GENERAL;
  }

  SignResponsePtr response(Calloc<sk_sign_response>());
  response->flags = fido_assert_flags(a, 0);
  response->counter = fido_assert_sigcount(a, 0);
  auto sig = Bytes(fido_assert_sig_ptr(a, 0), fido_assert_sig_len(a, 0));
  if (alg == SSH_SK_ECDSA) {
    auto parts = EcdsaSignatureParts(sig);
    if (!parts) {
      LogError("the key returned a malformed ECDSA signature");
      return SSH_SK_ERR_GENERAL;
    }
    CopyOut(parts->r, &response->sig_r, &response->sig_r_len);
    CopyOut(parts->s, &response->sig_s, &response->sig_s_len);
  } else {
    auto ed = Ed25519Signature(sig);
    if (!ed) {
      LogError("the key returned an Ed25519 signature of " +
               std::to_string(sig.size()) + " bytes");
      return SSH_SK_ERR_GENERAL;
    }
    CopyOut(*ed, &response->sig_r, &response->sig_r_len);
  }
  *out = response.release();
  return 0;
}

}  // namespace
}  // namespace sk_provider

extern "C" {

int sk_sign(uint32_t alg, const uint8_t* data, size_t data_len,
            const char* application, const uint8_t* key_handle,
            size_t key_handle_len, uint8_t flags, const char* pin,
            struct sk_option** options,
            struct sk_sign_response** sign_response) {
  if (sign_response == nullptr) return SSH_SK_ERR_GENERAL;
  *sign_response = nullptr;
  if ((data == nullptr && data_len != 0) ||
      (key_handle == nullptr && key_handle_len != 0)) {
    return SSH_SK_ERR_GENERAL;
  }
  return sk_provider::Guard([&] {
    return sk_provider::Sign(
        alg, std::span<const uint8_t>(data, data_len), application,
        std::span<const uint8_t>(key_handle, key_handle_len), flags, pin,
        options, sign_response);
  });
}

}  // extern "C"
