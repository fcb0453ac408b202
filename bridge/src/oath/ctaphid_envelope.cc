#include "bridge/oath/ctaphid_envelope.h"

namespace bridge::oath {

Result<ApduResponse> CtaphidSwFirstEnvelope::Transmit(
    std::span<const uint8_t> apdu, const ExchangeOptions& options) {
  ctaphid::TransactOptions t;
  t.timeout_ms = options.may_need_touch ? kTouchTimeoutMs : kCommandTimeoutMs;
  t.cancel = hooks_.cancel;
  if (options.may_need_touch && hooks_.on_touch_wait) {
    t.wait_notice_ms = hooks_.touch_notice_ms;
    t.on_wait = hooks_.on_touch_wait;
  }
  Result<std::vector<uint8_t>> payload =
      channel_.Transact(ctaphid::Command::kSecrets, apdu, t);
  if (!payload) {
    Error e = std::move(payload).error();
    if (e.kind == ErrorKind::kCtaphid &&
        e.code == static_cast<uint16_t>(ctaphid::ErrorCode::kInvalidCmd)) {
      e.message =
          "this key has no OATH applet on CTAPHID 0x70 (answered "
          "INVALID_CMD)";
    }
    return e;
  }
  return SplitSwFirst(*payload);
}

}  // namespace bridge::oath
