// DeviceState <-> CBOR (RFC 8949), written with libcbor's encoder and read
// with libcbor's streaming decoder into a flat token list, then checked
// against a fixed grammar. Byte strings (secrets) are never copied into
// libcbor-owned heap memory: tokens point into the caller's buffer.
//
// Grammar (all maps have unsigned-integer keys in ascending order, definite
// lengths only, no tags, floats, strings or negative integers):
//   state = {1: version, 2: serial(u32), 3: oath,
//            ? 4: fido (bstr: hsm/ctap2/fido_state.h, absent while fresh)}
//   oath  = {1: [cred*], 2: salt(bstr), ? 3: pin, ? 4: access}
//   cred  = {1: name, 2: kind_alg(u8), 3: digits(u8), 4: props(u8),
//            5: counter(u32), 6: secret}
//   pin   = {1: hash, 2: salt, 3: retries(u8)}
//   access = {1: kind_alg(u8), 2: key}   (YKOATH SET CODE; absent in states
//            written before it existed, which therefore still decode)
// Decoding is strict: the input must be exactly the canonical encoding of
// what it decodes to (re-encoding must reproduce it byte for byte).
#include "hsm/store/state.h"

#include <cbor.h>
#include <openssl/crypto.h>

#include <cstring>

namespace hsm::store {
namespace {

// Bounds (protocol/oath.md §2.10, with headroom for the yubikey5 profile).
constexpr size_t kMaxEncodedSize = 64 * 1024;
constexpr size_t kMaxCredentials = 64;
constexpr size_t kMaxNameSize = 255;
constexpr size_t kMaxSecretSize = 255;
constexpr size_t kMaxSaltSize = 64;
constexpr size_t kMaxPinFieldSize = 64;

// ---- Encoding ----

class Writer {
 public:
  explicit Writer(size_t reserve) { out_.reserve(reserve); }
  void Uint(uint64_t v) { Head(cbor_encode_uint, v); }
  void MapStart(size_t n) { Head(cbor_encode_map_start, n); }
  void ArrayStart(size_t n) { Head(cbor_encode_array_start, n); }
  void Bytes(std::span<const uint8_t> b) {
    Head(cbor_encode_bytestring_start, b.size());
    out_.insert(out_.end(), b.begin(), b.end());
  }
  std::vector<uint8_t> Take() { return std::move(out_); }

 private:
  template <typename F>
  void Head(F f, uint64_t v) {
    unsigned char buf[9];
    size_t n = f(v, buf, sizeof(buf));
    out_.insert(out_.end(), buf, buf + n);
    OPENSSL_cleanse(buf, sizeof(buf));
  }
  std::vector<uint8_t> out_;
};

void EncodeCredential(Writer& w, const OathCredential& c) {
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
  w.Uint(6);
  w.Bytes(c.secret.view());
}

// ---- Decoding: tokens ----

struct Token {
  enum class Type { kUint, kBytes, kArray, kMap, kBad };
  Type type = Type::kBad;
  uint64_t value = 0;              // uint value, or array/map length
  std::span<const uint8_t> bytes;  // kBytes: view into the input
};

struct Tokenizer {
  std::vector<Token> tokens;
  const uint8_t* base = nullptr;
  size_t base_size = 0;
  bool bad = false;

  void Push(Token t) { tokens.push_back(t); }
  static Tokenizer* Self(void* ctx) { return static_cast<Tokenizer*>(ctx); }
};

void OnUint8(void* ctx, uint8_t v) {
  Tokenizer::Self(ctx)->Push({Token::Type::kUint, v, {}});
}
void OnUint16(void* ctx, uint16_t v) {
  Tokenizer::Self(ctx)->Push({Token::Type::kUint, v, {}});
}
void OnUint32(void* ctx, uint32_t v) {
  Tokenizer::Self(ctx)->Push({Token::Type::kUint, v, {}});
}
void OnUint64(void* ctx, uint64_t v) {
  Tokenizer::Self(ctx)->Push({Token::Type::kUint, v, {}});
}
void OnBytes(void* ctx, cbor_data data, size_t len) {
  auto* t = Tokenizer::Self(ctx);
  // The decoder hands out pointers into the buffer we passed.
  if (data < t->base || len > t->base_size ||
      data + len > t->base + t->base_size) {
    t->bad = true;
    return;
  }
  t->Push({Token::Type::kBytes, len, std::span<const uint8_t>(data, len)});
}
void OnArray(void* ctx, size_t n) {
  Tokenizer::Self(ctx)->Push({Token::Type::kArray, n, {}});
}
void OnMap(void* ctx, size_t n) {
  Tokenizer::Self(ctx)->Push({Token::Type::kMap, n, {}});
}
void OnBadSimple(void* ctx) { Tokenizer::Self(ctx)->bad = true; }
void OnBadString(void* ctx, cbor_data, size_t) {
  Tokenizer::Self(ctx)->bad = true;
}
void OnBadInt64(void* ctx, uint64_t) { Tokenizer::Self(ctx)->bad = true; }
void OnBadInt32(void* ctx, uint32_t) { Tokenizer::Self(ctx)->bad = true; }
void OnBadInt16(void* ctx, uint16_t) { Tokenizer::Self(ctx)->bad = true; }
void OnBadInt8(void* ctx, uint8_t) { Tokenizer::Self(ctx)->bad = true; }
void OnBadFloat(void* ctx, float) { Tokenizer::Self(ctx)->bad = true; }
void OnBadDouble(void* ctx, double) { Tokenizer::Self(ctx)->bad = true; }
void OnBadBool(void* ctx, bool) { Tokenizer::Self(ctx)->bad = true; }

const cbor_callbacks kCallbacks = {
    .uint8 = OnUint8,
    .uint16 = OnUint16,
    .uint32 = OnUint32,
    .uint64 = OnUint64,
    .negint64 = OnBadInt64,
    .negint32 = OnBadInt32,
    .negint16 = OnBadInt16,
    .negint8 = OnBadInt8,
    .byte_string_start = OnBadSimple,  // indefinite byte string
    .byte_string = OnBytes,
    .string = OnBadString,
    .string_start = OnBadSimple,
    .indef_array_start = OnBadSimple,
    .array_start = OnArray,
    .indef_map_start = OnBadSimple,
    .map_start = OnMap,
    .tag = OnBadInt64,
    .float2 = OnBadFloat,
    .float4 = OnBadFloat,
    .float8 = OnBadDouble,
    .undefined = OnBadSimple,
    .null = OnBadSimple,
    .boolean = OnBadBool,
    .indef_break = OnBadSimple,
};

bool Tokenize(std::span<const uint8_t> in, std::vector<Token>& out) {
  Tokenizer t;
  t.base = in.data();
  t.base_size = in.size();
  size_t off = 0;
  while (off < in.size()) {
    size_t before = t.tokens.size();
    cbor_decoder_result r =
        cbor_stream_decode(in.data() + off, in.size() - off, &kCallbacks, &t);
    if (r.status != CBOR_DECODER_FINISHED || r.read == 0 || t.bad) return false;
    if (t.tokens.size() != before + 1) return false;
    off += r.read;
  }
  out = std::move(t.tokens);
  return true;
}

// ---- Decoding: grammar ----

class Parser {
 public:
  explicit Parser(const std::vector<Token>& tokens) : tokens_(tokens) {}

  bool Done() const { return pos_ == tokens_.size(); }

  bool Uint(uint64_t max, uint64_t& out) {
    const Token* t = Next(Token::Type::kUint);
    if (t == nullptr || t->value > max) return false;
    out = t->value;
    return true;
  }
  bool Bytes(size_t min, size_t max, std::span<const uint8_t>& out) {
    const Token* t = Next(Token::Type::kBytes);
    if (t == nullptr || t->bytes.size() < min || t->bytes.size() > max) {
      return false;
    }
    out = t->bytes;
    return true;
  }
  bool Map(size_t min, size_t max, size_t& n) {
    const Token* t = Next(Token::Type::kMap);
    if (t == nullptr || t->value < min || t->value > max) return false;
    n = t->value;
    return true;
  }
  bool Array(size_t max, size_t& n) {
    const Token* t = Next(Token::Type::kArray);
    if (t == nullptr || t->value > max) return false;
    n = t->value;
    return true;
  }
  // Whether the next token is the map key `key` (does not consume it).
  bool PeekKey(uint64_t key) const {
    return pos_ < tokens_.size() && tokens_[pos_].type == Token::Type::kUint &&
           tokens_[pos_].value == key;
  }
  // Expects the next map key to be exactly `key`.
  bool Key(uint64_t key) {
    uint64_t k = 0;
    return Uint(UINT64_MAX, k) && k == key;
  }

 private:
  const Token* Next(Token::Type type) {
    if (pos_ >= tokens_.size() || tokens_[pos_].type != type) return nullptr;
    return &tokens_[pos_++];
  }
  const std::vector<Token>& tokens_;
  size_t pos_ = 0;
};

bool ParseCredential(Parser& p, OathCredential& c) {
  size_t n = 0;
  std::span<const uint8_t> name, secret;
  uint64_t kind_alg = 0, digits = 0, props = 0, counter = 0;
  if (!p.Map(6, 6, n) || !p.Key(1) || !p.Bytes(1, kMaxNameSize, name) ||
      !p.Key(2) || !p.Uint(0xFF, kind_alg) || !p.Key(3) ||
      !p.Uint(0xFF, digits) || !p.Key(4) || !p.Uint(0xFF, props) || !p.Key(5) ||
      !p.Uint(0xFFFFFFFF, counter) || !p.Key(6) ||
      !p.Bytes(0, kMaxSecretSize, secret)) {
    return false;
  }
  c.name.assign(name.begin(), name.end());
  c.kind_alg = static_cast<uint8_t>(kind_alg);
  c.digits = static_cast<uint8_t>(digits);
  c.properties = static_cast<uint8_t>(props);
  c.counter = static_cast<uint32_t>(counter);
  c.secret = SecretBytes(secret);
  return true;
}

bool ParsePin(Parser& p, OathPin& pin) {
  size_t n = 0;
  std::span<const uint8_t> hash, salt;
  uint64_t retries = 0;
  if (!p.Map(3, 3, n) || !p.Key(1) || !p.Bytes(1, kMaxPinFieldSize, hash) ||
      !p.Key(2) || !p.Bytes(1, kMaxPinFieldSize, salt) || !p.Key(3) ||
      !p.Uint(0xFF, retries)) {
    return false;
  }
  pin.hash = SecretBytes(hash);
  pin.salt = SecretBytes(salt);
  pin.retries_left = static_cast<uint8_t>(retries);
  return true;
}

bool ParseAccessKey(Parser& p, OathAccessKey& access) {
  size_t n = 0;
  std::span<const uint8_t> key;
  uint64_t kind_alg = 0;
  if (!p.Map(2, 2, n) || !p.Key(1) || !p.Uint(0xFF, kind_alg) || !p.Key(2) ||
      !p.Bytes(1, kMaxPinFieldSize, key)) {
    return false;
  }
  access.kind_alg = static_cast<uint8_t>(kind_alg);
  access.key = SecretBytes(key);
  return true;
}

bool ParseOath(Parser& p, OathState& oath) {
  size_t n = 0, count = 0;
  std::span<const uint8_t> salt;
  if (!p.Map(2, 4, n) || !p.Key(1) || !p.Array(kMaxCredentials, count)) {
    return false;
  }
  oath.credentials.clear();
  oath.credentials.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    OathCredential c;
    if (!ParseCredential(p, c)) return false;
    oath.credentials.push_back(std::move(c));
  }
  if (!p.Key(2) || !p.Bytes(0, kMaxSaltSize, salt)) return false;
  oath.salt.assign(salt.begin(), salt.end());
  // Optional keys 3 and 4, in ascending order.
  size_t optional = n - 2;
  if (optional > 0 && p.PeekKey(3)) {
    OathPin pin;
    if (!p.Key(3) || !ParsePin(p, pin)) return false;
    oath.pin = std::move(pin);
    --optional;
  }
  if (optional > 0) {
    OathAccessKey access;
    if (!p.Key(4) || !ParseAccessKey(p, access)) return false;
    oath.access_key = std::move(access);
    --optional;
  }
  return optional == 0;
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

DeviceState DeviceState::Clone() const {
  DeviceState s;
  s.version = version;
  s.serial = serial;
  s.oath = oath.Clone();
  s.fido = fido.Clone();
  return s;
}

std::vector<uint8_t> EncodeState(const DeviceState& state) {
  // Reserve the worst case up front so the buffer holding secrets is never
  // reallocated (a reallocation would leave a stale copy in freed memory).
  size_t bound = 64 + state.oath.salt.size();
  for (const auto& c : state.oath.credentials) {
    bound += 48 + c.name.size() + c.secret.size();
  }
  if (state.oath.pin) {
    bound += 32 + state.oath.pin->hash.size() + state.oath.pin->salt.size();
  }
  if (state.oath.access_key) bound += 16 + state.oath.access_key->key.size();
  // Key 4 (CTAP2 state, its own strict CBOR inside a bstr) only once the
  // authenticator has stored something, so older 3-key states stay valid.
  std::vector<uint8_t> fido;
  if (!ctap2::FidoStateIsFresh(state.fido)) {
    fido = ctap2::EncodeFidoState(state.fido);
    bound += 16 + fido.size();
  }
  Writer w(bound);
  w.MapStart(fido.empty() ? 3 : 4);
  w.Uint(1);
  w.Uint(state.version);
  w.Uint(2);
  w.Uint(state.serial);
  w.Uint(3);
  w.MapStart(2 + (state.oath.pin ? 1 : 0) + (state.oath.access_key ? 1 : 0));
  w.Uint(1);
  w.ArrayStart(state.oath.credentials.size());
  for (const auto& c : state.oath.credentials) EncodeCredential(w, c);
  w.Uint(2);
  w.Bytes(state.oath.salt);
  if (state.oath.pin) {
    w.Uint(3);
    w.MapStart(3);
    w.Uint(1);
    w.Bytes(state.oath.pin->hash.view());
    w.Uint(2);
    w.Bytes(state.oath.pin->salt.view());
    w.Uint(3);
    w.Uint(state.oath.pin->retries_left);
  }
  if (state.oath.access_key) {
    w.Uint(4);
    w.MapStart(2);
    w.Uint(1);
    w.Uint(state.oath.access_key->kind_alg);
    w.Uint(2);
    w.Bytes(state.oath.access_key->key.view());
  }
  if (!fido.empty()) {
    w.Uint(4);
    w.Bytes(fido);
    OPENSSL_cleanse(fido.data(), fido.size());
  }
  return w.Take();
}

Result<DeviceState, StateError> DecodeState(std::span<const uint8_t> bytes) {
  if (bytes.empty() || bytes.size() > kMaxEncodedSize) {
    return MakeErr(StateError::kMalformed);
  }
  std::vector<Token> tokens;
  if (!Tokenize(bytes, tokens)) return MakeErr(StateError::kMalformed);

  Parser p(tokens);
  size_t n = 0;
  uint64_t version = 0, serial = 0;
  if (!p.Map(3, 4, n) || !p.Key(1) || !p.Uint(UINT32_MAX, version)) {
    return MakeErr(StateError::kMalformed);
  }
  // Version first, so a newer layout is reported as such (migration hook).
  if (version > kStateVersion) return MakeErr(StateError::kUnsupportedVersion);
  if (version != kStateVersion) return MakeErr(StateError::kMalformed);

  DeviceState state;
  state.version = static_cast<uint32_t>(version);
  if (!p.Key(2) || !p.Uint(0xFFFFFFFF, serial) || !p.Key(3) ||
      !ParseOath(p, state.oath)) {
    return MakeErr(StateError::kMalformed);
  }
  if (n == 4) {
    std::span<const uint8_t> fido;
    if (!p.Key(4) || !p.Bytes(1, kMaxEncodedSize, fido)) {
      return MakeErr(StateError::kMalformed);
    }
    auto decoded = ctap2::DecodeFidoState(fido);
    if (!decoded.ok()) return MakeErr(StateError::kMalformed);
    state.fido = std::move(*decoded);
  }
  if (!p.Done()) return MakeErr(StateError::kMalformed);
  state.serial = static_cast<uint32_t>(serial);

  // Canonical form only: non-minimal integer or length encodings are
  // rejected (RFC 8949 §4.2.1 preferred serialization).
  std::vector<uint8_t> again = EncodeState(state);
  bool same = again.size() == bytes.size() &&
              std::memcmp(again.data(), bytes.data(), bytes.size()) == 0;
  OPENSSL_cleanse(again.data(), again.size());
  if (!same) return MakeErr(StateError::kMalformed);
  return state;
}

}  // namespace hsm::store
