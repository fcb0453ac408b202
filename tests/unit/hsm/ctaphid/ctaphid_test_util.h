// Test helpers for the CTAPHID device: builds request reports and decodes
// response reports with framing code written separately from hsm's (so a
// framing bug cannot hide on both sides), plus a scriptable test App.
#ifndef TESTS_UNIT_HSM_CTAPHID_CTAPHID_TEST_UTIL_H_
#define TESTS_UNIT_HSM_CTAPHID_CTAPHID_TEST_UTIL_H_

#include <cstdint>
#include <span>
#include <vector>

#include "hsm/ctaphid/app.h"
#include "hsm/ctaphid/protocol.h"

namespace hsm::ctaphid::testing {

using Bytes = std::vector<uint8_t>;

// Init packet: CID | 0x80|cmd | BCNTH | BCNTL | data (truncated/zero-padded).
Report InitPacket(uint32_t cid, uint8_t cmd, uint16_t bcnt,
                  std::span<const uint8_t> data = {});
// Continuation packet: CID | seq | data.
Report ContPacket(uint32_t cid, uint8_t seq,
                  std::span<const uint8_t> data = {});
// All reports of one request message.
std::vector<Report> Fragment(uint32_t cid, uint8_t cmd,
                             std::span<const uint8_t> payload);

struct Message {
  uint32_t cid = 0;
  uint8_t cmd = 0;  // without the init bit
  Bytes payload;
};
// Decodes a report stream into messages. Fails the current test (BOOST)
// on malformed framing: bad sequence, stray continuation, trailing garbage
// in padding, unfinished message.
std::vector<Message> Decode(const std::vector<Report>& reports);

uint32_t CidOf(const Report& r);

// Records every call; answers according to its script.
class TestApp : public App {
 public:
  struct Call {
    uint8_t command;
    Bytes payload;
    PresenceGrant grant;
  };

  AppOutcome Handle(uint8_t command, std::span<const uint8_t> payload,
                    PresenceGrant grant) override;
  void Reset() override { ++resets; }

  // Script. By default: echo the payload prefixed with the grant byte.
  bool needs_presence = false;
  bool keepalive = true;
  uint32_t presence_timeout_ms = 30000;
  bool ask_twice = false;    // ask for presence again on resume (invalid)
  size_t response_size = 0;  // >0: answer that many bytes instead
  bool fail = false;         // answer ERROR `fail_error`
  Error fail_error = Error::kInvalidPar;

  std::vector<Call> calls;
  int resets = 0;
};

}  // namespace hsm::ctaphid::testing

#endif  // TESTS_UNIT_HSM_CTAPHID_CTAPHID_TEST_UTIL_H_
