#include "bridge/ctaphid/channel.h"

#include <sys/random.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <string_view>

#include "bridge/ctaphid/frame.h"
#include "bridge/secret.h"

namespace bridge::ctaphid {
namespace {

using Clock = std::chrono::steady_clock;

// How an error byte that CTAP 2.1 §11.2.9.1.6 does not define is shown.
constexpr std::string_view kUnknownError = "unknown CTAPHID error";

int MsUntil(Clock::time_point t) {
  auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(t - Clock::now())
          .count();
  return ms < 0 ? 0 : static_cast<int>(ms);
}

std::string Hex8(uint32_t v) {
  char buf[12];
  std::snprintf(buf, sizeof(buf), "%08x", v);
  return buf;
}

Error ProtocolError(const std::string& what) {
  return MakeError(ErrorKind::kProtocol, "CTAPHID: " + what);
}

}  // namespace

void RandomNonce(std::span<uint8_t, kNonceSize> out) {
  // The kernel's CSPRNG, not RAND_bytes: seeding OpenSSL's DRBG cost more
  // than the rest of a `code --single` run (callgrind, tools/bench), and the
  // nonce only matches replies to requests; it protects no secret.
  if (getrandom(out.data(), out.size(), 0) !=
      static_cast<ssize_t>(out.size())) {
    std::random_device rd;
    for (uint8_t& b : out) b = static_cast<uint8_t>(rd());
  }
}

Status Channel::Send(uint32_t cid, uint8_t cmd,
                     std::span<const uint8_t> payload) {
  Result<std::vector<link::Report>> frames = EncodeMessage(cid, cmd, payload);
  if (!frames) return std::move(frames).error();
  Status status = OkStatus();
  for (const link::Report& r : *frames) {
    status = link_.Write(r);
    if (!status) break;
  }
  // The frames may carry a secret (OATH PUT, PINs): wipe our copy.
  WipeMemory(frames->data(), frames->size() * link::kReportSize);
  return status;
}

// CTAP 2.1 §11.2.9.1.3 CTAPHID_INIT.
Status Channel::Init(int timeout_ms) {
  uint8_t nonce[kNonceSize];
  nonce_(std::span<uint8_t, kNonceSize>(nonce));
  if (Status s =
          Send(kBroadcastCid, static_cast<uint8_t>(Command::kInit), nonce);
      !s) {
    return s;
  }
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    int left = MsUntil(deadline);
    if (left == 0) {
      return MakeError(ErrorKind::kTimeout,
                       "the key did not answer CTAPHID INIT");
    }
    Result<std::optional<link::Report>> r = link_.Read(left);
    if (!r) return std::move(r).error();
    if (!r->has_value()) continue;
    const link::Report& report = **r;
    Packet p = ParsePacket(report);
    if (p.cid != kBroadcastCid || !p.is_init) continue;
    if (p.cmd == static_cast<uint8_t>(Command::kError)) {
      return MakeError(
          ErrorKind::kCtaphid,
          std::string("INIT failed: ") +
              std::string(
                  ToString(static_cast<ErrorCode>(p.data[0]), kUnknownError)),
          p.data[0]);
    }
    if (p.cmd != static_cast<uint8_t>(Command::kInit)) continue;
    if (p.bcnt < kInitResponseSize) {
      return ProtocolError("INIT reply of " + std::to_string(p.bcnt) +
                           " bytes (want 17)");
    }
    if (!std::equal(nonce, nonce + kNonceSize, p.data.begin())) {
      continue;  // someone else's INIT (§11.2.9.1.3)
    }
    const uint8_t* d = p.data.data() + kNonceSize;
    uint32_t cid = (uint32_t{d[0]} << 24) | (uint32_t{d[1]} << 16) |
                   (uint32_t{d[2]} << 8) | uint32_t{d[3]};
    if (cid == 0 || cid == kBroadcastCid) {
      return ProtocolError("INIT allocated reserved CID " + Hex8(cid));
    }
    info_.cid = cid;
    info_.protocol_version = d[4];
    info_.major = d[5];
    info_.minor = d[6];
    info_.build = d[7];
    info_.capabilities = d[8];
    return OkStatus();
  }
}

Result<std::vector<uint8_t>> Channel::Transact(Command command,
                                               std::span<const uint8_t> payload,
                                               const TransactOptions& options) {
  const uint8_t cmd = static_cast<uint8_t>(command);
  const uint32_t cid = info_.cid;
  if (cid == 0) return ProtocolError("channel used before INIT");
  if (Status s = Send(cid, cmd, payload); !s) return std::move(s).error();

  const auto start = Clock::now();
  auto deadline = start + std::chrono::milliseconds(options.timeout_ms);
  bool cancel_sent = false;
  bool notified = false;
  auto notify = [&] {
    if (!notified && options.on_wait) options.on_wait();
    notified = true;
  };

  bool started = false;
  uint16_t total = 0;
  uint8_t next_seq = 0;
  std::vector<uint8_t> msg;

  for (;;) {
    if (!cancel_sent && options.cancel != nullptr && options.cancel->load()) {
      // CTAP 2.1 §11.2.9.1.5 CTAPHID_CANCEL: no reply of its own.
      if (Status s = Send(cid, static_cast<uint8_t>(Command::kCancel), {});
          !s) {
        return std::move(s).error();
      }
      cancel_sent = true;
      deadline = std::min(
          deadline, Clock::now() + std::chrono::milliseconds(kCancelGraceMs));
    }
    int left = MsUntil(deadline);
    if (left == 0) {
      if (cancel_sent) return MakeError(ErrorKind::kCancelled, "cancelled");
      return MakeError(ErrorKind::kTimeout,
                       "the key did not answer within " +
                           std::to_string((options.timeout_ms + 999) / 1000) +
                           " s");
    }
    int slice = std::min(left, kPollSliceMs);
    if (!notified && options.wait_notice_ms >= 0) {
      auto since = std::chrono::duration_cast<std::chrono::milliseconds>(
                       Clock::now() - start)
                       .count();
      if (since >= options.wait_notice_ms) {
        notify();
      } else {
        slice = std::min<int>(slice, options.wait_notice_ms - since);
      }
    }
    Result<std::optional<link::Report>> r = link_.Read(slice);
    if (!r) return std::move(r).error();
    if (!r->has_value()) continue;
    const link::Report& report = **r;
    Packet p = ParsePacket(report);
    if (p.cid != cid) continue;  // another channel's traffic (§11.2.4)
    if (p.is_init) {
      if (started) {
        return ProtocolError("new message started while reassembling");
      }
      if (p.cmd == static_cast<uint8_t>(Command::kKeepalive)) {
        uint8_t status = p.data[0];
        if (options.on_keepalive) options.on_keepalive(status);
        if (status == static_cast<uint8_t>(KeepaliveStatus::kUpNeeded)) {
          notify();
        }
        if (!cancel_sent) {
          deadline =
              Clock::now() + std::chrono::milliseconds(options.timeout_ms);
        }
        continue;
      }
      if (p.cmd == static_cast<uint8_t>(Command::kError)) {
        if (cancel_sent) return MakeError(ErrorKind::kCancelled, "cancelled");
        auto code = static_cast<ErrorCode>(p.data[0]);
        return MakeError(ErrorKind::kCtaphid,
                         "the key answered CTAPHID ERROR " +
                             std::string(ToString(code, kUnknownError)),
                         p.data[0]);
      }
      if (p.cmd != cmd) {
        return ProtocolError("reply for command 0x" + Hex8(p.cmd).substr(6) +
                             " to a request for 0x" + Hex8(cmd).substr(6));
      }
      if (p.bcnt > kMaxMessageSize) {
        return ProtocolError("reply length " + std::to_string(p.bcnt) +
                             " exceeds the maximum");
      }
      started = true;
      total = p.bcnt;
      msg.reserve(total);
      size_t n = std::min<size_t>(total, kInitDataSize);
      msg.insert(msg.end(), p.data.begin(), p.data.begin() + n);
    } else {
      if (!started) continue;  // stale continuation of an older message
      if (p.seq != next_seq) {
        return ProtocolError("continuation sequence " + std::to_string(p.seq) +
                             ", expected " + std::to_string(next_seq));
      }
      ++next_seq;
      size_t n = std::min<size_t>(total - msg.size(), kContDataSize);
      msg.insert(msg.end(), p.data.begin(), p.data.begin() + n);
    }
    if (msg.size() == total) return msg;
  }
}

}  // namespace bridge::ctaphid
