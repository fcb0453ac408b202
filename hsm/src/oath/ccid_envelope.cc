#include "hsm/oath/ccid_envelope.h"

#include "apdu.h"
#include "command.h"
#include "hsm/oath/ctaphid_envelope.h"

namespace hsm::oath {
namespace {

bool IsSelectByName(const Apdu& apdu) {
  return apdu.ins == kInsSelectOrCalculateAll && apdu.p1 == 0x04;
}

ApduResponse SwOnly(Sw sw) {
  ApduResponse r;
  r.sw = static_cast<uint16_t>(sw);
  return r;
}

}  // namespace

std::vector<uint8_t> EncodeResponseApdu(const ApduResponse& response) {
  std::vector<uint8_t> out;
  out.reserve(response.data.size() + 2);
  out.insert(out.end(), response.data.begin(), response.data.end());
  out.push_back(static_cast<uint8_t>(response.sw >> 8));
  out.push_back(static_cast<uint8_t>(response.sw & 0xFF));
  return out;
}

CcidEnvelope::~CcidEnvelope() { AbandonWait(); }

void CcidEnvelope::AbandonWait() {
  if (!waiting_) return;
  platform_.EndPresence();
  waiting_ = false;
  waiting_apdu_.clear();
}

void CcidEnvelope::Reset() {
  AbandonWait();
  selected_ = false;
  applet_.Reset();
}

std::vector<uint8_t> CcidEnvelope::Finish(const ApduResponse& response) {
  return EncodeResponseApdu(response);
}

std::optional<std::vector<uint8_t>> CcidEnvelope::Transmit(
    std::span<const uint8_t> bytes, uint64_t now_ms) {
  AbandonWait();
  auto apdu = ParseApdu(bytes);
  if (!apdu.ok()) return Finish(SwOnly(Sw::kWrongLength));
  if (IsSelectByName(*apdu)) {
    // ISO 7816-4 §11.2.2: a SELECT by DF name either selects the applet or
    // leaves nothing selected (6A82 for a foreign AID comes from the
    // applet's own AID check).
    Outcome out = applet_.Handle(bytes, PresenceGrant::kNotRequested);
    const bool ok = !out.needs_presence && out.response.sw == 0x9000;
    if (!ok) {
      selected_ = false;
      applet_.Reset();
      if (out.needs_presence) return Finish(SwOnly(Sw::kNonPersistentError));
      return Finish(out.response);
    }
    selected_ = true;
    return Finish(out.response);
  }
  if (!selected_) return Finish(SwOnly(Sw::kInsNotSupported));
  Outcome out = applet_.Handle(bytes, PresenceGrant::kNotRequested);
  if (!out.needs_presence) return Finish(out.response);
  // hsm/presence.h: nothing changed yet; ask the platform and resume from
  // Poll with the same APDU.
  waiting_ = true;
  waiting_apdu_.assign(bytes.begin(), bytes.end());
  deadline_ms_ = now_ms + kTouchTimeoutMs;
  platform_.BeginPresence();
  return Poll(now_ms);
}

std::optional<std::vector<uint8_t>> CcidEnvelope::Poll(uint64_t now_ms) {
  if (!waiting_) return std::nullopt;
  PresenceGrant grant;
  switch (platform_.PollPresence()) {
    case Presence::kApproved:
      grant = PresenceGrant::kApproved;
      break;
    case Presence::kDenied:
      grant = PresenceGrant::kDenied;
      break;
    case Presence::kPending:
    default:
      if (now_ms < deadline_ms_) return std::nullopt;
      grant = PresenceGrant::kTimedOut;  // docs/protocol/oath.md §3: → 6982
      break;
  }
  platform_.EndPresence();
  waiting_ = false;
  std::vector<uint8_t> apdu = std::move(waiting_apdu_);
  waiting_apdu_.clear();
  Outcome out = applet_.Handle(apdu, grant);
  if (out.needs_presence) {
    // applet.h forbids asking twice; answer as a refused touch.
    return Finish(SwOnly(Sw::kSecurityStatusNotSatisfied));
  }
  return Finish(out.response);
}

}  // namespace hsm::oath
