// libFuzzer target for the hsm CTAPHID device (docs/architecture.md convention
// 10).
//
// The input is a script of records, each starting with an opcode byte:
//   0x00–0xEF  one 64-byte output report follows (zero-padded at the end);
//              the opcode's low bit picks one of two CIDs to overwrite the
//              report's CID with when bit 1 is set, so the fuzzer reaches
//              allocated channels without guessing random CIDs
//   0xF0–0xFB  advance the clock by (op & 0x0F) * 60 ms and Poll
//   0xFC–0xFE  set presence: approved, denied, pending
//   0xFF       power cycle (Reset)
// The device has a trivial echo app on CBOR and on vendor command 0x70 that
// asks for presence when the payload's first byte is odd. Invariants checked
// after every step: each output report is 64 bytes with a nonzero CID or an
// ERROR on CID 0, and the decoder of the responses never sees a malformed
// message.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "fuzz_platform.h"
#include "hsm/ctaphid/ctaphid_device.h"

namespace {

using hsm::ctaphid::AppOutcome;
using hsm::ctaphid::Report;

using hsm::fuzzing::FuzzPlatform;

class EchoApp : public hsm::ctaphid::App {
 public:
  AppOutcome Handle(uint8_t command, std::span<const uint8_t> payload,
                    hsm::PresenceGrant grant) override {
    if (grant == hsm::PresenceGrant::kNotRequested && !payload.empty() &&
        (payload[0] & 1)) {
      return AppOutcome::NeedsPresence(700, command == 0x10);
    }
    std::vector<uint8_t> r(payload.begin(), payload.end());
    r.push_back(static_cast<uint8_t>(grant));
    return AppOutcome::Response(std::move(r));
  }
};

uint32_t CidOf(const Report& r) {
  return (uint32_t{r[0]} << 24) | (uint32_t{r[1]} << 16) |
         (uint32_t{r[2]} << 8) | r[3];
}

// Checks that the device's output is a well-formed sequence of messages.
void CheckOutput(const std::vector<Report>& out) {
  size_t i = 0;
  while (i < out.size()) {
    const Report& r = out[i++];
    if (!(r[4] & 0x80)) std::abort();  // a message starts with an init packet
    size_t bcnt = (size_t{r[5]} << 8) | r[6];
    if (bcnt > hsm::ctaphid::kMaxPayload) std::abort();
    size_t have = bcnt < 57 ? bcnt : 57;
    for (uint8_t seq = 0; have < bcnt; ++seq) {
      if (i >= out.size()) std::abort();
      const Report& c = out[i++];
      if (CidOf(c) != CidOf(r) || c[4] != seq) std::abort();
      have += bcnt - have < 59 ? bcnt - have : 59;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Predictable CIDs: 0x01020304, 0x05060708, …
  FuzzPlatform platform(FuzzPlatform::RandomMode::kCounting, 0);
  hsm::ctaphid::CtaphidDevice dev(platform, hsm::ctaphid::CtaphidConfig{});
  EchoApp app;
  dev.Register(0x10, &app);
  dev.Register(0x70, &app);
  const std::array<uint32_t, 2> cids = {0x01020304, 0x05060708};

  size_t pos = 0;
  while (pos < size) {
    uint8_t op = data[pos++];
    std::vector<Report> out;
    if (op < 0xF0) {
      Report r{};
      size_t n = size - pos < r.size() ? size - pos : r.size();
      for (size_t k = 0; k < n; ++k) r[k] = data[pos + k];
      pos += n;
      if (op & 0x02) {
        uint32_t cid = cids[op & 1];
        r[0] = cid >> 24, r[1] = cid >> 16, r[2] = cid >> 8, r[3] = cid;
      }
      // Occasionally a wrong-sized report, which must be ignored.
      std::span<const uint8_t> report(r);
      if (op == 0xEF) report = report.first(63);
      out = dev.HandleReport(report, platform.now_ms);
    } else if (op <= 0xFB) {
      platform.now_ms += uint64_t{op & 0x0Fu} * 60;
      out = dev.Poll(platform.now_ms);
    } else if (op == 0xFC) {
      platform.presence = hsm::Presence::kApproved;
    } else if (op == 0xFD) {
      platform.presence = hsm::Presence::kDenied;
    } else if (op == 0xFE) {
      platform.presence = hsm::Presence::kPending;
    } else {
      dev.Reset();
      if (platform.presence_active || dev.busy()) std::abort();
    }
    CheckOutput(out);
    // A presence request is open exactly while the device is busy with it.
    if (platform.presence_active && !dev.busy()) std::abort();
  }
  // Whatever happened, enough time ends every transaction.
  platform.now_ms += 60000;
  CheckOutput(dev.Poll(platform.now_ms));
  if (dev.busy() || platform.presence_active) std::abort();
  return 0;
}
