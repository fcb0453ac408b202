#include "hsm/oath/oath_state.h"

#include "cbor/codec.h"

namespace hsm::oath {
namespace {

// Bounds (docs/protocol/oath.md §2.10, with headroom for the yubikey5 profile).
constexpr size_t kMaxCredentials = 64;
constexpr size_t kMaxNameSize = 255;
constexpr size_t kMaxSecretSize = 255;
constexpr size_t kMaxSaltSize = 64;
constexpr size_t kMaxPinFieldSize = 64;
// docs/protocol/oath.md §2.9.1: nonce(12) ‖ ciphertext ‖ tag(16).
constexpr size_t kSealOverhead = 12 + 16;
constexpr uint8_t kPropPinEncrypt = 0x04;

void EncodeCredential(cbor::Writer& w, const OathCredential& c) {
  w.MapStart(6);
  w.Uint(1);
  w.Bytes(c.name);
  w.Uint(2);
  w.Uint(c.kind_alg);
  w.Uint(3);
  w.Uint(c.digits);
  w.Uint(4);
  w.Uint(c.properties);
  w.Uint(5);
  w.Uint(c.counter);
  if (c.sealed.empty()) {
    w.Uint(6);
    w.Bytes(c.secret.view());
  } else {
    w.Uint(7);
    w.Bytes(c.sealed);
  }
}

bool DecodeCredential(cbor::Reader& r, OathCredential* c) {
  size_t n = 0;
  std::span<const uint8_t> name, secret, sealed;
  uint64_t kind_alg = 0, digits = 0, props = 0, counter = 0;
  if (!r.MapStart(&n) || n != 6 || !r.Key(1) ||
      !r.BytesOfSize(1, kMaxNameSize, &name) || !r.Key(2) ||
      !r.UintAtMost(0xFF, &kind_alg) || !r.Key(3) ||
      !r.UintAtMost(0xFF, &digits) || !r.Key(4) ||
      !r.UintAtMost(0xFF, &props) || !r.Key(5) ||
      !r.UintAtMost(0xFFFFFFFF, &counter)) {
    return false;
  }
  if (r.NextIsKey(6)) {
    if (!r.Key(6) || !r.BytesOfSize(0, kMaxSecretSize, &secret)) return false;
  } else if (!r.Key(7) ||
             !r.BytesOfSize(kSealOverhead, kSealOverhead + kMaxSecretSize,
                            &sealed) ||
             !(props & kPropPinEncrypt)) {
    return false;  // only a PIN-encrypted credential is sealed (§2.9.1)
  }
  c->name.assign(name.begin(), name.end());
  c->kind_alg = static_cast<uint8_t>(kind_alg);
  c->digits = static_cast<uint8_t>(digits);
  c->properties = static_cast<uint8_t>(props);
  c->counter = static_cast<uint32_t>(counter);
  c->secret = SecretBytes(secret);
  c->sealed.assign(sealed.begin(), sealed.end());
  return true;
}

bool DecodePin(cbor::Reader& r, OathPin* pin) {
  size_t n = 0;
  std::span<const uint8_t> hash, salt, key_salt, wrapped;
  uint64_t retries = 0;
  if (!r.MapStart(&n) || (n != 3 && n != 5) || !r.Key(1) ||
      !r.BytesOfSize(1, kMaxPinFieldSize, &hash) || !r.Key(2) ||
      !r.BytesOfSize(1, kMaxPinFieldSize, &salt) || !r.Key(3) ||
      !r.UintAtMost(0xFF, &retries)) {
    return false;
  }
  // §2.9.1: the wrapped PIN key and its salt, absent in older states.
  if (n == 5 && (!r.Key(4) || !r.BytesOfSize(1, kMaxPinFieldSize, &key_salt) ||
                 !r.Key(5) ||
                 !r.BytesOfSize(kSealOverhead + 1,
                                kSealOverhead + kMaxPinFieldSize, &wrapped))) {
    return false;
  }
  pin->hash = SecretBytes(hash);
  pin->salt = SecretBytes(salt);
  pin->retries_left = static_cast<uint8_t>(retries);
  pin->key_salt = SecretBytes(key_salt);
  pin->wrapped_key.assign(wrapped.begin(), wrapped.end());
  return true;
}

bool DecodeAccessKey(cbor::Reader& r, OathAccessKey* access) {
  size_t n = 0;
  std::span<const uint8_t> key;
  uint64_t kind_alg = 0;
  if (!r.MapStart(&n) || n != 2 || !r.Key(1) ||
      !r.UintAtMost(0xFF, &kind_alg) || !r.Key(2) ||
      !r.BytesOfSize(1, kMaxPinFieldSize, &key)) {
    return false;
  }
  access->kind_alg = static_cast<uint8_t>(kind_alg);
  access->key = SecretBytes(key);
  return true;
}

}  // namespace

OathCredential OathCredential::Clone() const {
  OathCredential c;
  c.name = name;
  c.kind_alg = kind_alg;
  c.digits = digits;
  c.properties = properties;
  c.counter = counter;
  c.secret = secret.Clone();
  c.sealed = sealed;
  return c;
}

OathState OathState::Clone() const {
  OathState s;
  s.credentials.reserve(credentials.size());
  for (const auto& c : credentials) s.credentials.push_back(c.Clone());
  s.salt = salt;
  if (pin) {
    OathPin p;
    p.hash = pin->hash.Clone();
    p.salt = pin->salt.Clone();
    p.retries_left = pin->retries_left;
    p.key_salt = pin->key_salt.Clone();
    p.wrapped_key = pin->wrapped_key;
    s.pin = std::move(p);
  }
  if (access_key) {
    OathAccessKey a;
    a.kind_alg = access_key->kind_alg;
    a.key = access_key->key.Clone();
    s.access_key = std::move(a);
  }
  return s;
}

std::vector<uint8_t> EncodeOathState(const OathState& s) {
  size_t bound = 48 + s.salt.size();
  for (const auto& c : s.credentials) {
    bound += 48 + c.name.size() + c.secret.size() + c.sealed.size();
  }
  if (s.pin) {
    bound += 48 + s.pin->hash.size() + s.pin->salt.size() +
             s.pin->key_salt.size() + s.pin->wrapped_key.size();
  }
  if (s.access_key) bound += 16 + s.access_key->key.size();
  cbor::Writer w;
  w.Reserve(bound);
  w.MapStart(2 + (s.pin ? 1 : 0) + (s.access_key ? 1 : 0));
  w.Uint(1);
  w.ArrayStart(s.credentials.size());
  for (const auto& c : s.credentials) EncodeCredential(w, c);
  w.Uint(2);
  w.Bytes(s.salt);
  if (s.pin) {
    const bool keyed = !s.pin->wrapped_key.empty();
    w.Uint(3);
    w.MapStart(keyed ? 5 : 3);
    w.Uint(1);
    w.Bytes(s.pin->hash.view());
    w.Uint(2);
    w.Bytes(s.pin->salt.view());
    w.Uint(3);
    w.Uint(s.pin->retries_left);
    if (keyed) {
      w.Uint(4);
      w.Bytes(s.pin->key_salt.view());
      w.Uint(5);
      w.Bytes(s.pin->wrapped_key);
    }
  }
  if (s.access_key) {
    w.Uint(4);
    w.MapStart(2);
    w.Uint(1);
    w.Uint(s.access_key->kind_alg);
    w.Uint(2);
    w.Bytes(s.access_key->key.view());
  }
  return w.Take();
}

Result<OathState, store::StateError> DecodeOathState(
    std::span<const uint8_t> bytes) {
  const auto bad = MakeErr(store::StateError::kMalformed);
  cbor::Reader r(bytes);
  OathState s;
  size_t n = 0, count = 0;
  std::span<const uint8_t> salt;
  if (!r.MapStart(&n) || n < 2 || n > 4 || !r.Key(1) || !r.ArrayStart(&count) ||
      count > kMaxCredentials) {
    return bad;
  }
  s.credentials.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    OathCredential c;
    if (!DecodeCredential(r, &c)) return bad;
    s.credentials.push_back(std::move(c));
  }
  if (!r.Key(2) || !r.BytesOfSize(0, kMaxSaltSize, &salt)) return bad;
  s.salt.assign(salt.begin(), salt.end());
  size_t seen = 2;
  if (r.NextIsKey(3)) {
    OathPin pin;
    if (!r.Key(3) || !DecodePin(r, &pin)) return bad;
    s.pin = std::move(pin);
    ++seen;
  }
  if (r.NextIsKey(4)) {
    OathAccessKey access;
    if (!r.Key(4) || !DecodeAccessKey(r, &access)) return bad;
    s.access_key = std::move(access);
    ++seen;
  }
  if (seen != n || !r.AtEnd()) return bad;
  return s;
}

}  // namespace hsm::oath
