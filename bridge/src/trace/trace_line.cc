#include "bridge/trace/trace_line.h"

#include <charconv>

namespace bridge::trace {
namespace {

bool IsDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

// A field of the line for an error message: at most 32 bytes, anything
// that is not printable ASCII as \xNN (the input may be any bytes).
std::string Shown(std::string_view field) {
  std::string out;
  for (char c : field.substr(0, 32)) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x20 && b < 0x7F) {
      out += c;
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[b >> 4];
      out += kHex[b & 0x0F];
    }
  }
  if (field.size() > 32) out += "...";
  return out;
}

Error Bad(std::string message) {
  return MakeError(ErrorKind::kInvalidInput, std::move(message));
}

}  // namespace

std::string_view ToString(Transport transport) {
  switch (transport) {
    case Transport::kUdp:
      return "udp";
    case Transport::kUhid:
      return "uhid";
    case Transport::kVpcd:
      return "vpcd";
  }
  return "?";
}

Result<std::optional<TraceRecord>> ParseTraceLine(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  std::vector<std::string_view> f = Fields(line);
  if (f.empty() || f[0][0] == '#') return std::optional<TraceRecord>();
  if (f.size() < 4 || f.size() > 5) {
    return Bad("expected `T+SECONDS TRANSPORT in|out LENGTH HEX`");
  }
  TraceRecord r;
  std::string_view t = f[0];
  const size_t dot = t.find('.');
  if (t.substr(0, 2) != "T+" || dot == std::string_view::npos ||
      !IsDigits(t.substr(2, dot - 2)) || !IsDigits(t.substr(dot + 1))) {
    return Bad("bad time '" + Shown(t) + "' (expected T+SECONDS.FRACTION)");
  }
  r.time = std::string(t);
  if (f[1] == "udp") {
    r.transport = Transport::kUdp;
  } else if (f[1] == "uhid") {
    r.transport = Transport::kUhid;
  } else if (f[1] == "vpcd") {
    r.transport = Transport::kVpcd;
  } else {
    return Bad("unknown transport '" + Shown(f[1]) +
               "' (expected udp, uhid or vpcd)");
  }
  if (f[2] == "in") {
    r.in = true;
  } else if (f[2] == "out") {
    r.in = false;
  } else {
    return Bad("bad direction '" + Shown(f[2]) + "' (expected in or out)");
  }
  size_t length = 0;
  if (!IsDigits(f[3]) || f[3].size() > 6 ||
      std::from_chars(f[3].data(), f[3].data() + f[3].size(), length).ec !=
          std::errc() ||
      length > kMaxTraceBytes) {
    return Bad("bad length '" + Shown(f[3]) + "'");
  }
  std::string_view hex = f.size() == 5 ? f[4] : std::string_view();
  if (hex.size() != 2 * length) {
    return Bad("length " + std::to_string(length) + " but " +
               std::to_string(hex.size()) + " hex digits");
  }
  r.bytes.reserve(length);
  for (size_t i = 0; i < hex.size(); i += 2) {
    const int hi = HexValue(hex[i]);
    const int lo = HexValue(hex[i + 1]);
    if (hi < 0 || lo < 0) return Bad("bad hex digit in the data");
    r.bytes.push_back(static_cast<uint8_t>(hi << 4 | lo));
  }
  return std::optional<TraceRecord>(std::move(r));
}

}  // namespace bridge::trace
