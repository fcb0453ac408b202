// sk_enroll (sk_api.h; OpenSSH sk-api.h, PROTOCOL.u2f "SecurityKey API")
// over libfido2 1.12 and keybridge's device choice (device.h).
//
// Contract, beyond sk_api.h and entry_point.h: sk_enroll makes a CTAP2
// credential (CTAP 2.1 §6.1 authenticatorMakeCredential) with rp.id = the
// application ("ssh:" when OpenSSH passes none), clientDataHash =
// SHA-256(challenge) (libfido2 fido_cred_set_clientdata; PROTOCOL.u2f "SSH
// U2F Key enrollment"), user.id = options.h MakeUserId, user.name =
// user.displayName = "openssh". SSH_SK_RESIDENT_KEY asks for a discoverable
// credential (rk). Resident and SSH_SK_USER_VERIFICATION_REQD credentials
// get credProtect (CTAP 2.1 §12.1): userVerificationRequired (3) for
// verify-required, else userVerificationOptionalWithCredentialIDList (2), so
// a resident key is not listed to anyone without the PIN; a key without
// credProtect gets SSH_SK_ERR_UNSUPPORTED. Before a resident enrollment
// without SSH_SK_FORCE_OPERATION, a getAssertion with up=false (§6.2) looks
// for a credential of this application with the same user ID and answers
// SSH_SK_ERR_CREDENTIAL_EXISTS if there is one. The attestation (packed or
// self) is verified with libfido2 before anything is returned.
#include <fido.h>

#include <cstring>
#include <optional>
#include <span>
#include <string>

#include "device.h"
#include "entry_point.h"
#include "fido_objects.h"
#include "log.h"
#include "options.h"
#include "responses.h"
#include "sk_api.h"
#include "sk_error.h"

namespace sk_provider {
namespace {

constexpr const char* kUserName = "openssh";
constexpr size_t kProbeHashSize = 32;

// CTAP 2.1 §6.2 getAssertion with up=false and no allowList: is there a
// discoverable credential for `application` with this user ID?
// FIDO_OK if so, FIDO_ERR_NO_CREDENTIALS if not, else the failure.
int FindResident(SkDevice& device, const std::string& application,
                 const UserId& user_id, const char* pin) {
  Assert assert;
  const uint8_t zeros[kProbeHashSize] = {};
  int r = fido_assert_set_clientdata_hash(assert.get(), zeros, sizeof(zeros));
  if (r == FIDO_OK) r = fido_assert_set_rp(assert.get(), application.c_str());
  if (r == FIDO_OK) r = fido_assert_set_up(assert.get(), FIDO_OPT_FALSE);
  if (r == FIDO_OK && pin == nullptr && device.InfoOption("uv") == true) {
    r = fido_assert_set_uv(assert.get(), FIDO_OPT_TRUE);
  }
  if (r != FIDO_OK) return r;
  device.BeginOperation();
  r = fido_dev_get_assert(device.dev(), assert.get(), pin);
  if (r != FIDO_OK) return r;
  for (size_t i = 0; i < fido_assert_count(assert.get()); ++i) {
    auto id = Bytes(fido_assert_user_id_ptr(assert.get(), i),
                    fido_assert_user_id_len(assert.get(), i));
    if (id.size() == user_id.size() &&
        std::memcmp(id.data(), user_id.data(), id.size()) == 0) {
      return FIDO_OK;
    }
  }
  return FIDO_ERR_NO_CREDENTIALS;
}

int Enroll(uint32_t alg, std::span<const uint8_t> challenge,
           const char* application, uint8_t flags, const char* pin_arg,
           const sk_option* const* options, sk_enroll_response** out) {
  const char* pin = PinOrNull(pin_arg);
  auto opts = ParseOptionsOrLog(options, /*allow_user=*/true);
  if (!opts) return SSH_SK_ERR_GENERAL;
  std::optional<int> cose = CoseAlgorithmOrLog(alg);
  if (!cose) return SSH_SK_ERR_UNSUPPORTED;
  auto user_id = MakeUserId(opts->user.value_or(""));
  if (!user_id) {
    LogError(user_id.error().message);
    return SSH_SK_ERR_GENERAL;
  }
  std::string app = ApplicationOrDefault(application);
  auto device = OpenDeviceFor(*opts, "enroll " + app);
  if (!device) return FailOpening(device.error());
  SkDevice& dev = **device;

  const bool resident = (flags & SSH_SK_RESIDENT_KEY) != 0;
  const bool uv_required = (flags & SSH_SK_USER_VERIFICATION_REQD) != 0;
  if (resident && (flags & SSH_SK_FORCE_OPERATION) == 0) {
    int r = FindResident(dev, app, *user_id, pin);
    if (r == FIDO_OK) {
      LogDebug("a resident key for " + app + " and this user exists");
      return SSH_SK_ERR_CREDENTIAL_EXISTS;
    }
    if (r != FIDO_ERR_NO_CREDENTIALS) {
      return Fail(dev, r, "looking for an existing resident key", pin);
    }
  }

  Cred cred;
  fido_cred_t* c = cred.get();
  int r = fido_cred_set_type(c, *cose);
  if (r == FIDO_OK) {
    r = fido_cred_set_clientdata(c, challenge.data(), challenge.size());
  }
  if (r == FIDO_OK) r = fido_cred_set_rp(c, app.c_str(), nullptr);
  if (r == FIDO_OK) {
    r = fido_cred_set_user(c, user_id->data(), user_id->size(), kUserName,
                           kUserName, nullptr);
  }
  if (r == FIDO_OK) {
    r = fido_cred_set_rk(c, resident ? FIDO_OPT_TRUE : FIDO_OPT_OMIT);
  }
  if (r != FIDO_OK) return Fail(dev, r, "preparing makeCredential", pin);
  if (resident || uv_required) {
    // CTAP 2.1 §12.1 credProtect.
    if (!fido_dev_supports_cred_prot(dev.dev())) {
      LogError(
          "the key does not support credProtect (CTAP 2.1 §12.1), "
          "needed for resident and verify-required keys [" +
          dev.name() + "]");
      return SSH_SK_ERR_UNSUPPORTED;
    }
    r = fido_cred_set_prot(c, uv_required ? FIDO_CRED_PROT_UV_REQUIRED
                                          : FIDO_CRED_PROT_UV_OPTIONAL_WITH_ID);
    if (r != FIDO_OK) return Fail(dev, r, "setting credProtect", pin);
  }
  dev.BeginOperation();
  r = fido_dev_make_cred(dev.dev(), c, pin);
  if (r != FIDO_OK) return Fail(dev, r, "makeCredential", pin);
  r = fido_cred_x5c_ptr(c) != nullptr ? fido_cred_verify(c)
                                      : fido_cred_verify_self(c);
  if (r != FIDO_OK) {
    LogError(dev.Describe(r, "verifying the attestation"));
    return SSH_SK_ERR_GENERAL;
  }

  EnrollResponsePtr response(Calloc<sk_enroll_response>());
  // sk-api.h struct sk_enroll_response: the flags OpenSSH stores as the
  // key's sk_flags.
  response->flags = flags;
  if (!PackKey(alg, c, response.get())) return SSH_SK_ERR_GENERAL;
  CopyOut(Bytes(fido_cred_sig_ptr(c), fido_cred_sig_len(c)),
          &response->signature, &response->signature_len);
  CopyOut(Bytes(fido_cred_x5c_ptr(c), fido_cred_x5c_len(c)),
          &response->attestation_cert, &response->attestation_cert_len);
  CopyOut(Bytes(fido_cred_authdata_ptr(c), fido_cred_authdata_len(c)),
          &response->authdata, &response->authdata_len);
  if (response->key_handle_len == 0) {
    LogError("the key returned no credential ID");
    return SSH_SK_ERR_GENERAL;
  }
  *out = response.release();
  return 0;
}

}  // namespace
}  // namespace sk_provider

extern "C" {

int sk_enroll(uint32_t alg, const uint8_t* challenge, size_t challenge_len,
              const char* application, uint8_t flags, const char* pin,
              struct sk_option** options,
              struct sk_enroll_response** enroll_response) {
  if (enroll_response == nullptr) return SSH_SK_ERR_GENERAL;
  *enroll_response = nullptr;
  if (challenge == nullptr && challenge_len != 0) return SSH_SK_ERR_GENERAL;
  return sk_provider::Guard([&] {
    return sk_provider::Enroll(
        alg, std::span<const uint8_t>(challenge, challenge_len), application,
        flags, pin, options, enroll_response);
  });
}

}  // extern "C"
