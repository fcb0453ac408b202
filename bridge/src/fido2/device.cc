#include "bridge/fido2/device.h"

#include <algorithm>
#include <cstring>
#include <mutex>
#include <optional>

#include "bridge/fido2/fido_error.h"
#include "bridge/fido2/io_adapter.h"
#include "bridge/fido2/libfido2.h"

namespace bridge::fido2 {
namespace {

// A PIN as libfido2 wants it (NUL-terminated), wiped on destruction.
class PinString {
 public:
  explicit PinString(const SecretBytes& pin) : buf_(pin.size() + 1, '\0') {
    std::memcpy(buf_.data(), pin.view().data(), pin.size());
  }
  ~PinString() { WipeMemory(buf_.data(), buf_.size()); }
  PinString(const PinString&) = delete;
  PinString& operator=(const PinString&) = delete;
  const char* c_str() const { return buf_.data(); }

 private:
  std::vector<char> buf_;
};

// Owns one libfido2 object; `Free` names its fido_*_free (which takes T**)
// in Libfido2.
template <typename T, void (*Libfido2::*Free)(T**)>
class FidoObject {
 public:
  explicit FidoObject(T* object) : object_(object) {}
  ~FidoObject() {
    if (object_ != nullptr) (Fido().*Free)(&object_);
  }
  FidoObject(const FidoObject&) = delete;
  FidoObject& operator=(const FidoObject&) = delete;
  T* get() const { return object_; }

 private:
  T* object_;
};

Status ValidatePinBytes(const SecretBytes& pin, size_t min_bytes) {
  std::span<const uint8_t> v = pin.view();
  if (std::find(v.begin(), v.end(), 0) != v.end()) {
    return MakeError(ErrorKind::kInvalidInput, "a PIN cannot contain NUL");
  }
  if (v.size() < min_bytes || v.size() > kMaxPinBytes) {
    return MakeError(ErrorKind::kInvalidInput,
                     "a FIDO2 PIN is " + std::to_string(min_bytes) + " to " +
                         std::to_string(kMaxPinBytes) +
                         " bytes (CTAP 2.1 §6.5.5.1)");
  }
  return OkStatus();
}

std::vector<std::string> Strings(char** ptr, size_t len) {
  std::vector<std::string> out;
  for (size_t i = 0; i < len; ++i) out.emplace_back(ptr[i] ? ptr[i] : "");
  return out;
}

std::optional<uint64_t> NonZero(uint64_t v) {
  if (v == 0) return std::nullopt;
  return v;
}

std::vector<uint8_t> Bytes(const unsigned char* p, size_t n) {
  if (p == nullptr) return {};
  return std::vector<uint8_t>(p, p + n);
}

IoHandle* Handle(fido_dev_t* dev) {
  return static_cast<IoHandle*>(Fido().fido_dev_io_handle(dev));
}

}  // namespace

std::optional<bool> AuthenticatorInfo::Option(const std::string& name) const {
  for (const auto& [k, v] : options) {
    if (k == name) return v;
  }
  return std::nullopt;
}

bool AuthenticatorInfo::HasVersion(const std::string& version) const {
  return std::find(versions.begin(), versions.end(), version) != versions.end();
}

void InitLibfido2() {
  static std::once_flag once;
  std::call_once(once, [] { Fido().fido_init(FIDO_DISABLE_U2F_FALLBACK); });
}

Status ValidateNewPin(const SecretBytes& pin) {
  return ValidatePinBytes(pin, kMinPinBytes);
}

Result<std::unique_ptr<Fido2Device>> Fido2Device::Open(link::PacketLink& link,
                                                       OpenOptions options) {
  ScopedLinkRegistration registration(link);
  return OpenWithPath(registration.path(), std::move(options));
}

Result<std::unique_ptr<Fido2Device>> Fido2Device::OpenPath(
    std::string_view path, OpenOptions options) {
  return OpenWithPath(std::string(path), std::move(options));
}

Result<std::unique_ptr<Fido2Device>> Fido2Device::OpenWithPath(
    const std::string& path, OpenOptions options) {
  // docs/protocol/ctap.md §4: libfido2 diverts "nfc:" paths to its NFC backend.
  if (std::string_view(path).starts_with(kNfcPathPrefix)) {
    return MakeError(
        ErrorKind::kInvalidInput,
        "refusing device path '" + path + "': libfido2 would open it over NFC");
  }
  InitLibfido2();
  fido_dev_t* dev = Fido().fido_dev_new();
  if (dev == nullptr) {
    return MakeError(ErrorKind::kTransport, "fido_dev_new failed");
  }
  int r = Fido().fido_dev_set_io_functions(dev, &LinkIo());
  if (r == FIDO_OK) r = Fido().fido_dev_set_timeout(dev, options.timeout_ms);
  if (r != FIDO_OK) {
    Fido().fido_dev_free(&dev);
    return FidoError(r, "libfido2 set-up");
  }
  // fido_dev_open: CTAPHID INIT, then getInfo when CBOR is advertised
  // (docs/protocol/ctap.md §4 "Opening with custom I/O").
  r = Fido().fido_dev_open(dev, path.c_str());
  if (r != FIDO_OK) {
    Fido().fido_dev_free(&dev);
    Error e = FidoError(r, "opening the key with libfido2");
    if (r == FIDO_ERR_RX || r == FIDO_ERR_TX) {
      e.message += " (CTAPHID INIT or getInfo failed)";
    }
    return e;
  }
  return std::unique_ptr<Fido2Device>(new Fido2Device(dev, std::move(options)));
}

Fido2Device::~Fido2Device() {
  if (dev_ != nullptr) {
    Fido().fido_dev_close(dev_);
    Fido().fido_dev_free(&dev_);
  }
}

bool Fido2Device::IsFido2() const { return Fido().fido_dev_is_fido2(dev_); }

CtaphidAttributes Fido2Device::ctaphid() const {
  CtaphidAttributes a;
  a.protocol_version = Fido().fido_dev_protocol(dev_);
  a.major = Fido().fido_dev_major(dev_);
  a.minor = Fido().fido_dev_minor(dev_);
  a.build = Fido().fido_dev_build(dev_);
  a.capabilities = Fido().fido_dev_flags(dev_);
  return a;
}

void Fido2Device::BeginCall(bool touch) {
  Fido().fido_dev_set_timeout(
      dev_, touch ? options_.touch_timeout_ms : options_.timeout_ms);
  touch_notified_ = false;
  IoHandle* h = Handle(dev_);
  if (h == nullptr) return;
  h->BeginOperation();
  IoHooks& hooks = h->hooks();
  hooks.cancel = options_.cancel;
  fido_dev_t* dev = dev_;
  // CTAP 2.1 §11.2.9.1.5: CANCEL on the channel libfido2 allocated.
  hooks.send_cancel = [dev] { Fido().fido_dev_cancel(dev); };
  hooks.on_keepalive = [this](uint8_t status) {
    // §11.2.9.1.5 KEEPALIVE status 2 = STATUS_UPNEEDED.
    if (status == 2 && !touch_notified_) {
      touch_notified_ = true;
      if (options_.on_touch) options_.on_touch();
    }
  };
}

Error Fido2Device::CallError(int r, std::string_view what) const {
  IoHandle* h = Handle(dev_);
  return FidoError(r, what, h ? h->last_failure() : IoFailure::kNone);
}

Status Fido2Device::RequireFido2(std::string_view what) const {
  if (IsFido2()) return OkStatus();
  return MakeError(ErrorKind::kCtap2,
                   std::string(what) +
                       ": the key has no FIDO2 (CTAP2) support (its CTAPHID "
                       "capabilities lack CBOR)",
                   static_cast<uint16_t>(CtapStatus::kInvalidCommand));
}

// CTAP 2.1 §6.4 authenticatorGetInfo.
Result<AuthenticatorInfo> Fido2Device::GetInfo() {
  if (Status s = RequireFido2("getInfo"); !s) return std::move(s).error();
  FidoObject<fido_cbor_info_t, &Libfido2::fido_cbor_info_free> owned_ci(
      Fido().fido_cbor_info_new());
  fido_cbor_info_t* ci = owned_ci.get();
  if (ci == nullptr) return MakeError(ErrorKind::kProtocol, "out of memory");
  BeginCall(false);
  int r = Fido().fido_dev_get_cbor_info(dev_, ci);
  if (r != FIDO_OK) return CallError(r, "getInfo");
  AuthenticatorInfo info;
  info.versions = Strings(Fido().fido_cbor_info_versions_ptr(ci),
                          Fido().fido_cbor_info_versions_len(ci));
  info.extensions = Strings(Fido().fido_cbor_info_extensions_ptr(ci),
                            Fido().fido_cbor_info_extensions_len(ci));
  info.aaguid = Bytes(Fido().fido_cbor_info_aaguid_ptr(ci),
                      Fido().fido_cbor_info_aaguid_len(ci));
  {
    char** names = Fido().fido_cbor_info_options_name_ptr(ci);
    const bool* values = Fido().fido_cbor_info_options_value_ptr(ci);
    for (size_t i = 0; i < Fido().fido_cbor_info_options_len(ci); ++i) {
      info.options.emplace_back(names[i] ? names[i] : "", values[i]);
    }
  }
  info.max_msg_size = NonZero(Fido().fido_cbor_info_maxmsgsiz(ci));
  {
    const uint8_t* p = Fido().fido_cbor_info_protocols_ptr(ci);
    info.pin_uv_auth_protocols =
        Bytes(p, Fido().fido_cbor_info_protocols_len(ci));
  }
  info.max_credential_count_in_list =
      NonZero(Fido().fido_cbor_info_maxcredcntlst(ci));
  info.max_credential_id_length =
      NonZero(Fido().fido_cbor_info_maxcredidlen(ci));
  info.transports = Strings(Fido().fido_cbor_info_transports_ptr(ci),
                            Fido().fido_cbor_info_transports_len(ci));
  for (size_t i = 0; i < Fido().fido_cbor_info_algorithm_count(ci); ++i) {
    const char* type = Fido().fido_cbor_info_algorithm_type(ci, i);
    info.algorithms.push_back(
        {type ? type : "", Fido().fido_cbor_info_algorithm_cose(ci, i)});
  }
  info.max_serialized_large_blob_array =
      NonZero(Fido().fido_cbor_info_maxlargeblob(ci));
  info.force_pin_change = Fido().fido_cbor_info_new_pin_required(ci);
  info.min_pin_length = NonZero(Fido().fido_cbor_info_minpinlen(ci));
  info.firmware_version = NonZero(Fido().fido_cbor_info_fwversion(ci));
  info.max_cred_blob_length = NonZero(Fido().fido_cbor_info_maxcredbloblen(ci));
  info.max_rpids_for_set_min_pin_length =
      NonZero(Fido().fido_cbor_info_maxrpid_minpinlen(ci));
  info.preferred_platform_uv_attempts =
      NonZero(Fido().fido_cbor_info_uv_attempts(ci));
  info.uv_modality = NonZero(Fido().fido_cbor_info_uv_modality(ci));
  {
    char** names = Fido().fido_cbor_info_certs_name_ptr(ci);
    const uint64_t* values = Fido().fido_cbor_info_certs_value_ptr(ci);
    for (size_t i = 0; i < Fido().fido_cbor_info_certs_len(ci); ++i) {
      info.certifications.push_back({names[i] ? names[i] : "", values[i]});
    }
  }
  int64_t rk = Fido().fido_cbor_info_rk_remaining(ci);
  if (rk >= 0) info.remaining_discoverable_credentials = rk;
  return info;
}

// CTAP 2.1 §6.5.5.2 getPINRetries.
Result<int> Fido2Device::GetPinRetries() {
  if (Status s = RequireFido2("getPINRetries"); !s) {
    return std::move(s).error();
  }
  BeginCall(false);
  int retries = -1;
  int r = Fido().fido_dev_get_retry_count(dev_, &retries);
  if (r != FIDO_OK) return CallError(r, "getPINRetries");
  return retries;
}

// CTAP 2.1 §6.5.5.5 setPIN.
Status Fido2Device::SetPin(const SecretBytes& pin) {
  if (Status s = RequireFido2("setPIN"); !s) return s;
  if (Status s = ValidateNewPin(pin); !s) return s;
  PinString p(pin);
  BeginCall(false);
  int r = Fido().fido_dev_set_pin(dev_, p.c_str(), nullptr);
  if (r != FIDO_OK) return CallError(r, "setPIN");
  return OkStatus();
}

// CTAP 2.1 §6.5.5.6 changePIN.
Status Fido2Device::ChangePin(const SecretBytes& old_pin,
                              const SecretBytes& new_pin) {
  if (Status s = RequireFido2("changePIN"); !s) return s;
  if (Status s = ValidatePinBytes(old_pin, 1); !s) return s;
  if (Status s = ValidateNewPin(new_pin); !s) return s;
  PinString o(old_pin);
  PinString n(new_pin);
  BeginCall(false);
  int r = Fido().fido_dev_set_pin(dev_, n.c_str(), o.c_str());
  if (r != FIDO_OK) return CallError(r, "changePIN");
  return OkStatus();
}

template <typename Call>
Status Fido2Device::RunCredentialManagement(const SecretBytes& pin,
                                            const void* object, Call call,
                                            std::string_view what) {
  if (Status s = RequireFido2("credential management"); !s) return s;
  if (Status s = ValidatePinBytes(pin, 1); !s) return s;
  if (object == nullptr)
    return MakeError(ErrorKind::kProtocol, "out of memory");
  PinString p(pin);
  BeginCall(false);
  const int r = call(p.c_str());
  if (r == FIDO_OK || r == FIDO_ERR_NO_CREDENTIALS) return OkStatus();
  return CallError(r, "credential management (" + std::string(what) + ")");
}

// CTAP 2.1 §6.8.2 getCredsMetadata.
Result<CredentialMetadata> Fido2Device::GetCredentialMetadata(
    const SecretBytes& pin) {
  FidoObject<fido_credman_metadata_t, &Libfido2::fido_credman_metadata_free> md(
      Fido().fido_credman_metadata_new());
  Status s = RunCredentialManagement(
      pin, md.get(),
      [&](const char* p) {
        return Fido().fido_credman_get_dev_metadata(dev_, md.get(), p);
      },
      "metadata");
  if (!s) return std::move(s).error();
  return CredentialMetadata{Fido().fido_credman_rk_existing(md.get()),
                            Fido().fido_credman_rk_remaining(md.get())};
}

// CTAP 2.1 §6.8.3 enumerateRPsBegin / enumerateRPsGetNextRP.
Result<std::vector<RelyingParty>> Fido2Device::ListRelyingParties(
    const SecretBytes& pin) {
  FidoObject<fido_credman_rp_t, &Libfido2::fido_credman_rp_free> owned(
      Fido().fido_credman_rp_new());
  fido_credman_rp_t* rp = owned.get();
  Status s = RunCredentialManagement(
      pin, rp,
      [&](const char* p) {
        return Fido().fido_credman_get_dev_rp(dev_, rp, p);
      },
      "relying parties");
  if (!s) return std::move(s).error();
  std::vector<RelyingParty> out;  // none: libfido2 counts 0
  for (size_t i = 0; i < Fido().fido_credman_rp_count(rp); ++i) {
    const char* id = Fido().fido_credman_rp_id(rp, i);
    const char* name = Fido().fido_credman_rp_name(rp, i);
    out.push_back({id ? id : "", name ? name : "",
                   Bytes(Fido().fido_credman_rp_id_hash_ptr(rp, i),
                         Fido().fido_credman_rp_id_hash_len(rp, i))});
  }
  return out;
}

// CTAP 2.1 §6.8.4 enumerateCredentialsBegin / GetNextCredential.
Result<std::vector<ResidentCredential>> Fido2Device::ListCredentials(
    const std::string& rp_id, const SecretBytes& pin) {
  FidoObject<fido_credman_rk_t, &Libfido2::fido_credman_rk_free> owned(
      Fido().fido_credman_rk_new());
  fido_credman_rk_t* rk = owned.get();
  Status s = RunCredentialManagement(
      pin, rk,
      [&](const char* p) {
        return Fido().fido_credman_get_dev_rk(dev_, rp_id.c_str(), rk, p);
      },
      "credentials of " + rp_id);
  if (!s) return std::move(s).error();
  std::vector<ResidentCredential> out;  // none: libfido2 counts 0
  for (size_t i = 0; i < Fido().fido_credman_rk_count(rk); ++i) {
    const fido_cred_t* c = Fido().fido_credman_rk(rk, i);
    if (c == nullptr) continue;
    ResidentCredential rc;
    rc.rp_id = rp_id;
    rc.credential_id =
        Bytes(Fido().fido_cred_id_ptr(c), Fido().fido_cred_id_len(c));
    rc.user_id =
        Bytes(Fido().fido_cred_user_id_ptr(c), Fido().fido_cred_user_id_len(c));
    const char* un = Fido().fido_cred_user_name(c);
    const char* dn = Fido().fido_cred_display_name(c);
    rc.user_name = un ? un : "";
    rc.user_display_name = dn ? dn : "";
    rc.cred_protect = Fido().fido_cred_prot(c);
    rc.cose_type = Fido().fido_cred_type(c);
    out.push_back(std::move(rc));
  }
  return out;
}

// CTAP 2.1 §6.8.5 deleteCredential.
Status Fido2Device::DeleteCredential(std::span<const uint8_t> credential_id,
                                     const SecretBytes& pin) {
  if (Status s = RequireFido2("credential management"); !s) return s;
  if (credential_id.empty()) {
    return MakeError(ErrorKind::kInvalidInput, "empty credential ID");
  }
  if (Status s = ValidatePinBytes(pin, 1); !s) return s;
  PinString p(pin);
  BeginCall(false);
  int r = Fido().fido_credman_del_dev_rk(dev_, credential_id.data(),
                                         credential_id.size(), p.c_str());
  if (r != FIDO_OK) return CallError(r, "credential management (delete)");
  return OkStatus();
}

// CTAP 2.1 §6.6 authenticatorReset.
Status Fido2Device::Reset() {
  if (Status s = RequireFido2("reset"); !s) return s;
  BeginCall(true);
  int r = Fido().fido_dev_reset(dev_);
  if (r != FIDO_OK) return CallError(r, "reset");
  return OkStatus();
}

// CTAP 2.1 §6.11.2 toggleAlwaysUv.
Status Fido2Device::ToggleAlwaysUv(const SecretBytes* pin) {
  if (Status s = RequireFido2("authenticatorConfig"); !s) return s;
  std::optional<PinString> p;
  if (pin != nullptr) p.emplace(*pin);
  BeginCall(false);
  int r = Fido().fido_dev_toggle_always_uv(dev_, p ? p->c_str() : nullptr);
  if (r != FIDO_OK) return CallError(r, "toggleAlwaysUv");
  return OkStatus();
}

// CTAP 2.1 §6.11.4 setMinPINLength.
Status Fido2Device::SetMinPinLength(uint64_t length,
                                    const std::vector<std::string>& rp_ids,
                                    bool force_change_pin,
                                    const SecretBytes* pin) {
  if (Status s = RequireFido2("authenticatorConfig"); !s) return s;
  std::optional<PinString> p;
  if (pin != nullptr) p.emplace(*pin);
  const char* pin_str = p ? p->c_str() : nullptr;
  if (!rp_ids.empty()) {
    std::vector<const char*> ids;
    for (const std::string& id : rp_ids) ids.push_back(id.c_str());
    BeginCall(false);
    int r = Fido().fido_dev_set_pin_minlen_rpid(dev_, ids.data(), ids.size(),
                                                pin_str);
    if (r != FIDO_OK)
      return CallError(r, "setMinPINLength (minPinLengthRPIDs)");
  }
  BeginCall(false);
  int r = Fido().fido_dev_set_pin_minlen(dev_, static_cast<size_t>(length),
                                         pin_str);
  if (r != FIDO_OK) return CallError(r, "setMinPINLength");
  if (!force_change_pin) return OkStatus();
  Result<AuthenticatorInfo> info = GetInfo();
  if (!info) return std::move(info).error();
  if (info->force_pin_change) return OkStatus();
  BeginCall(false);
  r = Fido().fido_dev_force_pin_change(dev_, pin_str);
  if (r != FIDO_OK) return CallError(r, "setMinPINLength (forceChangePin)");
  return OkStatus();
}

}  // namespace bridge::fido2
