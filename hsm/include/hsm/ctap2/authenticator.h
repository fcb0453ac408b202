// Authenticator: the CTAP 2.1 authenticator (CTAP 2.1 §6) as a CTAPHID App
// registered for CTAPHID_CBOR (0x10), and its CTAP1/U2F face registered for
// CTAPHID_MSG (0x03; CTAP 2.1 §10, §11.2.9.1.1, docs/protocol/ctap.md §7).
//
// Contract:
// - Handle() takes one CTAPHID_CBOR payload: a command byte (CTAP 2.1 §6,
//   table in docs/protocol/ctap.md §6.2) followed by its CBOR parameters, and
//   answers status byte + canonical CTAP2 CBOR (CTAP 2.1 §8). Commands:
//   makeCredential 0x01, getAssertion 0x02, getInfo 0x04, clientPIN 0x06,
//   reset 0x07, getNextAssertion 0x08, credentialManagement 0x0A and its
//   prototype 0x41, selection 0x0B, largeBlobs 0x0C, authenticatorConfig
//   0x0D. Others →
//   CTAP1_ERR_INVALID_COMMAND.
// - CTAPHID_MSG takes one U2F request APDU (REGISTER, AUTHENTICATE with
//   control byte 03/07/08, VERSION) and answers `data ‖ SW1 SW2`. U2F key
//   handles are CTAP2 credential IDs, so a U2F registration is usable by
//   getAssertion (rpIdHash = application parameter) and a non-discoverable
//   ES256 credential by AUTHENTICATE. Presence the U2F way: one short
//   look (u2f_presence_wait_ms, no KEEPALIVE), then 6985 if not touched.
// - User presence: a command that needs a touch validates its request and
//   returns AppOutcome::NeedsPresence without changing any state; it is then
//   called again with the same payload and the grant: kApproved → performs
//   it; kDenied → OPERATION_DENIED; kTimedOut → USER_ACTION_TIMEOUT;
//   kCancelled → KEEPALIVE_CANCEL.
// - Persistent changes (credentials, PIN, retries, counter reservations,
//   authenticatorConfig settings, the large-blob array) are committed through
//   FidoStore before the answer is returned; if the commit fails the command
//   answers CTAP1_ERR_OTHER and nothing a client can see changes.
// - Signature counter (CTAP 2.1 §6.1.1): one global counter, strictly
//   increasing across power cycles and crashes. The stored value is a
//   high-water mark reserved sign_counter_block values ahead; counter values
//   are handed out from RAM and storage is written only when a value passes
//   the mark, so N signatures cost at most ceil(N / block) + 1 writes. After
//   a power cycle (Reset() or a new Authenticator on the loaded state)
//   counting continues above the stored mark.
// - Reset() is a power cycle: stored state is kept; the per-boot PIN failure
//   counter, pinUvAuthToken, key agreement key, pending getNextAssertion and
//   credential enumeration are dropped; the reset window restarts
//   (Platform::NowMs()).
// No OS calls, no exceptions.
#ifndef HSM_CTAP2_AUTHENTICATOR_H_
#define HSM_CTAP2_AUTHENTICATOR_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "hsm/crypto/signing_key_cache.h"
#include "hsm/ctap2/fido_store.h"
#include "hsm/ctaphid/app.h"
#include "hsm/platform.h"
#include "wire/ctap2_command.h"

namespace hsm::ctap2 {

// CTAP 2.1 §6 command bytes, shared with the bridge's trace decoder.
using wire::ctap2::Command;

struct AuthenticatorConfig {
  // keybridge simulator AAGUID: the ASCII bytes "keybridge-sim-v1".
  std::array<uint8_t, 16> aaguid = {0x6b, 0x65, 0x79, 0x62, 0x72, 0x69,
                                    0x64, 0x67, 0x65, 0x2d, 0x73, 0x69,
                                    0x6d, 0x2d, 0x76, 0x31};
  uint32_t firmware_version = 0x00000100;
  // Reset only within this long after power-up (Solo/OpenSK behaviour,
  // docs/protocol/ctap.md "Decisions").
  uint64_t reset_window_ms = 10000;
  size_t max_resident_credentials = 50;
  size_t max_msg_size = 1200;
  size_t max_credential_count_in_list = 8;
  uint32_t presence_timeout_ms = 30000;
  // U2F REGISTER / AUTHENTICATE 03 do not wait: a touch not there within
  // this long answers 6985 and the client asks again (docs/protocol/ctap.md
  // §7.5). A touch given meanwhile stays latched by the platform.
  uint32_t u2f_presence_wait_ms = 0;
  // CTAP 2.1 §6.5.2.1 maximum usage time period of a pinUvAuthToken.
  uint64_t pin_token_lifetime_ms = 10 * 60 * 1000;
  // CTAP 2.1 §6.3: getNextAssertion is valid for 30 s after the last answer.
  uint64_t next_assertion_timeout_ms = 30000;
  bool enable_eddsa = true;
  // Signature counter values reserved per storage write (>= 1; 1 writes the
  // counter on every signature). CTAP 2.1 §6.1.1 only asks for an
  // increasing counter, so values skipped across a power cycle are fine.
  uint32_t sign_counter_block = 256;
};

class Authenticator : public ctaphid::App {
 public:
  Authenticator(Platform& platform, FidoStore& store,
                AuthenticatorConfig config = {});
  ~Authenticator() override;
  Authenticator(const Authenticator&) = delete;
  Authenticator& operator=(const Authenticator&) = delete;

  ctaphid::AppOutcome Handle(uint8_t command, std::span<const uint8_t> payload,
                             PresenceGrant grant) override;
  void Reset() override;

  const AuthenticatorConfig& config() const;
  // The global signature counter's last value: the one the last signature
  // of this boot carried, or, before any, the stored mark (the next
  // signature carries a larger value either way).
  uint32_t sign_counter() const;
  // How many credential keys the session holds ready for signing
  // (crypto::SigningKeyCache): cleared at power-up and authenticatorReset,
  // an entry dropped when its credential is deleted or replaced.
  size_t cached_signing_keys() const;
  // That cache, for credential administration (credential_admin.h), which
  // must drop the key of a credential it replaces.
  crypto::SigningKeyCache& signing_keys();

 private:
  ctaphid::AppOutcome HandleMsg(std::span<const uint8_t> payload,
                                PresenceGrant grant);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hsm::ctap2

#endif  // HSM_CTAP2_AUTHENTICATOR_H_
