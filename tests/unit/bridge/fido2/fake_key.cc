#include "fake_key.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace bridge::fido2::testing {

Status ScriptedLink::Write(std::span<const uint8_t, link::kReportSize> r) {
  if (fail_io) return MakeError(ErrorKind::kTransport, "fake write failed");
  link::Report report;
  std::copy(r.begin(), r.end(), report.begin());
  written.push_back(report);
  OnWrite(report);
  return OkStatus();
}

Result<std::optional<link::Report>> ScriptedLink::Read(int timeout_ms) {
  read_timeouts.push_back(timeout_ms);
  if (fail_io) return MakeError(ErrorKind::kTransport, "fake read failed");
  if (empty_reads_before_data > 0) {
    --empty_reads_before_data;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return std::optional<link::Report>();
  }
  if (!to_host.empty()) {
    link::Report r = to_host.front();
    to_host.pop_front();
    return std::optional<link::Report>(r);
  }
  if (std::optional<link::Report> r = OnIdleRead()) return r;
  std::this_thread::sleep_for(std::chrono::milliseconds(timeout_ms));
  return std::optional<link::Report>();
}

link::Report FakeKey::Frame(uint32_t cid, uint8_t cmd,
                            const std::vector<uint8_t>& payload) {
  link::Report r{};
  r[0] = cid >> 24;
  r[1] = cid >> 16;
  r[2] = cid >> 8;
  r[3] = cid;
  r[4] = cmd | 0x80;
  r[5] = payload.size() >> 8;
  r[6] = payload.size() & 0xFF;
  std::copy(payload.begin(), payload.end(), r.begin() + 7);
  return r;
}

std::vector<uint8_t> FakeGetInfoReply() {
  std::vector<uint8_t> out = {0x00, 0xA5,
                              // 1: ["FIDO_2_0"]
                              0x01, 0x81, 0x68, 'F', 'I', 'D', 'O', '_', '2',
                              '_', '0',
                              // 3: aaguid (16 bytes)
                              0x03, 0x50};
  for (uint8_t i = 0; i < 16; ++i) out.push_back(i);
  const std::vector<uint8_t> rest = {
      // 4: {"clientPin": false}
      0x04, 0xA1, 0x69, 'c', 'l', 'i', 'e', 'n', 't', 'P', 'i', 'n', 0xF4,
      // 5: 1200
      0x05, 0x19, 0x04, 0xB0,
      // 6: [2, 1]
      0x06, 0x82, 0x02, 0x01};
  out.insert(out.end(), rest.begin(), rest.end());
  return out;
}

void FakeKey::OnWrite(const link::Report& r) {
  uint32_t cid = (uint32_t{r[0]} << 24) | (uint32_t{r[1]} << 16) |
                 (uint32_t{r[2]} << 8) | r[3];
  uint8_t cmd = r[4];
  size_t len = (size_t{r[5]} << 8) | r[6];
  std::vector<uint8_t> payload(r.begin() + 7,
                               r.begin() + 7 + std::min<size_t>(len, 57));
  switch (cmd) {
    case 0x86: {  // INIT (§11.2.9.1.3)
      std::vector<uint8_t> reply(payload.begin(), payload.begin() + 8);
      for (int s = 24; s >= 0; s -= 8) reply.push_back(kFakeCid >> s);
      reply.insert(reply.end(), {2, 1, 2, 3, capabilities});
      to_host.push_back(Frame(cid, 0x06, reply));
      break;
    }
    case 0x90:  // CBOR
      AnswerCbor(cid, payload);
      break;
    case 0x91:  // CANCEL (§11.2.9.1.5)
      ++cancels_seen;
      if (hanging_) {
        hanging_ = false;
        to_host.push_back(Frame(cid, 0x10, {0x2D}));
      }
      break;
    default:
      to_host.push_back(Frame(cid, 0x3F, {0x01}));  // ERROR INVALID_CMD
  }
}

void FakeKey::AnswerCbor(uint32_t cid, const std::vector<uint8_t>& req) {
  if (req.empty()) return;
  switch (req[0]) {
    case 0x04:
      to_host.push_back(Frame(cid, 0x10, FakeGetInfoReply()));
      break;
    case 0x06:  // clientPIN; only getPINRetries is scripted: {3: retries}
      if (answer_retries) {
        to_host.push_back(Frame(cid, 0x10, {0x00, 0xA1, 0x03, pin_retries}));
      }
      break;
    case 0x07:
      switch (reset_mode) {
        case ResetMode::kOk:
          to_host.push_back(Frame(cid, 0x10, {0x00}));
          break;
        case ResetMode::kTouchThenOk:
          to_host.push_back(Frame(cid, 0x3B, {0x02}));
          to_host.push_back(Frame(cid, 0x3B, {0x02}));
          to_host.push_back(Frame(cid, 0x10, {0x00}));
          break;
        case ResetMode::kHangUntilCancel:
          hanging_ = true;
          break;
      }
      break;
    default:
      to_host.push_back(Frame(cid, 0x10, {0x01}));  // INVALID_COMMAND
  }
}

std::optional<link::Report> FakeKey::OnIdleRead() {
  if (!hanging_) return std::nullopt;
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  if (cancel_flag != nullptr &&
      ++keepalives_sent_ >= keepalives_before_cancel) {
    cancel_flag->store(true);
  }
  return Frame(kFakeCid, 0x3B, {0x02});  // KEEPALIVE(UPNEEDED)
}

}  // namespace bridge::fido2::testing
