// The four sk-api entry points (sk_api.h; OpenSSH sk-api.h, PROTOCOL.u2f
// "SecurityKey API") over libfido2 1.12 and keybridge's device choice
// (device.h).
//
// Contract, beyond sk_api.h:
//  - sk_enroll makes a CTAP2 credential (CTAP 2.1 §6.1
//    authenticatorMakeCredential) with rp.id = the application ("ssh:" when
//    OpenSSH passes none), clientDataHash = SHA-256(challenge) (libfido2
//    fido_cred_set_clientdata; PROTOCOL.u2f "SSH U2F Key enrollment"),
//    user.id = options.h MakeUserId, user.name = user.displayName =
//    "openssh". SSH_SK_RESIDENT_KEY asks for a discoverable credential (rk).
//    Resident and SSH_SK_USER_VERIFICATION_REQD credentials get credProtect
//    (CTAP 2.1 §12.1): userVerificationRequired (3) for verify-required,
//    else userVerificationOptionalWithCredentialIDList (2), so a resident
//    key is not listed to anyone without the PIN; a key without credProtect
//    gets SSH_SK_ERR_UNSUPPORTED. Before a resident enrollment without
//    SSH_SK_FORCE_OPERATION, a getAssertion with up=false (§6.2) looks for a
//    credential of this application with the same user ID and answers
//    SSH_SK_ERR_CREDENTIAL_EXISTS if there is one. The attestation (packed
//    or self) is verified with libfido2 before anything is returned.
//  - sk_sign asks for an assertion (§6.2 authenticatorGetAssertion) over
//    clientDataHash = SHA-256(data) with allowList = [key handle], up from
//    SSH_SK_USER_PRESENCE_REQD (`-O no-touch-required` clears it). A
//    verify-required key without a PIN uses the key's built-in UV if it has
//    one (getInfo option "uv"), else answers SSH_SK_ERR_PIN_REQUIRED.
//  - sk_load_resident_keys lists the discoverable credentials of every RP
//    whose ID starts with "ssh:" (PROTOCOL.u2f "application") through
//    credential management (§6.8), which needs a pinUvAuthToken: without a
//    PIN it answers SSH_SK_ERR_PIN_REQUIRED (ssh-keygen -K then asks). A
//    key without credential management has no keys to list (0, none).
//  - libfido2 results map to sk-api codes in SkError; PIN_REQUIRED and
//    PIN_INVALID become SSH_SK_ERR_PIN_REQUIRED (ssh asks again), a blocked
//    PIN or a refused touch SSH_SK_ERR_GENERAL. Every failure other than
//    "PIN needed" and "credential exists" is also explained on stderr
//    (log.h).
//  - No C++ exception leaves an entry point (out of memory →
//    SSH_SK_ERR_GENERAL); nothing is written to *response unless the call
//    succeeds.
#include <fido.h>
#include <fido/credman.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "device.h"
#include "encoding.h"
#include "log.h"
#include "options.h"
#include "sk_api.h"

namespace sk_provider {
namespace {

constexpr const char* kDefaultApplication = "ssh:";  // PROTOCOL.u2f
constexpr const char* kUserName = "openssh";
constexpr size_t kProbeHashSize = 32;

// Owns one libfido2 object; Free is its fido_*_free (which takes T**).
template <typename T, T* (*New)(), void (*Free)(T**)>
class Owned {
 public:
  Owned() : p_(New()) {
    if (p_ == nullptr) throw std::bad_alloc();
  }
  ~Owned() { Free(&p_); }
  Owned(const Owned&) = delete;
  Owned& operator=(const Owned&) = delete;
  T* get() const { return p_; }

 private:
  T* p_;
};
using Cred = Owned<fido_cred_t, fido_cred_new, fido_cred_free>;
using Assert = Owned<fido_assert_t, fido_assert_new, fido_assert_free>;
using CredmanMetadata =
    Owned<fido_credman_metadata_t, fido_credman_metadata_new,
          fido_credman_metadata_free>;
using CredmanRps =
    Owned<fido_credman_rp_t, fido_credman_rp_new, fido_credman_rp_free>;
using CredmanRks =
    Owned<fido_credman_rk_t, fido_credman_rk_new, fido_credman_rk_free>;

// sk-api code for a libfido2 result r != FIDO_OK.
int SkError(int r) {
  switch (r) {
    case FIDO_ERR_UNSUPPORTED_OPTION:
    case FIDO_ERR_UNSUPPORTED_ALGORITHM:
    case FIDO_ERR_UNSUPPORTED_EXTENSION:
      return SSH_SK_ERR_UNSUPPORTED;
    case FIDO_ERR_PIN_REQUIRED:  // also PUAT_REQUIRED (CTAP 2.1 §8.2 0x36)
    case FIDO_ERR_PIN_INVALID:
      return SSH_SK_ERR_PIN_REQUIRED;
    default:
      return SSH_SK_ERR_GENERAL;
  }
}

// Maps and, unless ssh will simply ask for the PIN, explains a failure.
int Fail(const SkDevice& device, int r, const std::string& what,
         const char* pin) {
  int code = SkError(r);
  std::string message = device.Describe(r, what);
  if (code == SSH_SK_ERR_PIN_REQUIRED && (pin == nullptr || *pin == '\0')) {
    LogDebug(message + " (asking for the PIN)");
  } else {
    LogError(message);
  }
  return code;
}

int FailOpening(const bridge::Error& e) {
  LogError(e.message);
  return e.kind == bridge::ErrorKind::kInvalidInput
             ? SSH_SK_ERR_GENERAL
             : SSH_SK_ERR_DEVICE_NOT_FOUND;
}

const char* PinOrNull(const char* pin) {
  return pin != nullptr && *pin != '\0' ? pin : nullptr;
}

// malloc'd copies for OpenSSH, which frees them with free(3).
void CopyOut(std::span<const uint8_t> bytes, uint8_t** ptr, size_t* len) {
  *ptr = nullptr;
  *len = 0;
  if (bytes.empty()) return;
  *ptr = static_cast<uint8_t*>(std::malloc(bytes.size()));
  if (*ptr == nullptr) throw std::bad_alloc();
  std::memcpy(*ptr, bytes.data(), bytes.size());
  *len = bytes.size();
}

std::span<const uint8_t> Bytes(const unsigned char* p, size_t n) {
  if (p == nullptr) return {};
  return {p, n};
}

void Wipe(uint8_t*& p, size_t& n) {
  if (p != nullptr) {
    std::memset(p, 0, n);
    std::free(p);
  }
  p = nullptr;
  n = 0;
}

void FreeEnrollFields(sk_enroll_response* r) {
  Wipe(r->public_key, r->public_key_len);
  Wipe(r->key_handle, r->key_handle_len);
  Wipe(r->signature, r->signature_len);
  Wipe(r->attestation_cert, r->attestation_cert_len);
  Wipe(r->authdata, r->authdata_len);
}

struct EnrollDeleter {
  void operator()(sk_enroll_response* r) const {
    FreeEnrollFields(r);
    std::free(r);
  }
};
struct SignDeleter {
  void operator()(sk_sign_response* r) const {
    Wipe(r->sig_r, r->sig_r_len);
    Wipe(r->sig_s, r->sig_s_len);
    std::free(r);
  }
};
struct ResidentDeleter {
  void operator()(sk_resident_key* r) const {
    std::free(r->application);
    FreeEnrollFields(&r->key);
    Wipe(r->user_id, r->user_id_len);
    std::free(r);
  }
};

template <typename T>
T* Calloc() {
  T* p = static_cast<T*>(std::calloc(1, sizeof(T)));
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

// The public key of `cred` in sk-api form, or false (logged).
bool PackPublicKey(uint32_t alg, const fido_cred_t* cred,
                   sk_enroll_response* out) {
  auto key = SshPublicKey(
      alg, Bytes(fido_cred_pubkey_ptr(cred), fido_cred_pubkey_len(cred)));
  if (!key) {
    LogError("the key returned a public key of unexpected size " +
             std::to_string(fido_cred_pubkey_len(cred)));
    return false;
  }
  CopyOut(*key, &out->public_key, &out->public_key_len);
  return true;
}

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
  auto opts = ParseOptions(options, /*allow_user=*/true);
  if (!opts) {
    LogError(opts.error().message);
    return SSH_SK_ERR_GENERAL;
  }
  std::optional<int> cose = CoseAlgorithm(alg);
  if (!cose) {
    LogError("unsupported key algorithm " + std::to_string(alg));
    return SSH_SK_ERR_UNSUPPORTED;
  }
  auto user_id = MakeUserId(opts->user.value_or(""));
  if (!user_id) {
    LogError(user_id.error().message);
    return SSH_SK_ERR_GENERAL;
  }
  std::string app = application != nullptr && *application != '\0'
                        ? application
                        : kDefaultApplication;
  auto device = SkDevice::Open(opts->device);
  if (!device) return FailOpening(device.error());
  SkDevice& dev = **device;
  LogDebug("enroll " + app + " on " + dev.name());

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

  std::unique_ptr<sk_enroll_response, EnrollDeleter> response(
      Calloc<sk_enroll_response>());
  // ssh-sk.c keeps these flags as the key's sk_flags.
  response->flags = flags;
  if (!PackPublicKey(alg, c, response.get())) return SSH_SK_ERR_GENERAL;
  CopyOut(Bytes(fido_cred_id_ptr(c), fido_cred_id_len(c)),
          &response->key_handle, &response->key_handle_len);
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

int Sign(uint32_t alg, std::span<const uint8_t> data, const char* application,
         std::span<const uint8_t> key_handle, uint8_t flags,
         const char* pin_arg, const sk_option* const* options,
         sk_sign_response** out) {
  const char* pin = PinOrNull(pin_arg);
  auto opts = ParseOptions(options, /*allow_user=*/false);
  if (!opts) {
    LogError(opts.error().message);
    return SSH_SK_ERR_GENERAL;
  }
  if (!CoseAlgorithm(alg)) {
    LogError("unsupported key algorithm " + std::to_string(alg));
    return SSH_SK_ERR_UNSUPPORTED;
  }
  if (key_handle.empty()) {
    LogError("no key handle to sign with");
    return SSH_SK_ERR_GENERAL;
  }
  std::string app = application != nullptr && *application != '\0'
                        ? application
                        : kDefaultApplication;
  auto device = SkDevice::Open(opts->device);
  if (!device) return FailOpening(device.error());
  SkDevice& dev = **device;
  LogDebug("sign for " + app + " on " + dev.name());

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

  std::unique_ptr<sk_sign_response, SignDeleter> response(
      Calloc<sk_sign_response>());
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

int LoadResidentKeys(const char* pin_arg, const sk_option* const* options,
                     sk_resident_key*** out, size_t* nout) {
  const char* pin = PinOrNull(pin_arg);
  auto opts = ParseOptions(options, /*allow_user=*/false);
  if (!opts) {
    LogError(opts.error().message);
    return SSH_SK_ERR_GENERAL;
  }
  auto device = SkDevice::Open(opts->device);
  if (!device) return FailOpening(device.error());
  SkDevice& dev = **device;
  LogDebug("listing resident keys on " + dev.name());
  // CTAP 2.1 §6.8: credential management needs a pinUvAuthToken.
  if (pin == nullptr && dev.InfoOption("uv") != true) {
    return SSH_SK_ERR_PIN_REQUIRED;
  }

  std::vector<std::unique_ptr<sk_resident_key, ResidentDeleter>> keys;
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
        std::unique_ptr<sk_resident_key, ResidentDeleter> key(
            Calloc<sk_resident_key>());
        key->alg = *alg;
        key->slot = keys.size();
        key->application = strdup(rp_id);
        if (key->application == nullptr) throw std::bad_alloc();
        if (!PackPublicKey(*alg, cred, &key->key)) return SSH_SK_ERR_GENERAL;
        CopyOut(Bytes(fido_cred_id_ptr(cred), fido_cred_id_len(cred)),
                &key->key.key_handle, &key->key.key_handle_len);
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

// Runs one entry point; no exception crosses into OpenSSH's C code.
template <typename F>
int Guard(F&& f) {
  try {
    return f();
  } catch (const std::bad_alloc&) {
    LogError("out of memory");
  } catch (...) {
    LogError("internal error");
  }
  return SSH_SK_ERR_GENERAL;
}

}  // namespace
}  // namespace sk_provider

extern "C" {

uint32_t sk_api_version(void) { return SSH_SK_VERSION_MAJOR; }

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

int sk_load_resident_keys(const char* pin, struct sk_option** options,
                          struct sk_resident_key*** rks, size_t* nrks) {
  if (rks == nullptr || nrks == nullptr) return SSH_SK_ERR_GENERAL;
  *rks = nullptr;
  *nrks = 0;
  return sk_provider::Guard(
      [&] { return sk_provider::LoadResidentKeys(pin, options, rks, nrks); });
}

}  // extern "C"
