// libFuzzer: the host-side CTAPHID reader (bridge/ctaphid/channel.h) fed
// arbitrary 64-byte reports from a key: INIT replies, fragments, KEEPALIVE,
// ERROR, stray CIDs and sequence numbers (CTAP 2.1 §11.2.4).
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <optional>

#include "bridge/ctaphid/channel.h"

namespace {

// A link whose key answers with the fuzzer's reports, then stays silent.
class ScriptedLink : public bridge::link::PacketLink {
 public:
  ScriptedLink(const uint8_t* data, size_t size) {
    for (size_t off = 0; off < size; off += bridge::link::kReportSize) {
      bridge::link::Report r{};
      std::memcpy(r.data(), data + off,
                  std::min(size - off, bridge::link::kReportSize));
      reports_.push_back(r);
    }
  }
  bridge::Status Write(
      std::span<const uint8_t, bridge::link::kReportSize>) override {
    return bridge::OkStatus();
  }
  bridge::Result<std::optional<bridge::link::Report>> Read(int) override {
    if (reports_.empty()) return std::optional<bridge::link::Report>();
    bridge::link::Report r = reports_.front();
    reports_.pop_front();
    return std::optional<bridge::link::Report>(r);
  }

 private:
  std::deque<bridge::link::Report> reports_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 8) return 0;
  // The first 8 bytes are the nonce INIT will send, so the fuzzer can find
  // a matching INIT reply and reach Transact.
  uint8_t nonce[8];
  std::memcpy(nonce, data, 8);
  ScriptedLink link(data + 8, size - 8);
  bridge::ctaphid::Channel channel(
      link, [&](std::span<uint8_t, bridge::ctaphid::kNonceSize> out) {
        std::memcpy(out.data(), nonce, out.size());
      });
  if (!channel.Init(/*timeout_ms=*/1).ok()) return 0;
  bridge::ctaphid::TransactOptions options;
  options.timeout_ms = 1;
  const uint8_t request[] = {0x00, 0xA4, 0x04, 0x00};
  auto reply =
      channel.Transact(bridge::ctaphid::Command::kPing, request, options);
  if (reply.ok() && reply->size() > 7609) std::abort();
  return 0;
}
