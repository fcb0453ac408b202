// Fido2Device: one FIDO2 key opened through libfido2 1.12 over our links
// (fido2/io_adapter.h; docs/protocol/ctap.md §4).
//
// Contract:
//  - Open(link) registers the already-opened link under a "keybridge-link:"
//    path, then fido_dev_new → fido_dev_set_io_functions(LinkIo()) →
//    fido_dev_open(path). OpenPath(path) does the same with a device URI
//    ("udp:…", "/dev/hidraw…"), opening its own link. Paths starting with
//    "nfc:" are refused (libfido2 would switch to its NFC backend).
//  - libfido2 is initialised once with FIDO_DISABLE_U2F_FALLBACK: a key that
//    advertises CBOR but fails getInfo must be reported as broken, not be
//    silently driven over U2F (keysim speaks no U2F; docs/protocol/ctap.md §4
//    "Opening"). A key without the CBOR capability still opens (libfido2 sends
//    no getInfo then); IsFido2() is false and every CTAP2 call returns a kCtap2
//    error with code 0x01 (INVALID_COMMAND), "no FIDO2 (CTAP2) support".
//  - Each call bounds its libfido2 work with fido_dev_set_timeout
//    (options.timeout_ms; touch operations use options.touch_timeout_ms).
//    *options.cancel (the Ctrl-C flag) makes the I/O adapter send
//    fido_dev_cancel (CTAPHID CANCEL); options.on_touch runs once per call
//    on the first KEEPALIVE(UPNEEDED).
//  - PINs come in as SecretBytes and are copied only into a NUL-terminated
//    buffer that is wiped after the call. New PINs must be 4..63 bytes
//    without NUL (CTAP 2.1 §6.5.5.1; minPINLength is enforced by the key).
//  - Errors: fido2/fido_error.h. The destructor closes and frees the device.
#ifndef BRIDGE_FIDO2_DEVICE_H_
#define BRIDGE_FIDO2_DEVICE_H_

#include <atomic>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bridge/error.h"
#include "bridge/fido2/authenticator_info.h"
#include "bridge/link/packet_link.h"
#include "bridge/secret.h"

typedef struct fido_dev fido_dev_t;

namespace bridge::fido2 {

inline constexpr int kDefaultTimeoutMs = 15000;
inline constexpr int kTouchTimeoutMs = 45000;
inline constexpr size_t kMinPinBytes = 4;
inline constexpr size_t kMaxPinBytes = 63;

struct OpenOptions {
  int timeout_ms = kDefaultTimeoutMs;
  int touch_timeout_ms = kTouchTimeoutMs;
  const std::atomic<bool>* cancel = nullptr;
  std::function<void()> on_touch;
};

// fido_init(FIDO_DISABLE_U2F_FALLBACK) once per process (see the contract).
void InitLibfido2();

// Client-side checks of a new PIN (kInvalidInput on failure).
Status ValidateNewPin(const SecretBytes& pin);

class Fido2Device {
 public:
  static Result<std::unique_ptr<Fido2Device>> Open(link::PacketLink& link,
                                                   OpenOptions options = {});
  static Result<std::unique_ptr<Fido2Device>> OpenPath(
      std::string_view path, OpenOptions options = {});
  ~Fido2Device();
  Fido2Device(const Fido2Device&) = delete;
  Fido2Device& operator=(const Fido2Device&) = delete;

  bool IsFido2() const;
  CtaphidAttributes ctaphid() const;

  Result<AuthenticatorInfo> GetInfo();
  // clientPIN getPINRetries (CTAP 2.1 §6.5.5.2).
  Result<int> GetPinRetries();
  // clientPIN setPIN / changePIN (§6.5.5.5, §6.5.5.6).
  Status SetPin(const SecretBytes& pin);
  Status ChangePin(const SecretBytes& old_pin, const SecretBytes& new_pin);
  // authenticatorCredentialManagement (§6.8); libfido2 1.12 sends the
  // prototype command 0x41 (docs/protocol/ctap.md §4).
  Result<CredentialMetadata> GetCredentialMetadata(const SecretBytes& pin);
  Result<std::vector<RelyingParty>> ListRelyingParties(const SecretBytes& pin);
  Result<std::vector<ResidentCredential>> ListCredentials(
      const std::string& rp_id, const SecretBytes& pin);
  Status DeleteCredential(std::span<const uint8_t> credential_id,
                          const SecretBytes& pin);
  // authenticatorReset (§6.6): needs a touch, usually within 10 s of power-up.
  Status Reset();
  // authenticatorConfig (§6.11) through libfido2's fido/config.h. `pin` is
  // null for a key without a PIN (no token is sent then).
  Status ToggleAlwaysUv(const SecretBytes* pin);
  // setMinPINLength (§6.11.4) as libfido2 sends it, one request each: the
  // RP IDs (when given), the minimum, then forceChangePin (when asked and
  // the new minimum did not already force a change: a forced key issues no
  // token for the third request).
  Status SetMinPinLength(uint64_t length,
                         const std::vector<std::string>& rp_ids,
                         bool force_change_pin, const SecretBytes* pin);

  // For callers that drive libfido2 directly (tests, the libfido2 client).
  fido_dev_t* raw() { return dev_; }

 private:
  Fido2Device(fido_dev_t* dev, OpenOptions options)
      : dev_(dev), options_(std::move(options)) {}
  static Result<std::unique_ptr<Fido2Device>> OpenWithPath(
      const std::string& path, OpenOptions options);
  // Prepares hooks and timeout for one libfido2 call.
  void BeginCall(bool touch);
  Error CallError(int r, std::string_view what) const;
  Status RequireFido2(std::string_view what) const;
  // Credential management (CTAP 2.1 §6.8) needs CTAP2 and a PIN: checks
  // both and that libfido2 gave us `object`, then runs `call(pin)`, one
  // fido_credman_* call. OK for FIDO_OK and, as an empty answer, for
  // FIDO_ERR_NO_CREDENTIALS.
  template <typename Call>
  Status RunCredentialManagement(const SecretBytes& pin, const void* object,
                                 Call call, std::string_view what);

  fido_dev_t* dev_;
  OpenOptions options_;
  bool touch_notified_ = false;
};

}  // namespace bridge::fido2

#endif  // BRIDGE_FIDO2_DEVICE_H_
