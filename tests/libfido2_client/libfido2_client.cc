// libfido2_client: drives a key through libfido2 1.12 itself (not through
// keybridge's commands), bound to keybridge's links by
// fido_dev_set_io_functions (bridge/fido2/io_adapter.h), and verifies every
// result with libfido2's own verifiers.
//
// Usage: libfido2_client DEVICE_URI SCENARIO
//   getinfo  print the getInfo fields libfido2 parsed (one "key: value" each)
//   nopin    makeCredential (non-discoverable, ES256) → fido_cred_verify
//            (packed attestation); getAssertion with an allowList, twice →
//            fido_assert_verify, UP set, UV clear, counter not decreasing
//   pin      PIN on stdin (set first if the key has none); discoverable
//            makeCredential with PIN → verify, UV set; getAssertion with PIN
//            and no allowList → verify, UV set; getAssertion without PIN →
//            verify, UV clear; credential management: metadata, RPs, the
//            credential listed, deleted, gone; getAssertion → NO_CREDENTIALS
//   u2f      fido_dev_force_u2f, then the same over CTAP1/U2F (CTAPHID_MSG,
//            docs/protocol/ctap.md §7): makeCredential → fido-u2f
//            attestation, fido_cred_verify; getAssertion with an allowList,
//            twice → fido_assert_verify, UP set, counter increasing; a
//            makeCredential excluding the first credential (U2F check-only
//            AUTHENTICATE) → FIDO_ERR_CREDENTIAL_EXCLUDED
//   config   PIN on stdin (set first if the key has none; fewer than 7
//            code points): authenticatorConfig (CTAP 2.1 §6.11) through
//            fido_dev_toggle_always_uv (makeCredential then needs the PIN),
//            fido_dev_set_pin_minlen_rpid, fido_dev_set_pin_minlen(8) (the
//            short PIN must be changed: no token until fido_dev_set_pin),
//            fido_dev_force_pin_change; each checked in getInfo
//   largeblob PIN on stdin (set first if the key has none): getInfo's
//            largeBlobs, maxlargeblob, maxcredbloblen; two discoverable
//            credentials made with FIDO_EXT_LARGEBLOB_KEY and a credBlob
//            (fido_cred_set_blob, CTAP 2.1 §12.2-§12.3); getAssertion with
//            both extensions returns the same key and blob
//            (fido_assert_largeblob_key_ptr, fido_assert_blob_ptr);
//            fido_dev_largeblob_set (a blob spanning several fragments),
//            _get, _remove, _get_array (CTAP 2.1 §6.10)
// Prints "ok: STEP" per step; on failure "FAIL: STEP: why" and exit 1.
#include <fido.h>
#include <fido/config.h>
#include <fido/credman.h>
#include <fido/es256.h>
#include <openssl/rand.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "bridge/fido2/device.h"
#include "bridge/fido2/key_report.h"

namespace {

using bridge::fido2::Fido2Device;

constexpr const char* kRpId = "libfido2.example";
constexpr const char* kRpName = "libfido2 client";
constexpr uint8_t kFlagUp = 0x01;  // CTAP 2.1 §6.1 authData flags
constexpr uint8_t kFlagUv = 0x04;

[[noreturn]] void Fail(const std::string& step, const std::string& why) {
  std::cout << "FAIL: " << step << ": " << why << std::endl;
  std::exit(1);
}

void Ok(const std::string& step) { std::cout << "ok: " << step << std::endl; }

void Check(int r, const std::string& step) {
  if (r != FIDO_OK) {
    char code[16];
    std::snprintf(code, sizeof(code), " (%d)", r);
    Fail(step, std::string(fido_strerr(r)) + code);
  }
}

std::vector<unsigned char> Random(size_t n) {
  std::vector<unsigned char> v(n);
  if (RAND_bytes(v.data(), static_cast<int>(n)) != 1) Fail("rand", "RAND");
  return v;
}

struct Cred {
  fido_cred_t* c = fido_cred_new();
  ~Cred() { fido_cred_free(&c); }
};
struct Assert {
  fido_assert_t* a = fido_assert_new();
  ~Assert() { fido_assert_free(&a); }
};
struct Es256Pk {
  es256_pk_t* pk = es256_pk_new();
  ~Es256Pk() { es256_pk_free(&pk); }
};

// CTAP 2.1 §6.1 authenticatorMakeCredential, ES256, attestation (`fmt`:
// packed, or fido-u2f over U2F) verified against its x5c
// (fido_cred_verify(3)). `exclude`: a credential ID for the excludeList.
void MakeCredential(fido_dev_t* dev, Cred& cred, bool rk, const char* pin,
                    const std::string& step, const char* fmt = "packed",
                    const Cred* exclude = nullptr, int expected = FIDO_OK) {
  std::vector<unsigned char> cdh = Random(32);
  std::vector<unsigned char> user = Random(16);
  Check(fido_cred_set_type(cred.c, COSE_ES256), step + " set_type");
  Check(fido_cred_set_clientdata_hash(cred.c, cdh.data(), cdh.size()),
        step + " set_cdh");
  Check(fido_cred_set_rp(cred.c, kRpId, kRpName), step + " set_rp");
  Check(fido_cred_set_user(cred.c, user.data(), user.size(), "alice",
                           "Alice Example", nullptr),
        step + " set_user");
  Check(fido_cred_set_rk(cred.c, rk ? FIDO_OPT_TRUE : FIDO_OPT_OMIT),
        step + " set_rk");
  if (exclude != nullptr) {
    Check(fido_cred_exclude(cred.c, fido_cred_id_ptr(exclude->c),
                            fido_cred_id_len(exclude->c)),
          step + " exclude");
  }
  int r = fido_dev_make_cred(dev, cred.c, pin);
  if (expected != FIDO_OK) {
    if (r != expected) {
      Fail(step, std::string("expected ") + fido_strerr(expected) + ", got " +
                     fido_strerr(r));
    }
    return;
  }
  Check(r, step + " make_cred");
  if (std::string(fido_cred_fmt(cred.c)) != fmt) {
    Fail(step, std::string("attestation format ") + fido_cred_fmt(cred.c));
  }
  if (fido_cred_x5c_len(cred.c) == 0) Fail(step, "no attestation x5c");
  Check(fido_cred_verify(cred.c), step + " fido_cred_verify");
  if ((fido_cred_flags(cred.c) & kFlagUp) == 0) Fail(step, "UP flag clear");
  bool uv = (fido_cred_flags(cred.c) & kFlagUv) != 0;
  if (uv != (pin != nullptr)) {
    Fail(step, std::string("UV flag ") + (uv ? "set" : "clear"));
  }
}

// Extension outputs of one assertion (CTAP 2.1 §12.2, §12.3).
struct BlobOutputs {
  std::vector<unsigned char> cred_blob;
  std::vector<unsigned char> large_blob_key;
};

std::vector<unsigned char> Copy(const unsigned char* ptr, size_t len) {
  return ptr == nullptr ? std::vector<unsigned char>()
                        : std::vector<unsigned char>(ptr, ptr + len);
}

// CTAP 2.1 §6.2 authenticatorGetAssertion → fido_assert_verify(3). With
// `blobs`, the credBlob and largeBlobKey extensions are asked for and their
// outputs returned there.
int GetAssertion(fido_dev_t* dev, const Cred& cred, bool allow, const char* pin,
                 const std::string& step, uint32_t* counter = nullptr,
                 BlobOutputs* blobs = nullptr) {
  Assert a;
  if (blobs != nullptr) {
    Check(fido_assert_set_extensions(
              a.a, FIDO_EXT_CRED_BLOB | FIDO_EXT_LARGEBLOB_KEY),
          step + " set_extensions");
  }
  std::vector<unsigned char> cdh = Random(32);
  Check(fido_assert_set_clientdata_hash(a.a, cdh.data(), cdh.size()),
        step + " set_cdh");
  Check(fido_assert_set_rp(a.a, kRpId), step + " set_rp");
  if (allow) {
    Check(fido_assert_allow_cred(a.a, fido_cred_id_ptr(cred.c),
                                 fido_cred_id_len(cred.c)),
          step + " allow_cred");
  }
  int r = fido_dev_get_assert(dev, a.a, pin);
  if (r != FIDO_OK) return r;
  if (fido_assert_count(a.a) < 1) Fail(step, "no assertion");
  Es256Pk pk;
  Check(es256_pk_from_ptr(pk.pk, fido_cred_pubkey_ptr(cred.c),
                          fido_cred_pubkey_len(cred.c)),
        step + " pubkey");
  size_t idx = fido_assert_count(a.a);
  for (size_t i = 0; i < fido_assert_count(a.a); ++i) {
    if (fido_assert_id_len(a.a, i) == fido_cred_id_len(cred.c) &&
        std::memcmp(fido_assert_id_ptr(a.a, i), fido_cred_id_ptr(cred.c),
                    fido_cred_id_len(cred.c)) == 0) {
      idx = i;
    }
  }
  if (idx == fido_assert_count(a.a)) Fail(step, "credential not asserted");
  Check(fido_assert_verify(a.a, idx, COSE_ES256, pk.pk),
        step + " fido_assert_verify");
  uint8_t flags = fido_assert_flags(a.a, idx);
  if ((flags & kFlagUp) == 0) Fail(step, "UP flag clear");
  bool uv = (flags & kFlagUv) != 0;
  if (uv != (pin != nullptr)) {
    Fail(step, std::string("UV flag ") + (uv ? "set" : "clear"));
  }
  if (counter != nullptr) *counter = fido_assert_sigcount(a.a, idx);
  if (blobs != nullptr) {
    blobs->cred_blob =
        Copy(fido_assert_blob_ptr(a.a, idx), fido_assert_blob_len(a.a, idx));
    blobs->large_blob_key = Copy(fido_assert_largeblob_key_ptr(a.a, idx),
                                 fido_assert_largeblob_key_len(a.a, idx));
  }
  return FIDO_OK;
}

void GetInfoScenario(Fido2Device& dev) {
  auto info = dev.GetInfo();
  if (!info) Fail("getinfo", info.error().message);
  std::string versions;
  for (const std::string& v : info->versions) versions += v + " ";
  std::cout << "versions: " << versions << "\n";
  std::cout << "aaguid: " << bridge::fido2::FormatAaguid(info->aaguid) << "\n";
  for (const auto& [k, v] : info->options) {
    std::cout << "option " << k << ": " << (v ? "true" : "false") << "\n";
  }
  std::cout << "pin_protocols:";
  for (uint8_t p : info->pin_uv_auth_protocols) std::cout << " " << int(p);
  std::cout << "\n";
  if (info->max_msg_size) {
    std::cout << "max_msg_size: " << *info->max_msg_size << "\n";
  }
  if (!info->HasVersion("FIDO_2_0") && !info->HasVersion("FIDO_2_1")) {
    Fail("getinfo", "no FIDO_2_0 / FIDO_2_1 in versions");
  }
  Ok("getinfo");
}

void NoPinScenario(Fido2Device& dev) {
  fido_dev_t* d = dev.raw();
  Cred cred;
  MakeCredential(d, cred, /*rk=*/false, nullptr, "make_cred");
  Ok("make_cred");
  uint32_t c1 = 0, c2 = 0;
  Check(GetAssertion(d, cred, true, nullptr, "get_assert", &c1), "get_assert");
  Check(GetAssertion(d, cred, true, nullptr, "get_assert_again", &c2),
        "get_assert_again");
  if (c2 < c1 || (c1 != 0 && c2 == c1)) {
    Fail("counter", std::to_string(c1) + " then " + std::to_string(c2));
  }
  Ok("get_assert");
}

// The nopin flow over CTAP1/U2F: libfido2 speaks U2F to a key that also
// speaks CTAP2 once fido_dev_force_u2f(3) is called.
void U2fScenario(Fido2Device& dev) {
  fido_dev_t* d = dev.raw();
  fido_dev_force_u2f(d);
  if (fido_dev_is_fido2(d)) Fail("force_u2f", "still FIDO2");
  Cred cred;
  MakeCredential(d, cred, /*rk=*/false, nullptr, "u2f_make_cred", "fido-u2f");
  Ok("u2f_make_cred");
  uint32_t c1 = 0, c2 = 0;
  Check(GetAssertion(d, cred, true, nullptr, "u2f_get_assert", &c1),
        "u2f_get_assert");
  Check(GetAssertion(d, cred, true, nullptr, "u2f_get_assert_again", &c2),
        "u2f_get_assert_again");
  if (c2 <= c1) {
    Fail("u2f_counter", std::to_string(c1) + " then " + std::to_string(c2));
  }
  Ok("u2f_get_assert");
  Cred second;
  MakeCredential(d, second, /*rk=*/false, nullptr, "u2f_exclude", "fido-u2f",
                 &cred, FIDO_ERR_CREDENTIAL_EXCLUDED);
  Ok("u2f_exclude");
}

void PinScenario(Fido2Device& dev) {
  std::string pin;
  if (!std::getline(std::cin, pin) || pin.empty()) {
    Fail("pin", "no PIN on stdin");
  }
  fido_dev_t* d = dev.raw();
  if (!fido_dev_supports_pin(d)) Fail("pin", "clientPin not supported");
  if (!fido_dev_has_pin(d)) {
    Check(fido_dev_set_pin(d, pin.c_str(), nullptr), "set_pin");
    Ok("set_pin");
  }
  int retries = -1;
  Check(fido_dev_get_retry_count(d, &retries), "retries");
  if (retries <= 0) Fail("retries", std::to_string(retries));
  Cred cred;
  MakeCredential(d, cred, /*rk=*/true, pin.c_str(), "make_cred_rk_pin");
  Ok("make_cred_rk_pin");
  Check(GetAssertion(d, cred, false, pin.c_str(), "get_assert_pin"),
        "get_assert_pin");
  Ok("get_assert_pin");
  Check(GetAssertion(d, cred, true, nullptr, "get_assert_nopin"),
        "get_assert_nopin");
  Ok("get_assert_nopin");

  // CTAP 2.1 §6.8 credential management (libfido2 1.12 sends 0x41).
  fido_credman_metadata_t* md = fido_credman_metadata_new();
  Check(fido_credman_get_dev_metadata(d, md, pin.c_str()), "cm_metadata");
  uint64_t existing = fido_credman_rk_existing(md);
  fido_credman_metadata_free(&md);
  if (existing < 1) Fail("cm_metadata", "no existing credentials");
  Ok("cm_metadata");
  fido_credman_rp_t* rp = fido_credman_rp_new();
  Check(fido_credman_get_dev_rp(d, rp, pin.c_str()), "cm_rps");
  bool rp_found = false;
  for (size_t i = 0; i < fido_credman_rp_count(rp); ++i) {
    const char* id = fido_credman_rp_id(rp, i);
    if (id != nullptr && std::string(id) == kRpId) rp_found = true;
  }
  fido_credman_rp_free(&rp);
  if (!rp_found) Fail("cm_rps", std::string(kRpId) + " not listed");
  Ok("cm_rps");
  auto listed = [&](const std::string& step) {
    fido_credman_rk_t* rk = fido_credman_rk_new();
    int r = fido_credman_get_dev_rk(d, kRpId, rk, pin.c_str());
    if (r != FIDO_OK && r != FIDO_ERR_NO_CREDENTIALS) Check(r, step);
    bool found = false;
    for (size_t i = 0; r == FIDO_OK && i < fido_credman_rk_count(rk); ++i) {
      const fido_cred_t* c = fido_credman_rk(rk, i);
      if (fido_cred_id_len(c) == fido_cred_id_len(cred.c) &&
          std::memcmp(fido_cred_id_ptr(c), fido_cred_id_ptr(cred.c),
                      fido_cred_id_len(c)) == 0) {
        found = true;
        if (std::string(fido_cred_user_name(c) ? fido_cred_user_name(c) : "") !=
            "alice") {
          Fail(step, "user name not returned");
        }
      }
    }
    fido_credman_rk_free(&rk);
    return found;
  };
  if (!listed("cm_creds")) Fail("cm_creds", "new credential not listed");
  Ok("cm_creds");
  Check(fido_credman_del_dev_rk(d, fido_cred_id_ptr(cred.c),
                                fido_cred_id_len(cred.c), pin.c_str()),
        "cm_delete");
  if (listed("cm_creds_after_delete")) {
    Fail("cm_delete", "credential still listed");
  }
  int r = GetAssertion(d, cred, true, nullptr, "get_assert_deleted");
  if (r != FIDO_ERR_NO_CREDENTIALS) {
    Fail("get_assert_deleted",
         std::string("expected NO_CREDENTIALS, got ") + fido_strerr(r));
  }
  Ok("cm_delete");
}

// getInfo as libfido2 parses it.
struct CborInfo {
  fido_cbor_info_t* i = fido_cbor_info_new();
  CborInfo() = default;
  CborInfo(CborInfo&& o) noexcept : i(o.i) { o.i = nullptr; }
  CborInfo(const CborInfo&) = delete;
  ~CborInfo() { fido_cbor_info_free(&i); }
};

CborInfo Info(fido_dev_t* dev, const std::string& step) {
  CborInfo info;
  Check(fido_dev_get_cbor_info(dev, info.i), step + " getinfo");
  return info;
}

bool InfoOption(const CborInfo& info, const std::string& name) {
  char** names = fido_cbor_info_options_name_ptr(info.i);
  const bool* values = fido_cbor_info_options_value_ptr(info.i);
  for (size_t k = 0; k < fido_cbor_info_options_len(info.i); ++k) {
    if (name == names[k]) return values[k];
  }
  return false;
}

void ConfigScenario(Fido2Device& dev) {
  std::string pin;
  if (!std::getline(std::cin, pin) || pin.empty()) {
    Fail("pin", "no PIN on stdin");
  }
  fido_dev_t* d = dev.raw();
  if (!fido_dev_has_pin(d)) {
    Check(fido_dev_set_pin(d, pin.c_str(), nullptr), "set_pin");
  }
  if (!InfoOption(Info(d, "config"), "authnrCfg")) {
    Fail("config", "authnrCfg not advertised");
  }
  // §6.11.2 toggleAlwaysUv: makeCredential then needs UV.
  Check(fido_dev_toggle_always_uv(d, pin.c_str()), "always_uv_on");
  if (!InfoOption(Info(d, "always_uv_on"), "alwaysUv")) {
    Fail("always_uv_on", "alwaysUv still false");
  }
  {
    Cred without_pin;
    MakeCredential(d, without_pin, /*rk=*/false, nullptr, "always_uv_on",
                   "packed", nullptr, FIDO_ERR_PIN_REQUIRED);
  }
  Cred with_pin;
  MakeCredential(d, with_pin, /*rk=*/false, pin.c_str(), "always_uv_pin");
  Check(fido_dev_toggle_always_uv(d, pin.c_str()), "always_uv_off");
  if (InfoOption(Info(d, "always_uv_off"), "alwaysUv")) {
    Fail("always_uv_off", "alwaysUv still true");
  }
  Ok("always_uv");

  // §6.11.4 setMinPINLength: RP IDs, then a minimum above the PIN's length.
  const char* rp_ids[] = {kRpId};
  Check(fido_dev_set_pin_minlen_rpid(d, rp_ids, 1, pin.c_str()),
        "min_pin_length_rpid");
  Check(fido_dev_set_pin_minlen(d, 8, pin.c_str()), "min_pin_length");
  {
    CborInfo info = Info(d, "min_pin_length");
    if (fido_cbor_info_minpinlen(info.i) != 8) {
      Fail("min_pin_length",
           "minPINLength " + std::to_string(fido_cbor_info_minpinlen(info.i)));
    }
    if (!fido_cbor_info_new_pin_required(info.i)) {
      Fail("min_pin_length", "forcePINChange not set");
    }
  }
  {
    // Forced to change: the PIN is refused until it is changed.
    Cred forced;
    MakeCredential(d, forced, /*rk=*/false, pin.c_str(), "min_pin_length",
                   "packed", nullptr, FIDO_ERR_PIN_INVALID);
  }
  const std::string longer = pin + "-longer";
  // The PIN given has fewer than 7 code points, so one more is still short.
  int r = fido_dev_set_pin(d, (pin + "x").c_str(), pin.c_str());
  if (r != FIDO_ERR_PIN_POLICY_VIOLATION) {
    Fail("min_pin_length",
         std::string("PIN below the minimum: ") + fido_strerr(r));
  }
  Check(fido_dev_set_pin(d, longer.c_str(), pin.c_str()), "change_pin");
  if (fido_cbor_info_new_pin_required(Info(d, "change_pin").i)) {
    Fail("change_pin", "forcePINChange still set");
  }
  Ok("min_pin_length");

  // forceChangePin alone.
  Check(fido_dev_force_pin_change(d, longer.c_str()), "force_pin_change");
  if (!fido_cbor_info_new_pin_required(Info(d, "force_pin_change").i)) {
    Fail("force_pin_change", "forcePINChange not set");
  }
  Check(fido_dev_set_pin(d, (longer + "2").c_str(), longer.c_str()),
        "force_pin_change change_pin");
  Ok("force_pin_change");
}

void LargeBlobScenario(Fido2Device& dev) {
  std::string pin;
  if (!std::getline(std::cin, pin) || pin.empty()) {
    Fail("pin", "no PIN on stdin");
  }
  fido_dev_t* d = dev.raw();
  if (!fido_dev_has_pin(d)) {
    Check(fido_dev_set_pin(d, pin.c_str(), nullptr), "set_pin");
  }
  {
    CborInfo info = Info(d, "largeblob");
    if (!InfoOption(info, "largeBlobs")) Fail("getinfo", "no largeBlobs");
    if (fido_cbor_info_maxlargeblob(info.i) < 1024) {
      Fail("getinfo", "maxSerializedLargeBlobArray below 1024");
    }
    if (fido_cbor_info_maxcredbloblen(info.i) < 32) {
      Fail("getinfo", "maxCredBlobLength below 32");
    }
  }
  Ok("getinfo");

  // §12.2 / §12.3: two discoverable credentials with a credBlob each and a
  // largeBlobKey each.
  Cred cred1, cred2;
  std::vector<unsigned char> blob1 = Random(32), blob2 = Random(7);
  for (auto [cred, blob] : {std::pair{&cred1, &blob1}, {&cred2, &blob2}}) {
    Check(fido_cred_set_extensions(cred->c, FIDO_EXT_LARGEBLOB_KEY),
          "make_cred set_extensions");
    Check(fido_cred_set_blob(cred->c, blob->data(), blob->size()),
          "make_cred set_blob");
    MakeCredential(d, *cred, /*rk=*/true, pin.c_str(), "make_cred");
    if (fido_cred_largeblob_key_len(cred->c) != 32) {
      Fail("make_cred", "no 32-byte largeBlobKey");
    }
  }
  auto key = [](const Cred& c) {
    return Copy(fido_cred_largeblob_key_ptr(c.c),
                fido_cred_largeblob_key_len(c.c));
  };
  if (key(cred1) == key(cred2)) Fail("make_cred", "both keys equal");
  Ok("make_cred");
  BlobOutputs out;
  Check(GetAssertion(d, cred1, true, nullptr, "get_assert", nullptr, &out),
        "get_assert");
  if (out.cred_blob != blob1) Fail("get_assert", "credBlob differs");
  if (out.large_blob_key != key(cred1)) {
    Fail("get_assert", "largeBlobKey differs");
  }
  Ok("get_assert");

  // §6.10: a blob larger than one fragment (maxMsgSize - 64), so the array
  // is written in several fragments; libfido2 compresses, so random bytes.
  std::vector<unsigned char> large = Random(1500), small = Random(100);
  Check(fido_dev_largeblob_set(d, key(cred1).data(), 32, large.data(),
                               large.size(), pin.c_str()),
        "largeblob_set");
  Check(fido_dev_largeblob_set(d, key(cred2).data(), 32, small.data(),
                               small.size(), pin.c_str()),
        "largeblob_set_second");
  auto get = [&](const Cred& c, int expected, const std::string& step) {
    unsigned char* ptr = nullptr;
    size_t len = 0;
    int r = fido_dev_largeblob_get(d, key(c).data(), 32, &ptr, &len);
    std::vector<unsigned char> v = Copy(ptr, len);
    std::free(ptr);
    if (r != expected) {
      Fail(step, std::string("expected ") + fido_strerr(expected) + ", got " +
                     fido_strerr(r));
    }
    return v;
  };
  if (get(cred1, FIDO_OK, "largeblob_get") != large) {
    Fail("largeblob_get", "first blob differs");
  }
  if (get(cred2, FIDO_OK, "largeblob_get") != small) {
    Fail("largeblob_get", "second blob differs");
  }
  Ok("largeblob_set_get");
  Check(fido_dev_largeblob_remove(d, key(cred1).data(), 32, pin.c_str()),
        "largeblob_remove");
  get(cred1, FIDO_ERR_NOTFOUND, "largeblob_remove");
  if (get(cred2, FIDO_OK, "largeblob_remove") != small) {
    Fail("largeblob_remove", "second blob lost");
  }
  unsigned char* array = nullptr;
  size_t array_len = 0;
  Check(fido_dev_largeblob_get_array(d, &array, &array_len),
        "largeblob_get_array");
  std::free(array);
  // One entry left: a CBOR array of one map (0x81 0xA3).
  if (array_len < 2) Fail("largeblob_get_array", "empty");
  Ok("largeblob_remove");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: libfido2_client DEVICE_URI "
                 "getinfo|nopin|pin|u2f|config|largeblob\n";
    return 2;
  }
  const std::string scenario = argv[2];
  auto dev = Fido2Device::OpenPath(argv[1]);
  if (!dev) Fail("open", dev.error().message);
  if (!(*dev)->IsFido2()) Fail("open", "the key does not speak CTAP2");
  if (scenario == "getinfo") {
    GetInfoScenario(**dev);
  } else if (scenario == "nopin") {
    NoPinScenario(**dev);
  } else if (scenario == "pin") {
    PinScenario(**dev);
  } else if (scenario == "u2f") {
    U2fScenario(**dev);
  } else if (scenario == "config") {
    ConfigScenario(**dev);
  } else if (scenario == "largeblob") {
    LargeBlobScenario(**dev);
  } else {
    std::cerr << "unknown scenario " << scenario << "\n";
    return 2;
  }
  return 0;
}
