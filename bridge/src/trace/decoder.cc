#include "bridge/trace/decoder.h"

#include <algorithm>
#include <cstdio>

#include "bridge/ctaphid/protocol.h"
#include "bridge/trace/cbor_text.h"
#include "bridge/trace/ctap2_text.h"
#include "wire/iso7816_status.h"
#include "wire/solo_simulator.h"

namespace bridge::trace {
namespace {

using ctaphid::Command;

constexpr size_t kMaxRequests = 1024;

std::string Byte(uint8_t b) {
  char s[8];
  std::snprintf(s, sizeof s, "%02x", b);
  return s;
}

std::string Prefix(const TraceRecord& r) {
  return r.time + " " + std::string(ToString(r.transport)) +
         (r.in ? " in  " : " out ");
}

// CTAP 2.1 §11.2.9.1.3: nonce(8) CID(4) version(1) major minor build caps.
std::string InitText(const TraceRecord& r, std::span<const uint8_t> p) {
  if (r.in || p.size() < wire::ctaphid::kInitResponseSize) {
    return "nonce " + Hex(p.first(std::min<size_t>(p.size(), 8))) +
           (p.size() > 8 ? " +" + std::to_string(p.size() - 8) + " bytes" : "");
  }
  const uint32_t cid = uint32_t{p[8]} << 24 | uint32_t{p[9]} << 16 |
                       uint32_t{p[10]} << 8 | p[11];
  const uint8_t caps = p[16];
  std::string out = "nonce " + Hex(p.first(8)) + " new " + CidText(cid) +
                    " protocol " + std::to_string(p[12]) + " version " +
                    std::to_string(p[13]) + "." + std::to_string(p[14]) + "." +
                    std::to_string(p[15]) + " capabilities " + Byte(caps);
  if (caps & ctaphid::kCapabilityWink) out += " WINK";
  if (caps & ctaphid::kCapabilityCbor) out += " CBOR";
  if (caps & ctaphid::kCapabilityNmsg) out += " NMSG";
  return out;
}

// U2F raw messages (FIDO U2F Raw Message Formats §4-§6: INS 01 REGISTER,
// 02 AUTHENTICATE, 03 VERSION) inside CTAPHID_MSG.
std::string U2fText(const TraceRecord& r, std::span<const uint8_t> p) {
  if (!r.in) {
    if (p.size() < 2) return "h'" + Hex(p) + "'";
    const uint16_t sw = uint16_t{p[p.size() - 2]} << 8 | p[p.size() - 1];
    char b[16];
    std::snprintf(b, sizeof b, "SW %04x", sw);
    return std::string(b) + " " +
           std::string(
               wire::iso7816::ToString(static_cast<wire::iso7816::Sw>(sw))) +
           (p.size() > 2 ? " data " + std::to_string(p.size() - 2) + " bytes"
                         : "");
  }
  if (p.size() < 4) return "h'" + Hex(p) + "'";
  std::string_view name = p[1] == 0x01   ? "U2F_REGISTER"
                          : p[1] == 0x02 ? "U2F_AUTHENTICATE"
                          : p[1] == 0x03 ? "U2F_VERSION"
                                         : "";
  return (name.empty() ? "INS " + Byte(p[1]) : std::string(name)) + " (" +
         Hex(p.first(4)) + ") " + std::to_string(p.size() - 4) + " more bytes";
}

}  // namespace

Result<std::vector<std::string>> TraceDecoder::Line(std::string_view line) {
  ++line_no_;
  Result<std::optional<TraceRecord>> parsed = ParseTraceLine(line);
  if (!parsed) {
    return MakeError(
        ErrorKind::kInvalidInput,
        "line " + std::to_string(line_no_) + ": " + parsed.error().message);
  }
  std::vector<std::string> out;
  if (!parsed->has_value()) return out;
  const TraceRecord& r = **parsed;
  if (r.transport == Transport::kVpcd) {
    Card(r, out);
  } else {
    Hid(r, out);
  }
  return out;
}

std::vector<std::string> TraceDecoder::Finish() {
  std::vector<std::string> out;
  for (std::string& note : assembler_.Unfinished()) {
    out.push_back("! " + note);
  }
  return out;
}

void TraceDecoder::Hid(const TraceRecord& r, std::vector<std::string>& out) {
  if (r.in && std::equal(r.bytes.begin(), r.bytes.end(),
                         wire::solo::kMagicReboot.begin(),
                         wire::solo::kMagicReboot.end())) {
    out.push_back(Prefix(r) +
                  "Solo simulator magic reboot (keysim --solo-compat: "
                  "power cycle)");
    return;
  }
  const std::string stream =
      std::string(ToString(r.transport)) + (r.in ? " in" : " out");
  AssemblyStep step = assembler_.Add(stream, r.bytes);
  for (const std::string& note : step.notes) {
    out.push_back(Prefix(r) + "! " + note);
  }
  if (step.message) out.push_back(Prefix(r) + Message(r, *step.message));
}

std::string TraceDecoder::Message(const TraceRecord& r,
                                  const CtaphidMessage& m) {
  std::string_view name =
      ctaphid::ToString(static_cast<Command>(m.command), "");
  std::string out = CidText(m.cid) + " ";
  if (!name.empty()) {
    out += name;
  } else if (m.command >= static_cast<uint8_t>(Command::kVendorFirst)) {
    out += "VENDOR 0x" + Byte(m.command);
  } else {
    out += "COMMAND 0x" + Byte(m.command);
  }
  std::span<const uint8_t> p = m.payload;
  const auto key = std::make_pair(r.transport, m.cid);
  auto request = [&]() -> Request& {
    if (requests_.size() >= kMaxRequests && !requests_.count(key)) {
      requests_.erase(requests_.begin());
    }
    return requests_[key];
  };
  switch (static_cast<Command>(m.command)) {
    case Command::kInit:
      return out + " " + InitText(r, p);
    case Command::kPing:
    case Command::kWink:
    case Command::kCancel:
      return p.empty() ? out : out + " " + std::to_string(p.size()) + " bytes";
    case Command::kLock:
      return p.size() == 1 ? out + " " + std::to_string(p[0]) + " s" : out;
    case Command::kKeepalive:
      if (p.size() == 1) {
        return out + " " +
               std::string(ctaphid::ToString(
                   static_cast<ctaphid::KeepaliveStatus>(p[0]),
                   "status 0x" + Byte(p[0])));
      }
      return out;
    case Command::kError:
      if (p.size() == 1) {
        return out + " ERR_" +
               std::string(
                   ctaphid::ToString(static_cast<ctaphid::ErrorCode>(p[0]),
                                     "UNKNOWN_0x" + Byte(p[0])));
      }
      return out;
    case Command::kMsg:
      return out + " " + U2fText(r, p);
    case Command::kCbor:
      if (r.in) {
        request().ctap2_command = p.empty() ? 0 : p[0];
        return out + " " + DescribeCtap2Request(p, options_.show_secrets);
      }
      return out + " " +
             DescribeCtap2Response(request().ctap2_command, p,
                                   options_.show_secrets);
    case Command::kSecrets:
      // docs/protocol/oath.md §2.1: the APDU in; SW1 SW2 ‖ data out.
      if (r.in) {
        std::optional<OathCommandId> id;
        std::string text = DescribeOathCommand(p, options_.show_secrets, &id);
        request().oath = id;
        return out + " " + text;
      }
      if (p.size() < 2)
        return out + " <" + std::to_string(p.size()) + " bytes>";
      return out + " " +
             DescribeOathResponse(request().oath, uint16_t{p[0]} << 8 | p[1],
                                  p.subspan(2));
    default:
      break;
  }
  if (p.empty()) return out;
  return out + " " + std::to_string(p.size()) + " bytes";
}

void TraceDecoder::Card(const TraceRecord& r, std::vector<std::string>& out) {
  std::span<const uint8_t> p = r.bytes;
  if (r.in && p.size() == 1) {  // vpcd reader controls (docs/testing.md B)
    std::string what;
    switch (p[0]) {
      case 0:
        what = "power off";
        break;
      case 1:
        what = "power on";
        break;
      case 2:
        what = "reset";
        break;
      case 4:
        what = "ATR request";
        atr_requested_ = true;
        break;
      default:
        what = "control " + Byte(p[0]) + " (unknown)";
        break;
    }
    out.push_back(Prefix(r) + "reader " + what);
    return;
  }
  if (r.in) {
    std::optional<OathCommandId> id;
    std::string text = DescribeOathCommand(p, options_.show_secrets, &id);
    card_request_ = id;
    out.push_back(Prefix(r) + "APDU " + text);
    return;
  }
  if (atr_requested_) {
    atr_requested_ = false;
    out.push_back(Prefix(r) + "ATR " + Hex(p));
    return;
  }
  if (p.size() < 2) {
    out.push_back(Prefix(r) + "! response of " + std::to_string(p.size()) +
                  " bytes, no status word");
    return;
  }
  const uint16_t sw = uint16_t{p[p.size() - 2]} << 8 | p[p.size() - 1];
  out.push_back(Prefix(r) + "APDU " +
                DescribeOathResponse(card_request_, sw, p.first(p.size() - 2)));
}

}  // namespace bridge::trace
