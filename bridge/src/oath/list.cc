// LIST (docs/protocol/oath.md §2.7; §3 "LIST").
#include "bridge/oath/commands.h"

namespace bridge::oath {

Apdu EncodeList() {
  Apdu apdu;
  apdu.ins = kInsList;
  apdu.data = {0x01};  // list version 1: entries carry a property byte
  return apdu;
}

Apdu EncodeListV0() {
  Apdu apdu;
  apdu.ins = kInsList;
  return apdu;
}

Result<std::vector<ListEntry>> ParseListResponse(std::span<const uint8_t> data,
                                                 TlvLength encoding, bool v1) {
  Result<std::vector<Tlv>> tlvs = ParseTlvs(data, encoding);
  if (!tlvs) return std::move(tlvs).error();
  std::vector<ListEntry> out;
  for (const Tlv& t : *tlvs) {
    if (t.tag != kTagNameList) {
      return MakeError(ErrorKind::kProtocol,
                       "LIST: unexpected tag in the key's reply");
    }
    const size_t min = v1 ? 3 : 2;  // kind|alg, ≥1 name byte, [props]
    if (t.value.size() < min) {
      return MakeError(ErrorKind::kProtocol, "LIST: entry too short");
    }
    ListEntry e;
    e.type = static_cast<OathType>(t.value[0] & kTypeMask);
    e.algorithm = static_cast<HashAlgorithm>(t.value[0] & kAlgorithmMask);
    size_t name_end = t.value.size();
    if (v1) {
      uint8_t props = t.value.back();
      --name_end;
      e.has_properties = true;
      e.touch = (props & kListPropTouch) != 0;
      e.pin_encrypted = (props & kListPropPinEncrypted) != 0;
      e.pws = (props & kListPropPws) != 0;
    }
    e.name.assign(t.value.begin() + 1, t.value.begin() + name_end);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace bridge::oath
