// authenticatorLargeBlobs (CTAP 2.1 §6.10): the initial array, fragmented
// get/set, the checks of §6.10.2 in order, the lbw permission, atomic
// commit, reset and power cycle.
#include <boost/test/unit_test.hpp>

#include "ctap2_test_util.h"

namespace hsm::ctap2 {
namespace {

using namespace testing;

constexpr size_t kMaxFragment = 1200 - 64;  // §6.10.2 step 4

// A serialized large-blob array (§6.10.1) of `size` bytes in all: a CBOR
// array holding one byte string, then LEFT(SHA-256, 16). size >= 20.
Bytes MakeArray(size_t size, uint8_t fill = 0x42) {
  size_t body = size - 16;
  Bytes out{0x81, 0x59, static_cast<uint8_t>((body - 4) >> 8),
            static_cast<uint8_t>(body - 4)};
  out.resize(body, fill);
  Bytes digest = Sha256(out);
  out.insert(out.end(), digest.begin(), digest.begin() + 16);
  return out;
}

struct Fixture {
  Fixture() : pin(h, 2) {}

  Response Get(uint64_t offset, uint64_t get) {
    return h.Send(Command::kLargeBlobs, cbor::MapBuilder()
                                            .Add(1, cbor::Uint(get))
                                            .Add(3, cbor::Uint(offset))
                                            .Build());
  }

  // One set fragment; `length` only when given; with a token, the
  // pinUvAuthParam covers 32×0xff || 0c 00 || uint32LE(offset) ||
  // SHA-256(set) (§6.10.2 set step 5.4).
  Response Set(uint64_t offset, const Bytes& set,
               std::optional<uint64_t> length, const Bytes* token = nullptr) {
    cbor::MapBuilder b;
    b.Add(2, cbor::Bytes(set)).Add(3, cbor::Uint(offset));
    if (length) b.Add(4, cbor::Uint(*length));
    if (token) {
      Bytes message(32, 0xFF);
      message.push_back(0x0C);
      message.push_back(0x00);
      for (int i = 0; i < 4; ++i) {
        message.push_back(static_cast<uint8_t>(offset >> (8 * i)));
      }
      Bytes digest = Sha256(set);
      message.insert(message.end(), digest.begin(), digest.end());
      b.Add(5, cbor::Bytes(pin.Authenticate(*token, message)))
          .Add(6, cbor::Uint(pin.protocol()));
    }
    return h.Send(Command::kLargeBlobs, b.Build());
  }

  // Writes `array` in fragments of at most kMaxFragment; returns the status
  // of the first fragment that fails, or 0.
  uint8_t Write(const Bytes& array, const Bytes* token = nullptr) {
    for (size_t off = 0; off < array.size(); off += kMaxFragment) {
      size_t n = std::min(kMaxFragment, array.size() - off);
      Bytes part(array.begin() + off, array.begin() + off + n);
      Response r =
          Set(off, part,
              off == 0 ? std::optional<uint64_t>(array.size()) : std::nullopt,
              token);
      if (r.status != 0) return r.status;
    }
    return 0;
  }

  // Reads the whole array the way python-fido2 and libfido2 do.
  Bytes ReadAll() {
    Bytes out;
    for (;;) {
      Response r = Get(out.size(), kMaxFragment);
      BOOST_REQUIRE_EQUAL(r.status, 0);
      Bytes part = GetBytes(r.Get(1));
      out.insert(out.end(), part.begin(), part.end());
      if (part.size() < kMaxFragment) return out;
    }
  }

  Harness h;
  PinClient pin;
};

Bytes Initial() {
  Bytes out{0x80};
  Bytes digest = Sha256(out);
  out.insert(out.end(), digest.begin(), digest.begin() + 16);
  return out;
}

BOOST_AUTO_TEST_SUITE(ctap2_large_blobs)

// §6.10.1: a fresh authenticator holds the empty array 0x80 followed by
// LEFT(SHA-256(0x80), 16) = 76be8b528d0075f7aae98d6fa57a6d3c.
BOOST_AUTO_TEST_CASE(s6_10_1_initial_array_and_checksum) {
  Fixture f;
  Response r = f.Get(0, kMaxFragment);
  BOOST_REQUIRE_EQUAL(r.status, 0);
  BOOST_TEST(!r.asked_presence);
  Bytes expected{0x80, 0x76, 0xbe, 0x8b, 0x52, 0x8d, 0x00, 0x75, 0xf7,
                 0xaa, 0xe9, 0x8d, 0x6f, 0xa5, 0x7a, 0x6d, 0x3c};
  BOOST_TEST(GetBytes(r.Get(1)) == expected);
  BOOST_TEST(Initial() == expected);
  // A read at the end answers an empty fragment; get is a window.
  BOOST_TEST(GetBytes(f.Get(17, 10).Get(1)).empty());
  BOOST_TEST(GetBytes(f.Get(1, 4).Get(1)) ==
             Bytes(expected.begin() + 1, expected.begin() + 5));
}

// §6.10.2 set steps 2-11: fragments at increasing offsets; the array is
// committed (once) only when the last fragment completes it.
BOOST_AUTO_TEST_CASE(s6_10_2_fragmented_set_with_offset_commits_atomically) {
  Fixture f;
  Bytes array = MakeArray(2500);
  int commits = f.h.store.commits();
  BOOST_TEST(
      f.Set(0, Bytes(array.begin(), array.begin() + kMaxFragment), array.size())
          .status == 0);
  BOOST_TEST(f.Set(kMaxFragment,
                   Bytes(array.begin() + kMaxFragment,
                         array.begin() + 2 * kMaxFragment),
                   std::nullopt)
                 .status == 0);
  // Not yet complete: readers still see the old array, nothing was stored.
  BOOST_TEST(f.ReadAll() == Initial());
  BOOST_TEST(f.h.store.commits() == commits);
  BOOST_TEST(f.Set(2 * kMaxFragment,
                   Bytes(array.begin() + 2 * kMaxFragment, array.end()),
                   std::nullopt)
                 .status == 0);
  BOOST_TEST(f.h.store.commits() == commits + 1);
  BOOST_TEST(f.ReadAll() == array);
  BOOST_TEST(f.h.store.state().large_blob_array == array);
}

// §6.10.2 set step 4: a fragment at another offset than the next expected
// one → CTAP1_ERR_INVALID_SEQ; also a continuation with no write started.
BOOST_AUTO_TEST_CASE(s6_10_2_set_step_4_wrong_offset_invalid_seq) {
  Fixture f;
  Bytes array = MakeArray(300);
  BOOST_TEST(f.Set(5, Bytes(10, 0), std::nullopt).status == 0x04);
  BOOST_TEST(f.Set(0, Bytes(array.begin(), array.begin() + 100), array.size())
                 .status == 0);
  BOOST_TEST(f.Set(101, Bytes(array.begin() + 100, array.end()), std::nullopt)
                 .status == 0x04);
  // The refused fragment changed nothing: the right offset still works.
  BOOST_TEST(f.Set(100, Bytes(array.begin() + 100, array.end()), std::nullopt)
                 .status == 0);
  BOOST_TEST(f.ReadAll() == array);
}

// §6.10.2 get step 3 and set step 1: more than maxFragmentLength (maxMsgSize
// - 64) → CTAP1_ERR_INVALID_LENGTH.
BOOST_AUTO_TEST_CASE(s6_10_2_length_over_max_fragment_invalid_length) {
  Fixture f;
  BOOST_TEST(f.Get(0, kMaxFragment + 1).status == 0x03);
  Bytes array = MakeArray(2000);
  BOOST_TEST(f.Set(0, Bytes(array.begin(), array.begin() + kMaxFragment + 1),
                   array.size())
                 .status == 0x03);
  BOOST_TEST(f.ReadAll() == Initial());
}

// §6.10.2 set step 10.1: a complete array whose checksum does not match →
// CTAP2_ERR_INTEGRITY_FAILURE, and the stored array stays as it was.
BOOST_AUTO_TEST_CASE(s6_10_2_set_step_10_bad_checksum_integrity_failure) {
  Fixture f;
  Bytes good = MakeArray(200, 0x01);
  BOOST_REQUIRE_EQUAL(f.Write(good), 0);
  Bytes bad = MakeArray(200, 0x02);
  bad.back() ^= 1;
  int commits = f.h.store.commits();
  BOOST_TEST(f.Write(bad) == 0x3D);
  BOOST_TEST(f.h.store.commits() == commits);
  BOOST_TEST(f.ReadAll() == good);
  // The failed write is over: its last offset is no longer expected.
  BOOST_TEST(f.Set(200, Bytes(1, 0), std::nullopt).status == 0x04);
}

// §6.10.2 set step 2: length is required at offset 0, at most
// maxSerializedLargeBlobArray (else LARGE_BLOB_STORAGE_FULL) and at least
// 17; step 3: not allowed at other offsets; step 6: no writing past it.
BOOST_AUTO_TEST_CASE(s6_10_2_set_steps_2_3_6_length_checks) {
  Fixture f;
  BOOST_TEST(f.Set(0, Bytes(20, 0), std::nullopt).status == 0x02);
  BOOST_TEST(f.Set(0, Bytes(20, 0), 4097).status == 0x18);
  BOOST_TEST(f.Set(0, Bytes(16, 0), 16).status == 0x02);
  BOOST_TEST(f.Set(0, Bytes(30, 0), 20).status == 0x02);  // step 6
  BOOST_TEST(f.Set(0, Bytes(10, 0), 40).status == 0);
  BOOST_TEST(f.Set(10, Bytes(10, 0), 40).status == 0x02);  // step 3
  BOOST_TEST(f.Set(10, Bytes(31, 0), std::nullopt).status == 0x02);
  // A 4096-byte array (the maximum) is accepted.
  BOOST_TEST(f.Write(MakeArray(4096)) == 0);
  BOOST_TEST(f.ReadAll() == MakeArray(4096));
}

// §6.10.2 steps 1-3 and get steps 1-2, 4: malformed requests.
BOOST_AUTO_TEST_CASE(s6_10_2_request_shape) {
  Fixture f;
  auto send = [&](cbor::MapBuilder& b) {
    return f.h.Send(Command::kLargeBlobs, b.Build()).status;
  };
  {
    cbor::MapBuilder b;  // no offset
    b.Add(1, cbor::Uint(10));
    BOOST_TEST(send(b) == 0x02);
  }
  {
    cbor::MapBuilder b;  // neither get nor set
    b.Add(3, cbor::Uint(0));
    BOOST_TEST(send(b) == 0x02);
  }
  {
    cbor::MapBuilder b;  // both
    b.Add(1, cbor::Uint(10))
        .Add(2, cbor::Bytes(Bytes(20)))
        .Add(3, cbor::Uint(0));
    BOOST_TEST(send(b) == 0x02);
  }
  {
    cbor::MapBuilder b;  // get with length
    b.Add(1, cbor::Uint(10)).Add(3, cbor::Uint(0)).Add(4, cbor::Uint(17));
    BOOST_TEST(send(b) == 0x02);
  }
  {
    cbor::MapBuilder b;  // get with pinUvAuthProtocol
    b.Add(1, cbor::Uint(10)).Add(3, cbor::Uint(0)).Add(6, cbor::Uint(2));
    BOOST_TEST(send(b) == 0x02);
  }
  {
    cbor::MapBuilder b;  // wrong type
    b.Add(1, cbor::Text("10")).Add(3, cbor::Uint(0));
    BOOST_TEST(send(b) == 0x11);
  }
  BOOST_TEST(f.h.SendRaw(0x0C, {}).status == 0x02);  // no parameters
  BOOST_TEST(f.Get(18, 10).status == 0x02);          // get step 4
}

// §6.10.2 set step 5.1: with a PIN set, a fragment without pinUvAuthParam
// → CTAP2_ERR_PUAT_REQUIRED; step 5.2 protocol missing → MISSING_PARAMETER.
BOOST_AUTO_TEST_CASE(s6_10_2_set_step_5_1_pin_set_needs_puat) {
  Fixture f;
  BOOST_REQUIRE_EQUAL(f.pin.SetPin("1234"), 0);
  BOOST_TEST(f.Write(MakeArray(100)) == 0x36);
  cbor::MapBuilder b;
  b.Add(2, cbor::Bytes(MakeArray(100)))
      .Add(3, cbor::Uint(0))
      .Add(4, cbor::Uint(100))
      .Add(5, cbor::Bytes(Bytes(32, 1)));
  BOOST_TEST(f.h.Send(Command::kLargeBlobs, b.Build()).status == 0x14);
  BOOST_TEST(f.ReadAll() == Initial());
  // Reading needs no token.
  BOOST_TEST(f.Get(0, 17).status == 0);
}

// §6.10.2 set steps 5.4-5.5: a token without the lbw permission, or a MAC
// over other bytes → CTAP2_ERR_PIN_AUTH_INVALID; with lbw the write goes
// through, fragment by fragment.
BOOST_AUTO_TEST_CASE(s6_10_2_set_step_5_5_wrong_permission_pin_auth_invalid) {
  Fixture f;
  Bytes cm = f.pin.SetPinAndGetToken("1234", 0x04, std::nullopt);
  Bytes array = MakeArray(2000);
  BOOST_TEST(f.Write(array, &cm) == 0x33);
  Bytes lbw;
  BOOST_REQUIRE_EQUAL(f.pin.GetToken("1234", 0x10, std::nullopt, &lbw), 0);
  Bytes wrong = lbw;
  wrong[0] ^= 1;
  BOOST_TEST(f.Write(array, &wrong) == 0x33);
  BOOST_TEST(f.ReadAll() == Initial());
  BOOST_TEST(f.Write(array, &lbw) == 0);
  BOOST_TEST(f.ReadAll() == array);
}

// §6.10.2 set step 5: alwaysUv on (no PIN) also asks for a token.
BOOST_AUTO_TEST_CASE(s6_10_2_set_step_5_always_uv_needs_puat) {
  Fixture f;
  BOOST_REQUIRE_EQUAL(f.h.SendRaw(0x0D, {0xA1, 0x01, 0x02}).status, 0);
  BOOST_TEST(f.Write(MakeArray(100)) == 0x36);
}

// §6.6: authenticatorReset restores the initial array.
BOOST_AUTO_TEST_CASE(s6_6_reset_restores_initial_array) {
  Fixture f;
  BOOST_REQUIRE_EQUAL(f.Write(MakeArray(500)), 0);
  BOOST_TEST(f.h.SendRaw(0x07, {}).status == 0);
  BOOST_TEST(f.ReadAll() == Initial());
  BOOST_TEST(f.h.store.state().large_blob_array.empty());
}

// A write in progress lives in RAM: after a power cycle its continuation is
// out of sequence and the stored array is unchanged.
BOOST_AUTO_TEST_CASE(power_cycle_drops_a_pending_write) {
  Fixture f;
  Bytes array = MakeArray(300);
  BOOST_TEST(f.Set(0, Bytes(array.begin(), array.begin() + 100), array.size())
                 .status == 0);
  f.h.PowerCycle();
  BOOST_TEST(f.Set(100, Bytes(array.begin() + 100, array.end()), std::nullopt)
                 .status == 0x04);
  BOOST_TEST(f.ReadAll() == Initial());
}

// Writing the initial value back stores nothing (fido_state.h).
BOOST_AUTO_TEST_CASE(writing_initial_value_clears_the_stored_array) {
  Fixture f;
  BOOST_REQUIRE_EQUAL(f.Write(MakeArray(100)), 0);
  BOOST_REQUIRE_EQUAL(f.Write(Initial()), 0);
  BOOST_TEST(f.h.store.state().large_blob_array.empty());
  BOOST_TEST(f.ReadAll() == Initial());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::ctap2
