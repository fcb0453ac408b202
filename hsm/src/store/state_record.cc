#include "hsm/store/state_record.h"

#include "cbor/codec.h"

namespace hsm::store {
namespace {

constexpr size_t kMaxEncodedSize = 64 * 1024;

}  // namespace

StateRecord StateRecord::Clone() const {
  StateRecord r;
  r.serial = serial;
  r.oath = oath.Clone();
  r.fido = fido.Clone();
  return r;
}

std::vector<uint8_t> EncodeStateRecord(const StateRecord& record) {
  cbor::Writer w;
  w.Reserve(32 + record.oath.size() + record.fido.size());
  w.MapStart(2 + (record.oath.empty() ? 0 : 1) + (record.fido.empty() ? 0 : 1));
  w.Uint(1);
  w.Uint(kStateVersion);
  w.Uint(2);
  w.Uint(record.serial);
  for (Section s : {Section::kOath, Section::kFido}) {
    if (record.section(s).empty()) continue;
    w.Uint(static_cast<uint8_t>(s));
    w.Bytes(record.section(s).view());
  }
  return w.Take();
}

Result<StateRecord, StateError> DecodeStateRecord(
    std::span<const uint8_t> bytes) {
  const auto bad = MakeErr(StateError::kMalformed);
  if (bytes.empty() || bytes.size() > kMaxEncodedSize) return bad;
  cbor::Reader r(bytes);
  size_t n = 0;
  uint64_t version = 0, serial = 0;
  if (!r.MapStart(&n) || n < 2 || n > 4 || !r.Key(1) || !r.Uint(&version)) {
    return bad;
  }
  // Version first, so a newer layout is reported as such.
  if (version > kStateVersion) return MakeErr(StateError::kUnsupportedVersion);
  if (version < 1) return bad;
  if (!r.Key(2) || !r.Uint(&serial) || serial > 0xFFFFFFFF) return bad;

  StateRecord record;
  record.serial = static_cast<uint32_t>(serial);
  size_t seen = 2;
  std::span<const uint8_t> section;
  if (version == 1) {
    // Version 1 kept the OATH state inline, and always.
    if (!r.Key(3) || !r.RawItem(&section)) return bad;
    record.oath = SecretBytes(section);
    ++seen;
  } else if (r.NextIsKey(3)) {
    if (!r.Key(3) || !r.Bytes(&section) || section.empty()) return bad;
    record.oath = SecretBytes(section);
    ++seen;
  }
  if (r.NextIsKey(4)) {
    if (!r.Key(4) || !r.Bytes(&section) || section.empty()) return bad;
    record.fido = SecretBytes(section);
    ++seen;
  }
  if (seen != n || !r.AtEnd()) return bad;
  return record;
}

}  // namespace hsm::store
