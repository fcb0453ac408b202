#include "tlv.h"

#include <algorithm>

namespace hsm::oath {

// ISO 7816-4 §5.2.1 SIMPLE-TLV; flexiber `length.rs` (docs/protocol/oath.md
// §2.4).
Result<std::vector<Tlv>, Sw> ParseTlvs(std::span<const uint8_t> data,
                                       TlvMode mode) {
  std::vector<Tlv> out;
  size_t i = 0;
  while (i < data.size()) {
    if (out.size() == kMaxTlvs) return MakeErr(Sw::kIncorrectData);
    const uint8_t tag = data[i++];
    if (tag == 0x00 || tag == 0xFF) return MakeErr(Sw::kIncorrectData);
    if (mode == TlvMode::kBareProperty && tag == kTagProperty) {
      // docs/protocol/oath.md §2.5: `78 pp`, no length byte.
      if (i >= data.size()) return MakeErr(Sw::kIncorrectData);
      out.push_back({tag, data.subspan(i, 1)});
      i += 1;
      continue;
    }
    if (i >= data.size()) return MakeErr(Sw::kIncorrectData);
    size_t len = data[i++];
    if (len == 0xFF) {
      if (data.size() - i < 2) return MakeErr(Sw::kIncorrectData);
      len = (size_t{data[i]} << 8) | data[i + 1];
      i += 2;
    }
    if (len > data.size() - i) return MakeErr(Sw::kIncorrectData);
    out.push_back({tag, data.subspan(i, len)});
    i += len;
  }
  return out;
}

void AppendTlv(std::vector<uint8_t>& out, uint8_t tag,
               std::span<const uint8_t> value) {
  out.push_back(tag);
  if (value.size() < 0xFF) {
    out.push_back(static_cast<uint8_t>(value.size()));
  } else {
    out.push_back(0xFF);
    out.push_back(static_cast<uint8_t>(value.size() >> 8));
    out.push_back(static_cast<uint8_t>(value.size() & 0xFF));
  }
  out.insert(out.end(), value.begin(), value.end());
}

const Tlv* FindTlv(const std::vector<Tlv>& tlvs, uint8_t tag) {
  for (const auto& t : tlvs) {
    if (t.tag == tag) return &t;
  }
  return nullptr;
}

Result<std::vector<Tlv>, Sw> ParseTlvs(std::span<const uint8_t> data,
                                       std::span<const uint8_t> allowed,
                                       TlvMode mode) {
  auto tlvs = ParseTlvs(data, mode);
  if (!tlvs.ok()) return tlvs;
  for (size_t i = 0; i < tlvs->size(); ++i) {
    const uint8_t tag = (*tlvs)[i].tag;
    if (std::find(allowed.begin(), allowed.end(), tag) == allowed.end()) {
      return MakeErr(Sw::kIncorrectData);
    }
    for (size_t j = 0; j < i; ++j) {
      if ((*tlvs)[j].tag == tag) return MakeErr(Sw::kIncorrectData);
    }
  }
  return tlvs;
}

}  // namespace hsm::oath
