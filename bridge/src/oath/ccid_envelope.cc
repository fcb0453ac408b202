#include "bridge/oath/ccid_envelope.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace bridge::oath {

// docs/protocol/oath.md §3: response = data ‖ SW1 SW2.
Result<ApduResponse> CcidSwLastEnvelope::Transmit(
    std::span<const uint8_t> apdu, const ExchangeOptions& options) {
  if (!options.may_need_touch || !hooks_.on_touch_wait) {
    Result<std::vector<uint8_t>> reply = card_.Transmit(apdu);
    if (!reply) return std::move(reply).error();
    return SplitSwLast(*reply);
  }
  // The transmit blocks; a helper thread prints the touch prompt if the
  // card has not answered after touch_notice_ms.
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  std::thread notice([&] {
    std::unique_lock<std::mutex> lock(mu);
    if (!cv.wait_for(lock, std::chrono::milliseconds(hooks_.touch_notice_ms),
                     [&] { return done; })) {
      hooks_.on_touch_wait();
    }
  });
  Result<std::vector<uint8_t>> reply = card_.Transmit(apdu);
  {
    std::lock_guard<std::mutex> lock(mu);
    done = true;
  }
  cv.notify_all();
  notice.join();
  if (!reply) return std::move(reply).error();
  return SplitSwLast(*reply);
}

}  // namespace bridge::oath
