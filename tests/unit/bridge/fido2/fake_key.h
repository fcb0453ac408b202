// Deterministic fake links for bridge::fido2 tests (docs/architecture.md
// convention 9: fakes, not mocks).
//
// ScriptedLink: returns queued reports to the host, records what the host
// wrote, and sleeps for the requested timeout when nothing is queued.
// FakeKey: a ScriptedLink that answers like a tiny CTAPHID key (CTAP 2.1
// §11.2.9): INIT (configurable capabilities), and on CTAPHID_CBOR getInfo
// (0x04), clientPIN getPINRetries (0x06) and reset (0x07) in one of a few
// scripted behaviours; CANCEL ends a hanging request with
// CTAP2_ERR_KEEPALIVE_CANCEL. Replies fit in one init packet.
#ifndef TESTS_UNIT_BRIDGE_FIDO2_FAKE_KEY_H_
#define TESTS_UNIT_BRIDGE_FIDO2_FAKE_KEY_H_

#include <atomic>
#include <cstdint>
#include <deque>
#include <vector>

#include "bridge/link/packet_link.h"

namespace bridge::fido2::testing {

class ScriptedLink : public link::PacketLink {
 public:
  Status Write(std::span<const uint8_t, link::kReportSize> report) override;
  Result<std::optional<link::Report>> Read(int timeout_ms) override;

  std::deque<link::Report> to_host;
  std::vector<link::Report> written;
  std::vector<int> read_timeouts;
  bool fail_io = false;
  // Return nothing for this many reads before delivering queued reports.
  int empty_reads_before_data = 0;

 protected:
  virtual void OnWrite(const link::Report& report) {}
  virtual std::optional<link::Report> OnIdleRead() { return std::nullopt; }
};

inline constexpr uint32_t kFakeCid = 0x01020304;

class FakeKey : public ScriptedLink {
 public:
  enum class ResetMode { kOk, kTouchThenOk, kHangUntilCancel };

  uint8_t capabilities = 0x05;  // WINK | CBOR
  bool answer_retries = true;
  ResetMode reset_mode = ResetMode::kOk;
  uint8_t pin_retries = 8;
  // While hanging, sets *cancel_flag after this many keepalives.
  std::atomic<bool>* cancel_flag = nullptr;
  int keepalives_before_cancel = 3;
  int cancels_seen = 0;

  static link::Report Frame(uint32_t cid, uint8_t cmd,
                            const std::vector<uint8_t>& payload);

 protected:
  void OnWrite(const link::Report& report) override;
  std::optional<link::Report> OnIdleRead() override;

 private:
  void AnswerCbor(uint32_t cid, const std::vector<uint8_t>& req);
  bool hanging_ = false;
  int keepalives_sent_ = 0;
};

// The getInfo reply FakeKey sends (status 00 + canonical CBOR):
// {1: ["FIDO_2_0"], 3: 00 01 … 0f, 4: {"clientPin": false}, 5: 1200,
//  6: [2, 1]}
std::vector<uint8_t> FakeGetInfoReply();

}  // namespace bridge::fido2::testing

#endif  // TESTS_UNIT_BRIDGE_FIDO2_FAKE_KEY_H_
