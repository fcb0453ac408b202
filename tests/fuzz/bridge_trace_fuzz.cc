// libFuzzer: `keybridge trace` decoding (bridge/trace/decoder.h) of outside
// text: trace lines (docs/trace.md), CTAPHID reassembly (CTAP 2.1 §11.2.4),
// CTAP2 CBOR (CTAP 2.1 §6) and OATH APDUs (docs/protocol/oath.md §2, §3).
//
// The first byte picks a mode: odd = the input is the text of a trace file;
// even = the rest is one payload, wrapped as well-formed trace lines so the
// decoders behind the line parser are reached (as one HID report stream,
// a CTAP2 request and response, an OATH 0x70 exchange, and vpcd APDUs).
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "bridge/trace/cbor_text.h"
#include "bridge/trace/ctap2_text.h"
#include "bridge/trace/decoder.h"
#include "bridge/trace/oath_text.h"

namespace {

void Feed(bridge::trace::TraceDecoder& d, std::string_view text) {
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    auto out = d.Line(text.substr(start, end - start));
    if (!out.ok() && out.error().message.empty()) std::abort();
    start = end + 1;
  }
  (void)d.Finish();
}

std::string Line(const char* head, std::span<const uint8_t> bytes) {
  return std::string(head) + " " + std::to_string(bytes.size()) + " " +
         bridge::trace::Hex(bytes) + "\n";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  std::span<const uint8_t> body(data + 1, size - 1);
  const bool show = (mode & 2) != 0;
  if (mode & 1) {
    bridge::trace::TraceDecoder d({.show_secrets = show});
    Feed(d, std::string_view(reinterpret_cast<const char*>(body.data()),
                             body.size()));
    return 0;
  }
  // The payload as 64-byte reports, both directions, then as vpcd APDUs.
  std::string text;
  for (size_t i = 0; i < body.size(); i += 64) {
    uint8_t report[64] = {};
    for (size_t j = 0; j < 64 && i + j < body.size(); ++j) {
      report[j] = body[i + j];
    }
    text +=
        Line((mode & 4) ? "T+0.000001 udp out" : "T+0.000001 uhid in", report);
  }
  text += Line("T+0.1 vpcd in", body.first(std::min<size_t>(body.size(), 600)));
  text +=
      Line("T+0.2 vpcd out", body.first(std::min<size_t>(body.size(), 600)));
  bridge::trace::TraceDecoder d({.show_secrets = show});
  Feed(d, text);
  // The message decoders directly.
  (void)bridge::trace::DescribeCtap2Request(body, show);
  if (!body.empty()) {
    (void)bridge::trace::DescribeCtap2Response(body[0], body.subspan(0), show);
  }
  std::optional<bridge::trace::OathCommandId> id;
  (void)bridge::trace::DescribeOathCommand(body, show, &id);
  (void)bridge::trace::DescribeOathResponse(id, 0x9000, body);
  return 0;
}
