#include "ctap2_test_util.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <boost/test/unit_test.hpp>
#include <cstring>

namespace hsm::ctap2::testing {
namespace {

// ---- independent canonical checker ----
struct Cursor {
  const Bytes& b;
  size_t pos = 0;
};

bool Head(Cursor& c, uint8_t* major, uint64_t* value, Bytes* encoded) {
  size_t start = c.pos;
  if (c.pos >= c.b.size()) return false;
  uint8_t ib = c.b[c.pos++];
  *major = ib >> 5;
  uint8_t ai = ib & 0x1F;
  if (ai < 24) {
    *value = ai;
  } else if (ai <= 27) {
    size_t n = size_t{1} << (ai - 24);
    if (c.b.size() - c.pos < n) return false;
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v = (v << 8) | c.b[c.pos++];
    // Shortest form only.
    if ((n == 1 && v < 24) || (n == 2 && v <= 0xFF) ||
        (n == 4 && v <= 0xFFFF) || (n == 8 && v <= 0xFFFFFFFF)) {
      if (*major != 7) return false;
    }
    *value = v;
  } else {
    return false;  // indefinite or reserved
  }
  if (encoded) encoded->assign(c.b.begin() + start, c.b.begin() + c.pos);
  return true;
}

bool Item(Cursor& c, Bytes* encoded, int depth) {
  if (depth > 16) return false;
  size_t start = c.pos;
  uint8_t major;
  uint64_t v;
  if (!Head(c, &major, &v, nullptr)) return false;
  switch (major) {
    case 0:
    case 1:
      break;
    case 2:
    case 3:
      if (c.b.size() - c.pos < v) return false;
      c.pos += v;
      break;
    case 4:
      for (uint64_t i = 0; i < v; ++i) {
        if (!Item(c, nullptr, depth + 1)) return false;
      }
      break;
    case 5: {
      Bytes prev;
      for (uint64_t i = 0; i < v; ++i) {
        Bytes key;
        if (!Item(c, &key, depth + 1)) return false;
        if (i > 0) {
          bool ordered = prev.size() < key.size() ||
                         (prev.size() == key.size() && prev < key);
          if (!ordered) return false;
        }
        prev = key;
        if (!Item(c, nullptr, depth + 1)) return false;
      }
      break;
    }
    case 7:
      if (v != 20 && v != 21 && v != 22) return false;  // bools, null
      break;
    default:
      return false;
  }
  if (encoded) encoded->assign(c.b.begin() + start, c.b.begin() + c.pos);
  return true;
}

EVP_PKEY* EcPublicKey(const Bytes& x, const Bytes& y) {
  if (x.size() != 32 || y.size() != 32) return nullptr;
  unsigned char point[65] = {0x04};
  std::memcpy(point + 1, x.data(), 32);
  std::memcpy(point + 33, y.data(), 32);
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "P-256", 0);
  OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point, 65);
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr);
  EVP_PKEY* pkey = nullptr;
  EVP_PKEY_fromdata_init(ctx);
  EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params);
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(bld);
  return pkey;
}

Bytes Hkdf(const Bytes& ikm, const std::string& info) {
  EVP_KDF* kdf = EVP_KDF_fetch(nullptr, "HKDF", nullptr);
  EVP_KDF_CTX* ctx = EVP_KDF_CTX_new(kdf);
  unsigned char salt[32] = {0};
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
                                       const_cast<char*>("SHA256"), 0),
      OSSL_PARAM_construct_octet_string(
          OSSL_KDF_PARAM_KEY, const_cast<uint8_t*>(ikm.data()), ikm.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, salt,
                                        sizeof(salt)),
      OSSL_PARAM_construct_octet_string(
          OSSL_KDF_PARAM_INFO, const_cast<char*>(info.data()), info.size()),
      OSSL_PARAM_construct_end()};
  Bytes out(32);
  EVP_KDF_derive(ctx, out.data(), out.size(), params);
  EVP_KDF_CTX_free(ctx);
  EVP_KDF_free(kdf);
  return out;
}

Bytes Hmac(const Bytes& key, const Bytes& data) {
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(mac);
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
                                       const_cast<char*>("SHA256"), 0),
      OSSL_PARAM_construct_end()};
  Bytes out(32);
  size_t len = 0;
  EVP_MAC_init(ctx, key.data(), key.size(), params);
  EVP_MAC_update(ctx, data.data(), data.size());
  EVP_MAC_final(ctx, out.data(), &len, out.size());
  EVP_MAC_CTX_free(ctx);
  EVP_MAC_free(mac);
  return out;
}

Bytes AesCbc(bool enc, const Bytes& key, const Bytes& iv, const Bytes& data) {
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  Bytes out(data.size() + 16);
  int len = 0, fin = 0;
  EVP_CipherInit_ex(ctx, EVP_aes_256_cbc(), nullptr, key.data(), iv.data(),
                    enc);
  EVP_CIPHER_CTX_set_padding(ctx, 0);
  EVP_CipherUpdate(ctx, out.data(), &len, data.data(),
                   static_cast<int>(data.size()));
  EVP_CipherFinal_ex(ctx, out.data() + len, &fin);
  EVP_CIPHER_CTX_free(ctx);
  out.resize(static_cast<size_t>(len + fin));
  return out;
}

}  // namespace

bool IsCanonicalCtap2(const Bytes& bytes) {
  Cursor c{bytes};
  return Item(c, nullptr, 0) && c.pos == bytes.size();
}

Harness::Harness(AuthenticatorConfig config, uint32_t seed) : platform(seed) {
  auth = std::make_unique<Authenticator>(platform, store, config);
}

Response Harness::Send(Command command, const cbor::Item& params,
                       PresenceGrant grant) {
  return SendRaw(static_cast<uint8_t>(command), cbor::Encode(params.get()),
                 grant);
}

Response Harness::SendRaw(uint8_t command, const Bytes& body,
                          PresenceGrant grant) {
  Bytes payload{command};
  payload.insert(payload.end(), body.begin(), body.end());
  Response r;
  auto outcome = auth->Handle(0x10, payload, PresenceGrant::kNotRequested);
  if (outcome.kind == ctaphid::AppOutcome::Kind::kNeedsPresence) {
    r.asked_presence = true;
    outcome = auth->Handle(0x10, payload, grant);
  }
  if (outcome.kind != ctaphid::AppOutcome::Kind::kResponse ||
      outcome.payload.empty()) {
    return r;
  }
  r.status = outcome.payload[0];
  r.body.assign(outcome.payload.begin() + 1, outcome.payload.end());
  if (!r.body.empty()) {
    if (!IsCanonicalCtap2(r.body)) {
      r.status = 0xFE;  // tests treat non-canonical output as a failure
      return r;
    }
    auto item = cbor::Decode(r.body);
    if (item.ok()) r.item = std::move(*item);
  }
  return r;
}

Bytes Sha256(const Bytes& data) {
  Bytes out(32);
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_sha256(), nullptr);
  return out;
}

Bytes ToBytes(const std::string& s) { return Bytes(s.begin(), s.end()); }
Bytes Cdh(uint8_t fill) { return Bytes(32, fill); }

Bytes GetBytes(const cbor_item_t* item) {
  auto v = cbor::AsBytes(item);
  return v.ok() ? Bytes(v->begin(), v->end()) : Bytes();
}

int64_t GetInt(const cbor_item_t* item) {
  auto v = cbor::AsInt(item);
  return v.ok() ? *v : INT64_MIN;
}

// ---- PinClient ----

PinClient::~PinClient() {
  EVP_PKEY_free(static_cast<EVP_PKEY*>(platform_key_));
}

bool PinClient::Agree() {
  Response r = h_.Send(Command::kClientPin, cbor::MapBuilder()
                                                .Add(1, cbor::Uint(protocol_))
                                                .Add(2, cbor::Uint(2))
                                                .Build());
  if (r.status != 0) return false;
  const cbor_item_t* key = r.Get(1);
  if (GetInt(cbor::MapGet(key, 1)) != 2) return false;
  // Peer key from COSE -2/-3 (negative keys: search by int).
  Bytes x, y;
  struct cbor_pair* pairs = cbor_map_handle(key);
  for (size_t i = 0; i < cbor_map_size(key); ++i) {
    int64_t k = GetInt(pairs[i].key);
    if (k == -2) x = GetBytes(pairs[i].value);
    if (k == -3) y = GetBytes(pairs[i].value);
    if (k == 3 && GetInt(pairs[i].value) != -25) return false;
    if (k == -1 && GetInt(pairs[i].value) != 1) return false;
  }
  EVP_PKEY* peer = EcPublicKey(x, y);
  if (!peer) return false;
  EVP_PKEY_free(static_cast<EVP_PKEY*>(platform_key_));
  EVP_PKEY* own = EVP_EC_gen("P-256");
  platform_key_ = own;
  unsigned char point[65];
  size_t point_len = 0;
  EVP_PKEY_get_octet_string_param(own, OSSL_PKEY_PARAM_PUB_KEY, point,
                                  sizeof(point), &point_len);
  platform_x_.assign(point + 1, point + 33);
  platform_y_.assign(point + 33, point + 65);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(own, nullptr);
  Bytes z(32);
  size_t z_len = z.size();
  EVP_PKEY_derive_init(ctx);
  EVP_PKEY_derive_set_peer(ctx, peer);
  bool ok = EVP_PKEY_derive(ctx, z.data(), &z_len) == 1 && z_len == 32;
  EVP_PKEY_CTX_free(ctx);
  EVP_PKEY_free(peer);
  if (!ok) return false;
  if (protocol_ == 1) {
    shared_ = Sha256(z);
  } else {
    shared_ = Hkdf(z, "CTAP2 HMAC key");
    Bytes aes = Hkdf(z, "CTAP2 AES key");
    shared_.insert(shared_.end(), aes.begin(), aes.end());
  }
  return true;
}

cbor::Item PinClient::PlatformKey() const {
  return cbor::MapBuilder()
      .Add(1, cbor::Int(2))
      .Add(3, cbor::Int(-25))
      .Add(-1, cbor::Int(1))
      .Add(-2, cbor::Bytes(platform_x_))
      .Add(-3, cbor::Bytes(platform_y_))
      .Build();
}

Bytes PinClient::Encrypt(const Bytes& plaintext) {
  if (protocol_ == 1) return AesCbc(true, shared_, Bytes(16, 0), plaintext);
  Bytes iv(16);
  RAND_bytes(iv.data(), 16);
  Bytes key(shared_.begin() + 32, shared_.end());
  Bytes out = iv;
  Bytes ct = AesCbc(true, key, iv, plaintext);
  out.insert(out.end(), ct.begin(), ct.end());
  return out;
}

Bytes PinClient::Decrypt(const Bytes& ciphertext) {
  if (protocol_ == 1) return AesCbc(false, shared_, Bytes(16, 0), ciphertext);
  if (ciphertext.size() < 16) return {};
  Bytes iv(ciphertext.begin(), ciphertext.begin() + 16);
  Bytes body(ciphertext.begin() + 16, ciphertext.end());
  return AesCbc(false, Bytes(shared_.begin() + 32, shared_.end()), iv, body);
}

Bytes PinClient::Authenticate(const Bytes& key, const Bytes& message) const {
  Bytes k = key;
  if (protocol_ == 2 && k.size() > 32) k.resize(32);
  Bytes mac = Hmac(k, message);
  if (protocol_ == 1) mac.resize(16);
  return mac;
}

Bytes PinClient::PaddedPin(const std::string& pin) {
  Bytes padded(pin.begin(), pin.end());
  padded.resize(64, 0);
  return padded;
}

Bytes PinClient::PinHashEnc(const std::string& pin) {
  Bytes hash = Sha256(ToBytes(pin));
  hash.resize(16);
  return Encrypt(hash);
}

uint8_t PinClient::SetPin(const std::string& pin) {
  if (!Agree()) return 0xFF;
  return SendNewPin(3, Encrypt(PaddedPin(pin)), {});
}

uint8_t PinClient::ChangePin(const std::string& old_pin,
                             const std::string& new_pin) {
  if (!Agree()) return 0xFF;
  Bytes new_pin_enc = Encrypt(PaddedPin(new_pin));
  return SendNewPin(4, new_pin_enc, PinHashEnc(old_pin));
}

uint8_t PinClient::SendNewPin(uint8_t subcommand, const Bytes& new_pin_enc,
                              const Bytes& pin_hash_enc) {
  Bytes msg = new_pin_enc;
  msg.insert(msg.end(), pin_hash_enc.begin(), pin_hash_enc.end());
  cbor::MapBuilder req;
  req.Add(1, cbor::Uint(protocol_))
      .Add(2, cbor::Uint(subcommand))
      .Add(3, PlatformKey())
      .Add(4, cbor::Bytes(Authenticate(shared_, msg)))
      .Add(5, cbor::Bytes(new_pin_enc));
  if (!pin_hash_enc.empty()) req.Add(6, cbor::Bytes(pin_hash_enc));
  return h_.Send(Command::kClientPin, req.Build()).status;
}

uint8_t PinClient::GetToken(const std::string& pin, uint8_t permissions,
                            std::optional<std::string> rp_id, Bytes* token) {
  if (!Agree()) return 0xFF;
  cbor::MapBuilder req;
  req.Add(1, cbor::Uint(protocol_))
      .Add(2, cbor::Uint(permissions ? 9 : 5))
      .Add(3, PlatformKey())
      .Add(6, cbor::Bytes(PinHashEnc(pin)));
  if (permissions) req.Add(9, cbor::Uint(permissions));
  if (rp_id) req.Add(10, cbor::Text(*rp_id));
  Response r = h_.Send(Command::kClientPin, req.Build());
  if (r.status == 0 && token) *token = Decrypt(GetBytes(r.Get(2)));
  return r.status;
}

Bytes PinClient::SetPinAndGetToken(const std::string& pin, uint8_t permissions,
                                   std::optional<std::string> rp_id) {
  BOOST_REQUIRE_EQUAL(SetPin(pin), 0);
  Bytes token;
  BOOST_REQUIRE_EQUAL(GetToken(pin, permissions, std::move(rp_id), &token), 0);
  return token;
}

cbor::Item PinClient::WithPinAuth(const cbor::Item& params, int64_t key,
                                  const Bytes& token, const Bytes& cdh) const {
  return With(With(params, key, cbor::Bytes(Authenticate(token, cdh))), key + 1,
              cbor::Uint(protocol_));
}

int PinClient::Retries() {
  Response r = h_.Send(Command::kClientPin, cbor::MapBuilder()
                                                .Add(1, cbor::Uint(protocol_))
                                                .Add(2, cbor::Uint(1))
                                                .Build());
  return r.status == 0 ? static_cast<int>(GetInt(r.Get(3))) : -1;
}

// ---- builders ----

cbor::Item MakeCredentialParams(const std::string& rp_id, const Bytes& user_id,
                                const Bytes& cdh, bool rk, int alg) {
  cbor::MapBuilder params;
  params.Add(1, cbor::Bytes(cdh))
      .Add(2, cbor::MapBuilder()
                  .Add("id", cbor::Text(rp_id))
                  .Add("name", cbor::Text("Example"))
                  .Build())
      .Add(3, cbor::MapBuilder()
                  .Add("id", cbor::Bytes(user_id))
                  .Add("name", cbor::Text("alice"))
                  .Add("displayName", cbor::Text("Alice A."))
                  .Build())
      .Add(4, cbor::ArrayBuilder()
                  .Add(cbor::MapBuilder()
                           .Add("alg", cbor::Int(alg))
                           .Add("type", cbor::Text("public-key"))
                           .Build())
                  .Build());
  if (rk) params.Add(7, cbor::MapBuilder().Add("rk", cbor::Bool(true)).Build());
  return params.Build();
}

cbor::Item Descriptor(const Bytes& id) {
  return cbor::MapBuilder()
      .Add("id", cbor::Bytes(id))
      .Add("type", cbor::Text("public-key"))
      .Build();
}

cbor::Item With(const cbor::Item& base, int64_t key, cbor::Item value) {
  cbor::MapBuilder b;
  struct cbor_pair* pairs = cbor_map_handle(base.get());
  for (size_t i = 0; i < cbor_map_size(base.get()); ++i) {
    if (GetInt(pairs[i].key) == key) continue;
    b.Add(cbor::Item(cbor_incref(pairs[i].key)),
          cbor::Item(cbor_incref(pairs[i].value)));
  }
  b.Add(cbor::Int(key), std::move(value));
  return b.Build();
}

std::optional<AuthData> ParseAuthData(const Bytes& a) {
  if (a.size() < 37) return std::nullopt;
  AuthData d;
  d.rp_id_hash.assign(a.begin(), a.begin() + 32);
  d.flags = a[32];
  d.counter = (uint32_t{a[33]} << 24) | (uint32_t{a[34]} << 16) |
              (uint32_t{a[35]} << 8) | a[36];
  size_t pos = 37;
  if (d.flags & 0x40) {
    if (a.size() < pos + 18) return std::nullopt;
    d.aaguid.assign(a.begin() + pos, a.begin() + pos + 16);
    size_t len = (size_t{a[pos + 16]} << 8) | a[pos + 17];
    pos += 18;
    if (a.size() < pos + len) return std::nullopt;
    d.credential_id.assign(a.begin() + pos, a.begin() + pos + len);
    pos += len;
    Bytes rest(a.begin() + pos, a.end());
    struct cbor_load_result res;
    cbor_item_t* key = cbor_load(rest.data(), rest.size(), &res);
    if (!key) return std::nullopt;
    d.public_key = cbor::Item(key);
    pos += res.read;
  }
  if (d.flags & 0x80) {
    Bytes rest(a.begin() + pos, a.end());
    auto ext = cbor::Decode(rest);
    if (!ext.ok()) return std::nullopt;
    d.extensions = std::move(*ext);
    pos = a.size();
  }
  if (pos != a.size()) return std::nullopt;
  return d;
}

bool VerifyCoseSignature(const cbor_item_t* key, const Bytes& message,
                         const Bytes& signature) {
  int64_t alg = 0;
  Bytes x, y;
  struct cbor_pair* pairs = cbor_map_handle(key);
  for (size_t i = 0; i < cbor_map_size(key); ++i) {
    int64_t k = GetInt(pairs[i].key);
    if (k == 3) alg = GetInt(pairs[i].value);
    if (k == -2) x = GetBytes(pairs[i].value);
    if (k == -3) y = GetBytes(pairs[i].value);
  }
  EVP_PKEY* pkey = nullptr;
  const EVP_MD* md = nullptr;
  if (alg == -7) {
    pkey = EcPublicKey(x, y);
    md = EVP_sha256();
  } else if (alg == -8) {
    pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, x.data(),
                                       x.size());
  }
  if (!pkey) return false;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  bool ok = EVP_DigestVerifyInit(ctx, nullptr, md, nullptr, pkey) == 1 &&
            EVP_DigestVerify(ctx, signature.data(), signature.size(),
                             message.data(), message.size()) == 1;
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_free(pkey);
  return ok;
}

bool VerifyPackedAttestation(const Response& mc, const Bytes& cdh,
                             const Bytes& aaguid, std::string* why) {
  auto fmt = cbor::AsText(mc.Get(1));
  if (!fmt.ok() || *fmt != "packed") return *why = "fmt", false;
  Bytes auth_data = GetBytes(mc.Get(2));
  const cbor_item_t* stmt = mc.Get(3);
  if (GetInt(cbor::MapGetText(stmt, "alg")) != -7) return *why = "alg", false;
  Bytes sig = GetBytes(cbor::MapGetText(stmt, "sig"));
  const cbor_item_t* x5c = cbor::MapGetText(stmt, "x5c");
  if (!x5c || !cbor_isa_array(x5c) || cbor_array_size(x5c) != 1) {
    return *why = "x5c", false;
  }
  Bytes der = GetBytes(cbor_array_handle(x5c)[0]);
  const unsigned char* p = der.data();
  X509* cert = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
  if (!cert) return *why = "cert parse", false;
  bool ok = true;
  EVP_PKEY* key = X509_get0_pubkey(cert);
  if (X509_get_version(cert) != 2) ok = (*why = "version", false);
  if (ok && X509_verify(cert, key) != 1) ok = (*why = "self-signature", false);
  char ou[64] = {0};
  X509_NAME_get_text_by_NID(X509_get_subject_name(cert),
                            NID_organizationalUnitName, ou, sizeof(ou));
  if (ok && std::string(ou) != "Authenticator Attestation")
    ok = (*why = "OU", false);
  BASIC_CONSTRAINTS* bc = static_cast<BASIC_CONSTRAINTS*>(
      X509_get_ext_d2i(cert, NID_basic_constraints, nullptr, nullptr));
  if (ok && (!bc || bc->ca)) ok = (*why = "basicConstraints", false);
  BASIC_CONSTRAINTS_free(bc);
  if (ok) {
    ASN1_OBJECT* oid = OBJ_txt2obj("1.3.6.1.4.1.45724.1.1.4", 1);
    int idx = X509_get_ext_by_OBJ(cert, oid, -1);
    ASN1_OBJECT_free(oid);
    X509_EXTENSION* ext = idx >= 0 ? X509_get_ext(cert, idx) : nullptr;
    ASN1_OCTET_STRING* data = ext ? X509_EXTENSION_get_data(ext) : nullptr;
    if (!data || ASN1_STRING_length(data) != 18 ||
        std::memcmp(ASN1_STRING_get0_data(data) + 2, aaguid.data(), 16) != 0) {
      ok = (*why = "aaguid extension", false);
    }
  }
  if (ok) {
    Bytes signed_data = auth_data;
    signed_data.insert(signed_data.end(), cdh.begin(), cdh.end());
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ok = EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1 &&
         EVP_DigestVerify(ctx, sig.data(), sig.size(), signed_data.data(),
                          signed_data.size()) == 1;
    EVP_MD_CTX_free(ctx);
    if (!ok) *why = "signature";
  }
  X509_free(cert);
  return ok;
}

}  // namespace hsm::ctap2::testing
