// The YKOATH path over CCID with a scripted card (docs/protocol/oath.md §3;
// bridge/oath/ccid_envelope.h, session.h, ccid_access.h): SW-last split,
// SEND REMAINING (`00 A5 00 00`) concatenation, SELECT with salt and
// access-code challenge, VALIDATE with PBKDF2-HMAC-SHA1 keys and mutual
// authentication, LIST v0, CALCULATE P2=01, 6984 not found.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <string>
#include <thread>

#include "bridge/link/card_channel.h"
#include "bridge/oath/ccid_access.h"
#include "bridge/oath/ccid_envelope.h"
#include "bridge/oath/code.h"
#include "bridge/oath/management.h"
#include "bridge/oath/session.h"
#include "bridge/oath/status_word.h"
#include "hex.h"

namespace bridge::oath {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes Hex(std::string_view hex) { return keybridge::testing::FromHex(hex); }

Bytes Cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

Bytes B(std::string_view s) { return Bytes(s.begin(), s.end()); }

SecretBytes Secret(std::string_view s) {
  return SecretBytes(std::span<const uint8_t>(
      reinterpret_cast<const uint8_t*>(s.data()), s.size()));
}

int KindOf(const Error& e) { return static_cast<int>(e.kind); }
int Kind(ErrorKind k) { return static_cast<int>(k); }

// A card that answers from a script. Each step may name the exact command
// APDU it expects; the reply is the raw response APDU (data ‖ SW1 SW2) or a
// host error. A step may instead compute its reply from the command. When
// the script runs out the card answers a transport error, so a host that
// loops can never hang a test.
class ScriptedCard : public link::CardChannel {
 public:
  struct Step {
    Bytes expect;  // empty: any APDU
    std::function<Result<Bytes>(const Bytes&)> reply;
  };

  void Expect(Bytes apdu, Bytes reply) {
    steps.push_back({std::move(apdu),
                     [reply](const Bytes&) -> Result<Bytes> { return reply; }});
  }
  void Answer(Bytes reply) { Expect({}, std::move(reply)); }
  void Fail(ErrorKind kind, std::string message) {
    steps.push_back({{}, [kind, message](const Bytes&) -> Result<Bytes> {
                       return MakeError(kind, message);
                     }});
  }
  void Compute(std::function<Result<Bytes>(const Bytes&)> f) {
    steps.push_back({{}, std::move(f)});
  }

  Result<Bytes> Transmit(std::span<const uint8_t> apdu) override {
    sent.emplace_back(apdu.begin(), apdu.end());
    if (delay_ms > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    }
    if (steps.empty()) {
      return MakeError(ErrorKind::kTransport, "scripted card: no more steps");
    }
    Step step = std::move(steps.front());
    steps.pop_front();
    if (!step.expect.empty()) {
      BOOST_TEST(sent.back() == step.expect, boost::test_tools::per_element());
    }
    return step.reply(sent.back());
  }

  std::deque<Step> steps;
  std::vector<Bytes> sent;
  int delay_ms = 0;
};

// LIST over the CCID envelope to `card`.
Result<std::vector<ListEntry>> ListOver(ScriptedCard& card) {
  CcidSwLastEnvelope env(card);
  OathSession session(env);
  return session.List();
}

// ListOver(card), which must fail; its error.
Error ListError(ScriptedCard& card) {
  auto r = ListOver(card);
  BOOST_REQUIRE(!r.ok());
  return r.error();
}

const Bytes kSelectApdu = Hex("00 A4 04 00 07 A0 00 00 05 27 21 01");
const Bytes kSendRemaining = Hex("00 A5 00 00");
const Bytes kListApdu = Hex("00 A1 00 00");
// docs/protocol/oath.md §3 example SELECT answer (no access code),
// YubiKey 5.2.4.
const Bytes kSelectReply =
    Hex("79 03 05 02 04 71 08 4B B7 A7 FA D7 AF 40 1B 90 00");
const Bytes kSalt = Hex("4B B7 A7 FA D7 AF 40 1B");
const Bytes kSelectChallenge = Hex("01 02 03 04 05 06 07 08");

// --- independent reference computations (OpenSSL, not bridge code) --------

Bytes RefPbkdf2Sha1(std::string_view password, const Bytes& salt) {
  Bytes out(16);
  BOOST_REQUIRE(PKCS5_PBKDF2_HMAC(password.data(),
                                  static_cast<int>(password.size()),
                                  salt.data(), static_cast<int>(salt.size()),
                                  1000, EVP_sha1(), 16, out.data()) == 1);
  return out;
}

Bytes RefHmac(const EVP_MD* md, const Bytes& key, const Bytes& msg) {
  Bytes out(EVP_MAX_MD_SIZE);
  unsigned int len = 0;
  BOOST_REQUIRE(HMAC(md, key.data(), static_cast<int>(key.size()), msg.data(),
                     msg.size(), out.data(), &len) != nullptr);
  out.resize(len);
  return out;
}

// --- the envelope -----------------------------------------------------------

BOOST_AUTO_TEST_CASE(EnvelopeSplitsStatusWordLast) {
  ScriptedCard card;
  card.Expect(Hex("00 A1 00 00"), Hex("72 02 21 61 90 00"));
  card.Answer(Hex("69 84"));
  card.Answer(Hex("61 05"));
  CcidSwLastEnvelope env(card);
  BOOST_TEST((env.tlv_length() == TlvLength::kBer));
  BOOST_TEST(env.ykoath());

  auto a = env.Transmit(kListApdu, {});
  BOOST_REQUIRE(a.ok());
  BOOST_TEST(a->sw == 0x9000);
  BOOST_TEST(a->data == Hex("72 02 21 61"), boost::test_tools::per_element());
  auto b = env.Transmit(kListApdu, {});
  BOOST_REQUIRE(b.ok());
  BOOST_TEST(b->sw == 0x6984);
  BOOST_TEST(b->data.empty());
  auto c = env.Transmit(kListApdu, {});
  BOOST_REQUIRE(c.ok());
  BOOST_TEST(c->sw == 0x6105);
  BOOST_TEST(c->data.empty());
}

BOOST_AUTO_TEST_CASE(EnvelopeErrors) {
  ScriptedCard card;
  card.Answer({});
  card.Answer({0x90});
  card.Fail(ErrorKind::kNoDevice, "pcsc:R: card removed");
  CcidSwLastEnvelope env(card);
  for (int i = 0; i < 2; ++i) {
    auto r = env.Transmit(kListApdu, {});
    BOOST_REQUIRE(!r.ok());
    BOOST_TEST(KindOf(r.error()) == Kind(ErrorKind::kProtocol));
    BOOST_TEST(r.error().message.find("status word") != std::string::npos);
  }
  auto r = env.Transmit(kListApdu, {});
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(KindOf(r.error()) == Kind(ErrorKind::kNoDevice));
  BOOST_TEST(r.error().message == "pcsc:R: card removed");
}

BOOST_AUTO_TEST_CASE(EnvelopeTouchNotice) {
  std::atomic<int> notices{0};
  CcidHooks hooks;
  hooks.on_touch_wait = [&] { ++notices; };
  hooks.touch_notice_ms = 20;

  // The card takes longer than the notice delay: one prompt, then the
  // answer arrives unchanged.
  ScriptedCard slow;
  slow.delay_ms = 200;
  slow.Answer(Hex("76 05 06 00 00 00 2A 90 00"));
  slow.Answer(Hex("90 00"));
  CcidSwLastEnvelope env(slow, hooks);
  ExchangeOptions touch;
  touch.may_need_touch = true;
  auto r = env.Transmit(kListApdu, touch);
  BOOST_REQUIRE(r.ok());
  BOOST_TEST(r->sw == 0x9000);
  BOOST_TEST(r->data.size() == 7u);
  BOOST_TEST(notices.load() == 1);
  // Without may_need_touch nobody is told to touch.
  BOOST_REQUIRE(env.Transmit(kListApdu, {}).ok());
  BOOST_TEST(notices.load() == 1);

  // A card that answers at once: no prompt (and no waiting for the notice
  // delay either).
  hooks.touch_notice_ms = 60000;
  ScriptedCard fast;
  fast.Answer(Hex("90 00"));
  fast.Fail(ErrorKind::kTransport, "gone");
  CcidSwLastEnvelope env2(fast, hooks);
  const auto start = std::chrono::steady_clock::now();
  BOOST_REQUIRE(env2.Transmit(kListApdu, touch).ok());
  // Host errors come back through the touch path too.
  auto e = env2.Transmit(kListApdu, touch);
  BOOST_REQUIRE(!e.ok());
  BOOST_TEST(KindOf(e.error()) == Kind(ErrorKind::kTransport));
  const bool quick =
      std::chrono::steady_clock::now() - start < std::chrono::seconds(10);
  BOOST_TEST(quick);
  BOOST_TEST(notices.load() == 1);
}

// --- SEND REMAINING ---------------------------------------------------------

BOOST_AUTO_TEST_CASE(SendRemainingConcatenatesChunks) {
  ScriptedCard card;
  // The second entry is split across chunks, as a YubiKey may split its
  // reply at any byte.
  card.Expect(kListApdu, Hex("72 06 21 61 6C 69 63 65 72 61 05"));
  card.Expect(kSendRemaining, Hex("04 12 62 6F 62 61 03"));
  card.Expect(kSendRemaining, Hex("72 02 23 63 90 00"));
  auto list = ListOver(card);
  BOOST_REQUIRE_MESSAGE(list.ok(),
                        (list.ok() ? std::string() : list.error().message));
  BOOST_REQUIRE_EQUAL(list->size(), 3u);
  BOOST_TEST((*list)[0].name == "alice");
  BOOST_TEST(((*list)[0].type == OathType::kTotp));
  BOOST_TEST(((*list)[0].algorithm == HashAlgorithm::kSha1));
  BOOST_TEST(!(*list)[0].has_properties);  // v0: no property byte
  BOOST_TEST((*list)[1].name == "bob");
  BOOST_TEST(((*list)[1].type == OathType::kHotp));
  BOOST_TEST(((*list)[1].algorithm == HashAlgorithm::kSha256));
  BOOST_TEST((*list)[2].name == "c");
  BOOST_TEST(((*list)[2].algorithm == HashAlgorithm::kSha512));
  BOOST_TEST(card.sent.size() == 3u);
  BOOST_TEST(card.steps.empty());
}

BOOST_AUTO_TEST_CASE(SendRemainingErrors) {
  {  // The card fails the SEND REMAINING: its SW names the operation.
    ScriptedCard card;
    card.Expect(kListApdu, Hex("72 02 21 61 61 10"));
    card.Expect(kSendRemaining, Hex("69 85"));
    Error e = ListError(card);
    BOOST_TEST(KindOf(e) == Kind(ErrorKind::kStatusWord));
    BOOST_TEST(e.code == 0x6985);
    BOOST_TEST(e.message.find("list") != std::string::npos);
  }
  {  // The reader fails in the middle.
    ScriptedCard card;
    card.Expect(kListApdu, Hex("72 02 21 61 61 10"));
    card.Fail(ErrorKind::kTransport, "reader unplugged");
    Error e = ListError(card);
    BOOST_TEST(KindOf(e) == Kind(ErrorKind::kTransport));
  }
  {  // The chunks join into a truncated TLV: a protocol error, not a crash.
    ScriptedCard card;
    card.Expect(kListApdu, Hex("72 06 21 61 61 02"));
    card.Expect(kSendRemaining, Hex("62 90 00"));
    Error e = ListError(card);
    BOOST_TEST(KindOf(e) == Kind(ErrorKind::kProtocol));
  }
  {  // The reply may not grow past kMaxResponseBytes.
    ScriptedCard card;
    const Bytes chunk = Cat({Bytes(60000, 0x72), Hex("61 FF")});
    for (int i = 0; i < 40; ++i) card.Answer(chunk);
    Error e = ListError(card);
    BOOST_TEST(KindOf(e) == Kind(ErrorKind::kProtocol));
    BOOST_TEST(e.message.find("too long") != std::string::npos);
    BOOST_TEST(card.sent.size() * 60000 <= kMaxResponseBytes + 60000);
  }
}

// A key that keeps announcing more data (61xx) but never sends any must not
// keep the host asking forever.
BOOST_AUTO_TEST_CASE(SendRemainingWithoutProgressStops) {
  ScriptedCard card;
  card.Expect(kListApdu, Hex("72 02 21 61 61 00"));
  for (int i = 0; i < 1000; ++i) card.Answer(Hex("61 00"));
  Error e = ListError(card);
  BOOST_TEST(KindOf(e) == Kind(ErrorKind::kProtocol), e.message);
  BOOST_TEST(card.sent.size() <= 3u);
}

// --- SELECT
// -------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(SelectWithoutAccessCode) {
  ScriptedCard card;
  card.Expect(kSelectApdu, kSelectReply);
  CcidSwLastEnvelope env(card);
  OathSession session(env);
  auto info = session.Select();
  BOOST_REQUIRE(info.ok());
  BOOST_REQUIRE(info->version.has_value());
  BOOST_TEST((*info->version == std::array<uint8_t, 3>{5, 2, 4}));
  BOOST_TEST(info->salt == kSalt, boost::test_tools::per_element());
  BOOST_TEST(info->challenge.empty());
  BOOST_TEST(!info->algorithm.has_value());
  BOOST_TEST(!info->pin_retries.has_value());
  // No access code: Validate sends nothing.
  BOOST_TEST(session.Validate(Secret("anything"), *info).ok());
  BOOST_TEST(card.sent.size() == 1u);
}

BOOST_AUTO_TEST_CASE(SelectWithAccessCode) {
  ScriptedCard card;
  card.Expect(kSelectApdu,
              Cat({Hex("79 03 05 04 03 71 08"), kSalt, Hex("74 08"),
                   kSelectChallenge, Hex("7B 01 01 90 00")}));
  card.Expect(kSelectApdu, Hex("6A 82"));
  card.Expect(kSelectApdu, Hex("79 02 05 04 90 00"));
  card.Expect(kSelectApdu, Hex("79 03 05 04 03 7B 02 01 01 90 00"));
  CcidSwLastEnvelope env(card);
  OathSession session(env);
  auto info = session.Select();
  BOOST_REQUIRE(info.ok());
  BOOST_TEST((*info->version == std::array<uint8_t, 3>{5, 4, 3}));
  BOOST_TEST(info->salt == kSalt, boost::test_tools::per_element());
  BOOST_TEST(info->challenge == kSelectChallenge,
             boost::test_tools::per_element());
  BOOST_REQUIRE(info->algorithm.has_value());
  BOOST_TEST(*info->algorithm == 0x01);

  // No OATH applet: the status word, named.
  auto missing = session.Select();
  BOOST_REQUIRE(!missing.ok());
  BOOST_TEST(KindOf(missing.error()) == Kind(ErrorKind::kStatusWord));
  BOOST_TEST(missing.error().code == 0x6A82);
  BOOST_TEST(missing.error().message.find("select") != std::string::npos);
  // Malformed version / algorithm: protocol errors.
  for (int i = 0; i < 2; ++i) {
    auto bad = session.Select();
    BOOST_REQUIRE(!bad.ok());
    BOOST_TEST(KindOf(bad.error()) == Kind(ErrorKind::kProtocol));
  }
}

// --- VALIDATE
// -----------------------------------------------------------------

BOOST_AUTO_TEST_CASE(DeriveAccessKeyMatchesReference) {
  // Fixed vector (Python hashlib.pbkdf2_hmac('sha1', b'hunter2', salt,
  // 1000, 16)) and an independent OpenSSL computation.
  auto key = DeriveAccessKey(Secret("hunter2"), kSalt);
  BOOST_REQUIRE(key.ok());
  const Bytes got(key->view().begin(), key->view().end());
  BOOST_TEST(got == Hex("159cdeb04f36fc73182f068b271a2b90"),
             boost::test_tools::per_element());
  BOOST_TEST(got == RefPbkdf2Sha1("hunter2", kSalt),
             boost::test_tools::per_element());
  auto other = DeriveAccessKey(Secret("hunter2"), Hex("00 01 02 03"));
  BOOST_REQUIRE(other.ok());
  BOOST_TEST(!other->Equals(got));
}

BOOST_AUTO_TEST_CASE(EncodeValidateBytes) {
  const Bytes key = RefPbkdf2Sha1("hunter2", kSalt);
  const SecretBytes skey(key);
  const Bytes host = Hex("A0 A1 A2 A3 A4 A5 A6 A7");
  auto apdu = EncodeValidate(skey, 0x01, kSelectChallenge, host);
  BOOST_REQUIRE(apdu.ok());
  auto bytes = EncodeApdu(*apdu);
  BOOST_REQUIRE(bytes.ok());
  // 00 A3 00 00 20 | 75 14 HMAC-SHA1(key, select challenge) | 74 08 host.
  BOOST_TEST(*bytes == Cat({Hex("00 A3 00 00 20 75 14"),
                            Hex("55a1aee806853fb150655e8e87d4d25f14832a70"),
                            Hex("74 08"), host}),
             boost::test_tools::per_element());
  BOOST_TEST(Bytes(bytes->begin() + 7, bytes->begin() + 27) ==
                 RefHmac(EVP_sha1(), key, kSelectChallenge),
             boost::test_tools::per_element());

  // 7B 02: HMAC-SHA256.
  auto sha256 = EncodeValidate(skey, 0x02, kSelectChallenge, host);
  BOOST_REQUIRE(sha256.ok());
  BOOST_TEST(sha256->data == Cat({Hex("75 20"),
                                  RefHmac(EVP_sha256(), key, kSelectChallenge),
                                  Hex("74 08"), host}),
             boost::test_tools::per_element());

  auto empty = EncodeValidate(skey, 0x01, {}, host);
  BOOST_REQUIRE(!empty.ok());
  BOOST_TEST(KindOf(empty.error()) == Kind(ErrorKind::kInvalidInput));
  BOOST_TEST(!EncodeValidate(skey, 0x01, kSelectChallenge, {}).ok());
  BOOST_TEST(!EncodeValidate(skey, 0x0F, kSelectChallenge, host).ok());
}

// A card with access code `password`: checks the host's VALIDATE against
// the reference computation and answers HMAC(key, host challenge), or a
// tampered answer chosen by `answer`.
struct ValidatingCard {
  explicit ValidatingCard(std::string_view password)
      : key(RefPbkdf2Sha1(password, kSalt)) {}

  void ScriptSelectAndValidate(
      std::function<Bytes(const Bytes& good_mac)> answer) {
    card.Expect(kSelectApdu,
                Cat({Hex("79 03 05 04 03 71 08"), kSalt, Hex("74 08"),
                     kSelectChallenge, Hex("7B 01 01 90 00")}));
    card.Compute([this, answer](const Bytes& apdu) -> Result<Bytes> {
      // 00 A3 00 00 20 75 14 <20> 74 08 <8>
      if (apdu.size() != 5 + 0x20 || apdu[1] != 0xA3 || apdu[5] != 0x75 ||
          apdu[6] != 0x14 || apdu[27] != 0x74 || apdu[28] != 0x08) {
        BOOST_ERROR("unexpected VALIDATE APDU");
        return Hex("6A 80");
      }
      const Bytes mac(apdu.begin() + 7, apdu.begin() + 27);
      host_challenge.assign(apdu.begin() + 29, apdu.end());
      if (mac != RefHmac(EVP_sha1(), key, kSelectChallenge)) {
        return Hex("69 84");  // wrong password
      }
      return answer(RefHmac(EVP_sha1(), key, host_challenge));
    });
  }

  // SELECT then VALIDATE with `password` over CCID.
  Status SelectAndValidate(std::string_view password) {
    CcidSwLastEnvelope env(card);
    OathSession session(env);
    auto info = session.Select();
    BOOST_REQUIRE(info.ok());
    return session.Validate(Secret(password), *info);
  }

  Bytes key;
  Bytes host_challenge;
  ScriptedCard card;
};

BOOST_AUTO_TEST_CASE(ValidateMutualAuthentication) {
  ValidatingCard v("hunter2");
  v.ScriptSelectAndValidate([](const Bytes& mac) {
    return Cat({Hex("75 14"), mac, Hex("90 00")});
  });
  Status s = v.SelectAndValidate("hunter2");
  BOOST_TEST(s.ok(), (s.ok() ? std::string() : s.error().message));
  BOOST_TEST(v.card.sent.size() == 2u);
  BOOST_TEST(v.host_challenge.size() == 8u);
  BOOST_TEST((v.host_challenge != kSelectChallenge));
}

BOOST_AUTO_TEST_CASE(ValidateRejectsWrongDeviceResponse) {
  const std::vector<std::function<Bytes(const Bytes&)>> answers = {
      // One bit off.
      [](const Bytes& mac) {
        Bytes m = mac;
        m[19] ^= 0x01;
        return Cat({Hex("75 14"), m, Hex("90 00")});
      },
      // The MAC of the select challenge (a replay), not the host's.
      [](const Bytes&) {
        return Cat({Hex("75 14"),
                    RefHmac(EVP_sha1(), RefPbkdf2Sha1("hunter2", kSalt),
                            kSelectChallenge),
                    Hex("90 00")});
      },
      // Truncated MAC.
      [](const Bytes& mac) {
        return Cat(
            {Hex("75 13"), Bytes(mac.begin(), mac.end() - 1), Hex("90 00")});
      },
      // Right MAC under the wrong tag.
      [](const Bytes& mac) {
        return Cat({Hex("76 14"), mac, Hex("90 00")});
      },
      // Right MAC plus an extra TLV.
      [](const Bytes& mac) {
        return Cat({Hex("75 14"), mac, Hex("74 00 90 00")});
      },
      // Nothing at all.
      [](const Bytes&) { return Hex("90 00"); },
  };
  for (size_t i = 0; i < answers.size(); ++i) {
    ValidatingCard v("hunter2");
    v.ScriptSelectAndValidate(answers[i]);
    Status s = v.SelectAndValidate("hunter2");
    BOOST_REQUIRE_MESSAGE(!s.ok(), "accepted tampered answer " << i);
    BOOST_TEST(KindOf(s.error()) == Kind(ErrorKind::kProtocol), i);
    BOOST_TEST(s.error().message.find("did not prove it knows the password") !=
                   std::string::npos,
               s.error().message);
  }
}

BOOST_AUTO_TEST_CASE(ValidateAcceptsLongFormLengthFromDevice) {
  ValidatingCard v("hunter2");
  v.ScriptSelectAndValidate([](const Bytes& mac) {
    return Cat({Hex("75 81 14"), mac, Hex("90 00")});
  });
  BOOST_TEST(v.SelectAndValidate("hunter2").ok());
}

BOOST_AUTO_TEST_CASE(ValidateWrongPasswordIsStatusWord) {
  ValidatingCard v("hunter2");
  v.ScriptSelectAndValidate([](const Bytes&) -> Bytes {
    BOOST_ERROR("the card accepted a wrong password");
    return Hex("90 00");
  });
  Status s = v.SelectAndValidate("hunter3");
  BOOST_REQUIRE(!s.ok());
  BOOST_TEST(KindOf(s.error()) == Kind(ErrorKind::kStatusWord));
  BOOST_TEST(s.error().code == 0x6984);
  BOOST_TEST(s.error().message.find("validate") != std::string::npos);
}

// --- LIST, CALCULATE, not found ----------------------------------------------

BOOST_AUTO_TEST_CASE(ListV0CalculateAndNotFound) {
  ScriptedCard card;
  card.Expect(kSelectApdu, kSelectReply);
  card.Expect(kListApdu, Cat({Hex("72 05 21"), B("test"), Hex("72 11 12"),
                              B("60/Example:alice"), Hex("90 00")}));
  // docs/protocol/oath.md worked example over CCID, CALCULATE P2=01.
  card.Expect(Hex("00 A2 00 01 10 71 04 74 65 73 74 74 08 00 00 00 00 00 00 "
                  "00 01"),
              Hex("76 05 08 41 39 7E EA 90 00"));
  card.Expect(Hex("00 A2 00 01 10 71 04 6E 6F 70 65 74 08 00 00 00 00 00 00 "
                  "00 01"),
              Hex("69 84"));
  // A full (P2=00 style) answer to a truncated request is refused.
  card.Answer(Cat({Hex("75 15 08"), Bytes(20, 0x41), Hex("90 00")}));
  card.Answer(Hex("69 82"));

  CcidSwLastEnvelope env(card);
  OathSession session(env);
  BOOST_REQUIRE(session.Select().ok());
  auto list = session.List();
  BOOST_REQUIRE(list.ok());
  BOOST_REQUIRE_EQUAL(list->size(), 2u);
  BOOST_TEST((*list)[0].name == "test");
  BOOST_TEST(((*list)[0].type == OathType::kTotp));
  BOOST_TEST((*list)[1].name == "60/Example:alice");
  BOOST_TEST(((*list)[1].type == OathType::kHotp));
  BOOST_TEST(((*list)[1].algorithm == HashAlgorithm::kSha256));
  BOOST_TEST(!(*list)[1].touch);

  auto code = session.Calculate("test", TimeChallenge(TimeStep(59, 30)), false);
  BOOST_REQUIRE(code.ok());
  BOOST_TEST(code->digits == 8);
  BOOST_TEST(FormatCode(code->value, code->digits) == "94287082");

  auto missing = session.Calculate("nope", TimeChallenge(1), false);
  BOOST_REQUIRE(!missing.ok());
  BOOST_TEST(KindOf(missing.error()) == Kind(ErrorKind::kStatusWord));
  BOOST_TEST(missing.error().code == 0x6984);
  BOOST_TEST(IsNotFound(missing.error().code));
  BOOST_TEST(missing.error().message.find("calculate 'nope'") !=
             std::string::npos);
  BOOST_TEST(missing.error().message.find("no such account") !=
             std::string::npos);
  BOOST_TEST(missing.error().message.find("6984") != std::string::npos);

  auto full = session.Calculate("test", TimeChallenge(1), false);
  BOOST_REQUIRE(!full.ok());
  BOOST_TEST(KindOf(full.error()) == Kind(ErrorKind::kProtocol));

  auto touch = session.Calculate("test", TimeChallenge(1), true);
  BOOST_REQUIRE(!touch.ok());
  BOOST_TEST(touch.error().code == 0x6982);
  BOOST_TEST(touch.error().message.find("touch timed out") !=
             std::string::npos);
  BOOST_TEST(card.steps.empty());
}

// docs/protocol/oath.md §3 "CALCULATE ALL" and "SEND REMAINING": listing
// codes over YKOATH is one CALCULATE ALL (30-s challenge), its 61xx
// continuation, and nothing else; entries that CALCULATE ALL cannot answer
// (another period, HOTP, touch) come back without a code.
BOOST_AUTO_TEST_CASE(ListAccountCodesSendsOneCalculateAllAndFollows61xx) {
  ScriptedCard card;
  card.Expect(kSelectApdu, kSelectReply);
  card.Expect(Hex("00 A4 00 01 0A 74 08 00 00 00 00 00 00 00 01"),
              Cat({Hex("71 04"), B("test"), Hex("76 05 08 41 39 7E EA"),
                   Hex("71 0A"), B("60/Example"), Hex("61 10")}));
  card.Expect(kSendRemaining, Cat({Hex("76 05 06 00 00 00 2A"), Hex("71 07"),
                                   B("counter"), Hex("77 01 06"), Hex("71 05"),
                                   B("touch"), Hex("7C 01 06"), Hex("90 00")}));
  CcidSwLastEnvelope env(card);
  OathSession session(env);
  BOOST_REQUIRE(session.Select().ok());
  auto codes = ListAccountCodes(session, 59);
  BOOST_REQUIRE(codes.ok());
  BOOST_TEST(card.steps.empty());
  BOOST_TEST(card.sent.size() == 3u);
  BOOST_REQUIRE_EQUAL(codes->size(), 4u);
  const AccountCode& test = (*codes)[0];
  BOOST_TEST(test.entry.name == "test");
  BOOST_TEST((test.entry.type == OathType::kTotp));
  BOOST_TEST(!test.entry.touch);
  BOOST_TEST(test.code.value_or("") == "94287082");
  // 60-s period: the 30-s answer is not its code.
  BOOST_TEST((*codes)[1].entry.name == "60/Example");
  BOOST_TEST(!(*codes)[1].code.has_value());
  const AccountCode& hotp = (*codes)[2];
  BOOST_TEST((hotp.entry.type == OathType::kHotp));
  BOOST_TEST(!hotp.entry.has_properties);  // touch unknown for HOTP
  BOOST_TEST(!hotp.code.has_value());
  const AccountCode& touch = (*codes)[3];
  BOOST_TEST((touch.entry.type == OathType::kTotp));
  BOOST_TEST(touch.entry.touch);
  BOOST_TEST(!touch.code.has_value());

  // The 60-s account then gets its own CALCULATE with T = 59 / 60 = 0.
  card.Expect(Cat({Hex("00 A2 00 01 16 71 0A"), B("60/Example"),
                   Hex("74 08 00 00 00 00 00 00 00 00")}),
              Hex("76 05 06 00 00 00 07 90 00"));
  auto sixty = CalculateCode(session, (*codes)[1].entry, 59);
  BOOST_REQUIRE(sixty.ok());
  BOOST_TEST(*sixty == "000007");
}

BOOST_AUTO_TEST_CASE(CalculateAllErrorsNameTheCommand) {
  ScriptedCard card;
  card.Answer(Hex("6D 00"));
  card.Answer(Cat({Hex("71 01"), B("a"), Hex("90 00")}));
  CcidSwLastEnvelope env(card);
  OathSession session(env);
  auto refused = ListAccountCodes(session, 0);
  BOOST_REQUIRE(!refused.ok());
  BOOST_TEST(refused.error().code == 0x6D00);
  BOOST_TEST(refused.error().message.find("calculate all") !=
             std::string::npos);
  auto malformed = ListAccountCodes(session, 0);
  BOOST_REQUIRE(!malformed.ok());
  BOOST_TEST(KindOf(malformed.error()) == Kind(ErrorKind::kProtocol));
}

// docs/protocol/oath.md §3 "Access code": SET CODE carries the key typed
// TOTP|SHA-1 (21), a host challenge and HMAC-SHA1(key, challenge); `73 00`
// removes the code.
BOOST_AUTO_TEST_CASE(SetCodeAndClearCodeBytes) {
  Bytes key_bytes(16);
  for (size_t i = 0; i < key_bytes.size(); ++i) key_bytes[i] = i;
  SecretBytes key(key_bytes);
  auto apdu = EncodeSetCode(key, kSelectChallenge);
  BOOST_REQUIRE(apdu.ok());
  BOOST_TEST(*EncodeApdu(*apdu) ==
                 Cat({Hex("00 03 00 00 33 73 11 21"), key_bytes, Hex("74 08"),
                      kSelectChallenge, Hex("75 14"),
                      RefHmac(EVP_sha1(), key_bytes, kSelectChallenge)}),
             boost::test_tools::per_element());
  BOOST_TEST(*EncodeApdu(EncodeClearCode()) == Hex("00 03 00 00 02 73 00"),
             boost::test_tools::per_element());
  // Only 16-byte keys (DeriveAccessKey's size) and a real challenge.
  BOOST_TEST(!EncodeSetCode(Secret("short"), kSelectChallenge).ok());
  BOOST_TEST(!EncodeSetCode(key, {}).ok());
}

BOOST_AUTO_TEST_CASE(SetCodeRefusedIsAStatusWordError) {
  ScriptedCard card;
  card.Answer(Hex("69 82"));
  card.Answer(Hex("90 00"));
  CcidSwLastEnvelope env(card);
  OathSession session(env);
  SecretBytes key(Bytes(16, 7));
  auto refused = session.SetCode(key);
  BOOST_REQUIRE(!refused.ok());
  BOOST_TEST(refused.error().code == 0x6982);
  BOOST_TEST(refused.error().message.find("set the password") !=
             std::string::npos);
  BOOST_TEST(session.ClearCode().ok());
  BOOST_TEST(card.sent.back() == Hex("00 03 00 00 02 73 00"),
             boost::test_tools::per_element());
}

// ykman files remembered keys under yubikit's device id: unpadded base64 of
// SHA-256(salt)[:16] (value computed with yubikit for kSalt).
BOOST_AUTO_TEST_CASE(DeviceIdIsYkmansDeviceId) {
  BOOST_TEST(DeviceId(kSalt) == "M/cfhpywsjHw0W5SXdq9Bg");
}

BOOST_AUTO_TEST_CASE(DeleteAndResetOverCcid) {
  ScriptedCard card;
  card.Expect(Hex("00 02 00 00 06 71 04 74 65 73 74"), Hex("90 00"));
  card.Expect(Hex("00 02 00 00 06 71 04 74 65 73 74"), Hex("69 84"));
  card.Expect(Hex("00 04 DE AD"), Hex("90 00"));
  CcidSwLastEnvelope env(card);
  OathSession session(env);
  BOOST_TEST(session.Delete("test").ok());
  Status gone = session.Delete("test");
  BOOST_REQUIRE(!gone.ok());
  BOOST_TEST(IsNotFound(gone.error().code));
  BOOST_TEST(session.Reset().ok());
}

// bridge/oath/management.h over the CCID envelope
// (docs/protocol/management.md §2, §3).
const Bytes kSelectManagement = Hex("00 A4 04 00 08 A0 00 00 05 27 47 11 17");

BOOST_AUTO_TEST_CASE(ReadDeviceInfoSelectsThenReadsConfig) {
  ScriptedCard card;
  card.Expect(kSelectManagement, Cat({B("5.4.3"), Hex("90 00")}));
  card.Expect(Hex("00 1D 00 00"),
              Hex("0B 02 04 01 DF 5E 76 05 03 05 04 03 90 00"));
  CcidSwLastEnvelope env(card);
  auto info = ReadDeviceInfo(env);
  BOOST_REQUIRE(info.ok());
  BOOST_REQUIRE(info->serial.has_value());
  BOOST_TEST(*info->serial == 31415926u);
  BOOST_TEST(card.steps.empty());
}

BOOST_AUTO_TEST_CASE(ReadDeviceInfoWithoutTheApplet) {
  ScriptedCard card;
  card.Expect(kSelectManagement, Hex("6A 82"));
  CcidSwLastEnvelope env(card);
  auto info = ReadDeviceInfo(env);
  BOOST_REQUIRE(!info.ok());
  BOOST_TEST(KindOf(info.error()) == Kind(ErrorKind::kStatusWord));
  BOOST_TEST(card.sent.size() == 1u);  // no READ CONFIG after a failed SELECT
}

}  // namespace
}  // namespace bridge::oath
