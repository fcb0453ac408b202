#include "bridge/oath/tlv.h"

#include <cstdio>
#include <string>

namespace bridge::oath {

Status AppendTlv(std::vector<uint8_t>& out, uint8_t tag,
                 std::span<const uint8_t> value) {
  if (value.size() > kMaxTlvValue) {
    char buf[8];
    std::snprintf(buf, sizeof(buf), "%02X", tag);
    return MakeError(ErrorKind::kInvalidInput,
                     std::string("value for tag ") + buf + " is " +
                         std::to_string(value.size()) +
                         " bytes; at most 127 are allowed");
  }
  out.push_back(tag);
  out.push_back(static_cast<uint8_t>(value.size()));
  out.insert(out.end(), value.begin(), value.end());
  return OkStatus();
}

Result<std::vector<Tlv>> ParseTlvs(std::span<const uint8_t> data,
                                   TlvLength encoding) {
  std::vector<Tlv> out;
  size_t i = 0;
  auto truncated = [] {
    return MakeError(ErrorKind::kProtocol, "truncated TLV in the key's reply");
  };
  while (i < data.size()) {
    Tlv tlv;
    tlv.tag = data[i++];
    if (i >= data.size()) return truncated();
    size_t len = data[i++];
    if (encoding == TlvLength::kSimple) {
      if (len == 0xFF) {  // ISO 7816-4 §5.2.1 SIMPLE-TLV three-byte length
        if (data.size() - i < 2) return truncated();
        len = (size_t{data[i]} << 8) | data[i + 1];
        i += 2;
      }
    } else if (len > 0x7F) {  // BER definite long form
      size_t octets = len & 0x7F;
      if (octets == 0 || octets > 2) {
        return MakeError(ErrorKind::kProtocol,
                         "unsupported BER length in the key's reply");
      }
      if (data.size() - i < octets) return truncated();
      len = 0;
      for (size_t k = 0; k < octets; ++k) len = (len << 8) | data[i++];
    }
    if (data.size() - i < len) return truncated();
    tlv.value = data.subspan(i, len);
    i += len;
    out.push_back(tlv);
  }
  return out;
}

}  // namespace bridge::oath
