// libFuzzer target: the bridge's YKOATH path over CCID (docs/protocol/oath.md
// §3) fed with card answers from the input: the SW-last split, BER TLVs, and
// the SELECT / LIST v0 / CALCULATE / CALCULATE ALL / VALIDATE parsers, both
// directly and through OathSession over CcidSwLastEnvelope (SEND REMAINING
// loop), and the management applet's DeviceInfo (bridge/oath/management.h),
// directly and through ReadDeviceInfo. Input: byte 0 = mode (bits 0–1 pick the
// session operation); the rest is parsed directly as one response APDU, and
// also cut into records [len u8][bytes] that a scripted card answers in turn
// (then a host error).
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

#include "bridge/link/card_channel.h"
#include "bridge/oath/ccid_access.h"
#include "bridge/oath/ccid_envelope.h"
#include "bridge/oath/code.h"
#include "bridge/oath/commands.h"
#include "bridge/oath/envelope.h"
#include "bridge/oath/management.h"
#include "bridge/oath/session.h"
#include "bridge/oath/tlv.h"

namespace {

using bridge::oath::TlvLength;

class FuzzCard : public bridge::link::CardChannel {
 public:
  FuzzCard(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  bridge::Result<std::vector<uint8_t>> Transmit(
      std::span<const uint8_t> apdu) override {
    if (apdu.size() < 4 || apdu[0] != 0x00) std::abort();  // host encodes
    if (++calls_ > 100000) std::abort();  // the host must not loop forever
    if (pos_ >= size_) {
      return bridge::MakeError(bridge::ErrorKind::kTransport, "end of input");
    }
    const size_t len = std::min<size_t>(data_[pos_], size_ - pos_ - 1);
    std::vector<uint8_t> out(data_ + pos_ + 1, data_ + pos_ + 1 + len);
    pos_ += 1 + len;
    return out;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
  int calls_ = 0;
};

void CheckTlvs(std::span<const uint8_t> body) {
  auto tlvs = bridge::oath::ParseTlvs(body, TlvLength::kBer);
  if (!tlvs.ok()) return;
  size_t total = 0;
  for (const auto& t : *tlvs) {
    // Every value lies inside the input, after its tag and length.
    if (t.value.data() < body.data() ||
        t.value.data() + t.value.size() > body.data() + body.size()) {
      std::abort();
    }
    total += 2 + t.value.size();
  }
  if (total > body.size()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  std::span<const uint8_t> body(data + 1, size - 1);

  // One response APDU, split SW last.
  auto split = bridge::oath::SplitSwLast(body);
  if (split.ok() != (body.size() >= 2)) std::abort();
  if (split.ok()) {
    if (split->data.size() != body.size() - 2) std::abort();
    if (split->sw != ((body[body.size() - 2] << 8) | body.back())) std::abort();
    const std::vector<uint8_t>& d = split->data;
    CheckTlvs(d);
    auto list = bridge::oath::ParseListResponse(d, TlvLength::kBer, false);
    if (list.ok()) {
      for (const auto& e : *list) {
        if (e.name.empty() || e.has_properties) std::abort();
      }
    }
    auto calc = bridge::oath::ParseCalculateResponse(d, TlvLength::kBer);
    if (calc.ok()) {
      std::string code = bridge::oath::FormatCode(calc->value, calc->digits);
      if (code.size() != calc->digits) std::abort();
    }
    auto all = bridge::oath::ParseCalculateAllResponse(d, TlvLength::kBer);
    if (all.ok()) {
      for (const auto& e : *all) {
        if (e.name.empty() || e.name.size() > 64) std::abort();
        if (e.digits < 1 || e.digits > 10) std::abort();
      }
    }
    auto dev = bridge::oath::ParseDeviceInfo(d);
    if (dev.ok() && dev->serial == 0u) std::abort();  // 0 means none
    auto sel = bridge::oath::ParseSelectResponse(d, TlvLength::kBer);
    if (sel.ok() && sel->salt.size() > d.size()) std::abort();
    bridge::SecretBytes key(std::span<const uint8_t>(
        reinterpret_cast<const uint8_t*>("0123456789abcdef"), 16));
    const uint8_t chal[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    (void)bridge::oath::CheckValidateResponse(d, TlvLength::kBer, key,
                                              (mode >> 2) & 3, chal);
  }
  CheckTlvs(body);

  // The same bytes as a card's answers to a session.
  FuzzCard card(body.data(), body.size());
  bridge::oath::CcidSwLastEnvelope envelope(card);
  bridge::oath::OathSession session(envelope);
  switch (mode & 3) {
    case 0: {
      auto info = session.Select();
      if (info.ok()) {
        const char pw[] = "hunter2";
        bridge::SecretBytes password(std::span<const uint8_t>(
            reinterpret_cast<const uint8_t*>(pw), sizeof pw - 1));
        (void)session.Validate(password, *info);
      }
      break;
    }
    case 1: {
      auto list = session.List();
      if (list.ok()) {
        for (const auto& e : *list) {
          if (e.name.empty()) std::abort();
        }
      }
      // CALCULATE ALL and its SEND REMAINING loop on a fresh script.
      FuzzCard all_card(body.data(), body.size());
      bridge::oath::CcidSwLastEnvelope all_envelope(all_card);
      bridge::oath::OathSession all_session(all_envelope);
      auto codes = bridge::oath::ListAccountCodes(all_session, 59);
      if (codes.ok()) {
        for (const auto& a : *codes) {
          if (a.entry.name.empty()) std::abort();
          if (a.code && (a.code->empty() || a.code->size() > 10)) std::abort();
        }
      }
      break;
    }
    case 2: {
      auto code = session.Calculate("test", bridge::oath::TimeChallenge(1),
                                    /*may_need_touch=*/false);
      if (code.ok() && (code->digits < 1 || code->digits > 10)) std::abort();
      break;
    }
    default:
      (void)session.Delete("test");
      break;
  }
  FuzzCard management_card(body.data(), body.size());
  bridge::oath::CcidSwLastEnvelope management_envelope(management_card);
  auto device = bridge::oath::ReadDeviceInfo(management_envelope);
  if (device.ok() && device->serial == 0u) std::abort();
  return 0;
}
