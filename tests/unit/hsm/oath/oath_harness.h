// Test harness for the OATH applet: a FakePlatform, the sealed store and an
// Applet, plus APDU builders (docs/protocol/oath.md §2.3).
#ifndef TESTS_UNIT_HSM_OATH_OATH_HARNESS_H_
#define TESTS_UNIT_HSM_OATH_OATH_HARNESS_H_

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fake_platform.h"
#include "hex.h"
#include "hsm/crypto/hmac_key_cache.h"
#include "hsm/oath/applet.h"
#include "hsm/store/state_store.h"

namespace hsm::oath::testing {

using Bytes = std::vector<uint8_t>;

inline Bytes B(const std::string& s) { return Bytes(s.begin(), s.end()); }

using keybridge::testing::FromHex;

inline Bytes Cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// Appends `n` as one byte when it is at most `short_max`, else as `escape`
// and two big-endian bytes.
inline void AppendLength(Bytes& out, size_t n, size_t short_max,
                         uint8_t escape) {
  if (n <= short_max) {
    out.push_back(static_cast<uint8_t>(n));
  } else {
    out.insert(out.end(),
               {escape, static_cast<uint8_t>(n >> 8), static_cast<uint8_t>(n)});
  }
}

inline Bytes Tlv(uint8_t tag, const Bytes& v) {
  Bytes out = {tag};
  AppendLength(out, v.size(), 0xFE, 0xFF);
  out.insert(out.end(), v.begin(), v.end());
  return out;
}

// Short APDU when data fits, else extended (as pynitrokey does).
inline Bytes Apdu(uint8_t ins, uint8_t p1, uint8_t p2, const Bytes& data = {},
                  uint8_t cla = 0x00) {
  Bytes out = {cla, ins, p1, p2};
  if (data.empty()) return out;
  AppendLength(out, data.size(), 255, 0x00);
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

struct PutArgs {
  std::optional<uint8_t> props = std::nullopt;
  std::optional<uint32_t> counter = std::nullopt;
};

inline Bytes PutApdu(const Bytes& name, uint8_t kind_alg, uint8_t digits,
                     const Bytes& secret, PutArgs args = {}) {
  Bytes key = {kind_alg, digits};
  key.insert(key.end(), secret.begin(), secret.end());
  Bytes data = Cat({Tlv(0x71, name), Tlv(0x73, key)});
  if (args.props) {
    data.push_back(0x78);
    data.push_back(*args.props);
  }
  if (args.counter) {
    uint32_t c = *args.counter;
    data.insert(data.end(), {0x7A, 0x04, uint8_t(c >> 24), uint8_t(c >> 16),
                             uint8_t(c >> 8), uint8_t(c)});
  }
  return Apdu(0x01, 0, 0, data);
}

inline Bytes CounterChallenge(uint64_t t) {
  Bytes c(8);
  for (int i = 7; i >= 0; --i) {
    c[i] = static_cast<uint8_t>(t & 0xFF);
    t >>= 8;
  }
  return c;
}

inline Bytes CalcApdu(const Bytes& name, const Bytes& challenge,
                      uint8_t p2 = 0x01) {
  return Apdu(0xA2, 0, p2, Cat({Tlv(0x71, name), Tlv(0x74, challenge)}));
}

inline Bytes NameApdu(uint8_t ins, const Bytes& name) {
  return Apdu(ins, 0, 0, Tlv(0x71, name));
}

inline Bytes PinApdu(uint8_t ins, const Bytes& pin,
                     std::optional<Bytes> new_pin = std::nullopt) {
  Bytes data = Tlv(0x80, pin);
  if (new_pin) data = Cat({data, Tlv(0x81, *new_pin)});
  return Apdu(ins, 0, 0, data);
}

inline const Bytes kRfcSecret = B("12345678901234567890");

class Harness {
 public:
  explicit Harness(Profile profile = Profile::kNitrokey3, uint32_t seed = 1)
      : platform(seed), profile_(profile) {
    Reboot();
  }

  // A new store, HMAC key cache and Applet over the same medium (a power
  // cycle).
  void Reboot() {
    applet.reset();
    hmac_keys.reset();
    store.reset();
    sealed = std::make_unique<store::StateStore>(platform);
    BOOST_REQUIRE(sealed->Load().ok());
    store = std::make_unique<OathStore>(platform, *sealed);
    BOOST_REQUIRE(store->Load().ok());
    hmac_keys = std::make_unique<crypto::HmacKeyCache>(kMaxCredentials);
    applet = std::make_unique<Applet>(platform, *store, profile_, *hmac_keys);
  }

  // Runs a command to completion, approving a touch if one is asked for.
  ApduResponse Run(const Bytes& apdu, bool* touched = nullptr) {
    Outcome o = applet->Handle(apdu, PresenceGrant::kNotRequested);
    if (touched) *touched = o.needs_presence;
    if (o.needs_presence) {
      o = applet->Handle(apdu, PresenceGrant::kApproved);
      BOOST_REQUIRE(!o.needs_presence);
    }
    return o.response;
  }

  uint16_t Sw(const Bytes& apdu) { return Run(apdu).sw; }

  Outcome Raw(const Bytes& apdu, PresenceGrant grant) {
    return applet->Handle(apdu, grant);
  }

  std::map<StorageSlot, Bytes> Medium() { return platform.medium(); }

  hsm::testing::FakePlatform platform;
  std::unique_ptr<store::StateStore> sealed;
  std::unique_ptr<OathStore> store;
  // Shared by every applet on `store` (hsm/oath/applet.h).
  std::unique_ptr<crypto::HmacKeyCache> hmac_keys;
  std::unique_ptr<Applet> applet;

 private:
  Profile profile_;
};

}  // namespace hsm::oath::testing

#endif  // TESTS_UNIT_HSM_OATH_OATH_HARNESS_H_
