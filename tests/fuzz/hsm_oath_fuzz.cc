// libFuzzer target: APDUs from the input into an OATH Applet (both profiles)
// behind the CTAPHID 0x70 envelope, on the deterministic FuzzPlatform.
// Input: byte 0 picks the profile and how presence is answered; the rest is
// a sequence of [len u8][apdu bytes] records. Checks that no response ever
// contains the secret that was registered first.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <vector>

#include "fuzz_platform.h"
#include "hsm/crypto/hmac_key_cache.h"
#include "hsm/oath/applet.h"
#include "hsm/oath/ctaphid_envelope.h"
#include "hsm/store/state_store.h"

namespace {

using hsm::fuzzing::FuzzPlatform;

const uint8_t kSecret[] = {0xF0, 0x0D, 0xCA, 0xFE, 0x5E, 0xC2, 0xE7, 0x99,
                           0x13, 0x37, 0xBE, 0xEF, 0x42, 0x42, 0x17, 0x71};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const uint8_t mode = data[0];
  FuzzPlatform platform;
  hsm::store::StateStore sealed(platform);
  hsm::oath::OathStore store(platform, sealed);
  if (!sealed.Load().ok() || !store.Load().ok()) abort();
  hsm::crypto::HmacKeyCache hmac_keys(hsm::oath::kMaxCredentials);
  hsm::oath::Applet applet(platform, store,
                           (mode & 1) ? hsm::oath::Profile::kYubikey5
                                      : hsm::oath::Profile::kNitrokey3,
                           hmac_keys);
  hsm::oath::CtaphidEnvelope envelope(applet);

  // Register a known secret, so leaks can be detected.
  std::vector<uint8_t> put = {0x00, 0x01, 0x00, 0x00, 0,
                              0x71, 0x01, 'k',  0x73, 2 + sizeof(kSecret),
                              0x21, 0x06};
  put.insert(put.end(), kSecret, kSecret + sizeof(kSecret));
  put[4] = static_cast<uint8_t>(put.size() - 5);
  if (applet.Handle(put, hsm::PresenceGrant::kApproved).response.sw != 0x9000) {
    abort();
  }

  // A name or challenge may legitimately echo the pattern if the input
  // itself carries it; only check for leaks otherwise.
  const bool input_has_pattern =
      std::search(data, data + size, kSecret, kSecret + 8) != data + size;

  size_t i = 1;
  int n = 0;
  while (i < size && n++ < 64) {
    const size_t len = std::min<size_t>(data[i], size - i - 1);
    std::span<const uint8_t> apdu(data + i + 1, len);
    i += 1 + len;
    platform.fail_writes = (mode & 0x80) && (n % 3 == 0);
    auto out = envelope.Handle(0x70, apdu, hsm::PresenceGrant::kNotRequested);
    if (out.kind == hsm::ctaphid::AppOutcome::Kind::kNeedsPresence) {
      static const hsm::PresenceGrant kGrants[] = {
          hsm::PresenceGrant::kApproved, hsm::PresenceGrant::kDenied,
          hsm::PresenceGrant::kTimedOut, hsm::PresenceGrant::kCancelled};
      out = envelope.Handle(0x70, apdu, kGrants[(mode >> 1) & 3]);
      if (out.kind == hsm::ctaphid::AppOutcome::Kind::kNeedsPresence) abort();
    }
    if (out.kind == hsm::ctaphid::AppOutcome::Kind::kResponse) {
      if (out.payload.size() < 2) abort();
      if (!input_has_pattern &&
          std::search(out.payload.begin(), out.payload.end(), kSecret,
                      kSecret + 8) != out.payload.end()) {
        abort();  // a secret left the key
      }
    }
  }
  // The committed state always reloads.
  platform.fail_writes = false;
  hsm::store::StateStore again(platform);
  hsm::oath::OathStore oath_again(platform, again);
  if (!again.Load().ok() || !oath_again.Load().ok()) abort();
  return 0;
}
