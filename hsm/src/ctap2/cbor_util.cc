#include "cbor_util.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace hsm::ctap2::cbor {
namespace {

using ::hsm::cbor::kMaxDepth;
using ::hsm::cbor::ReadHead;
using ::hsm::cbor::ScanItem;

cbor_item_t* Check(cbor_item_t* item) {
  if (item == nullptr) std::abort();  // out of memory: no exceptions in hsm
  return item;
}

std::vector<uint8_t> Serialize(const cbor_item_t* item) {
  unsigned char* buffer = nullptr;
  size_t buffer_size = 0;
  size_t length = cbor_serialize_alloc(item, &buffer, &buffer_size);
  if (length == 0 || buffer == nullptr) std::abort();
  std::vector<uint8_t> out(buffer, buffer + length);
  free(buffer);
  return out;
}

// CTAP 2.1 §8.1 (RFC 7049 §3.9 "length-first" canonical order).
bool CanonicalLess(const std::vector<uint8_t>& a,
                   const std::vector<uint8_t>& b) {
  if (a.size() != b.size()) return a.size() < b.size();
  return a < b;
}

bool ItemKeyEquals(const cbor_item_t* a, const cbor_item_t* b) {
  if (cbor_typeof(a) != cbor_typeof(b)) return false;
  switch (cbor_typeof(a)) {
    case CBOR_TYPE_UINT:
    case CBOR_TYPE_NEGINT:
      return cbor_get_int(a) == cbor_get_int(b);
    case CBOR_TYPE_BYTESTRING:
      return cbor_bytestring_length(a) == cbor_bytestring_length(b) &&
             std::memcmp(cbor_bytestring_handle(a), cbor_bytestring_handle(b),
                         cbor_bytestring_length(a)) == 0;
    case CBOR_TYPE_STRING:
      return cbor_string_length(a) == cbor_string_length(b) &&
             std::memcmp(cbor_string_handle(a), cbor_string_handle(b),
                         cbor_string_length(a)) == 0;
    default:
      return false;  // other key types never match each other
  }
}

bool NoDuplicateKeys(const cbor_item_t* item, int depth) {
  if (depth > kMaxDepth) return false;
  if (cbor_isa_array(item)) {
    cbor_item_t** items = cbor_array_handle(item);
    for (size_t i = 0; i < cbor_array_size(item); ++i) {
      if (!NoDuplicateKeys(items[i], depth + 1)) return false;
    }
  } else if (cbor_isa_map(item)) {
    struct cbor_pair* pairs = cbor_map_handle(item);
    size_t n = cbor_map_size(item);
    for (size_t i = 0; i < n; ++i) {
      for (size_t j = i + 1; j < n; ++j) {
        if (ItemKeyEquals(pairs[i].key, pairs[j].key)) return false;
      }
      if (!NoDuplicateKeys(pairs[i].key, depth + 1) ||
          !NoDuplicateKeys(pairs[i].value, depth + 1)) {
        return false;
      }
    }
  }
  return true;
}

}  // namespace

Item Uint(uint64_t v) {
  if (v <= 0xFF) return Item(Check(cbor_build_uint8(static_cast<uint8_t>(v))));
  if (v <= 0xFFFF)
    return Item(Check(cbor_build_uint16(static_cast<uint16_t>(v))));
  if (v <= 0xFFFFFFFF)
    return Item(Check(cbor_build_uint32(static_cast<uint32_t>(v))));
  return Item(Check(cbor_build_uint64(v)));
}

Item Int(int64_t v) {
  if (v >= 0) return Uint(static_cast<uint64_t>(v));
  uint64_t n = static_cast<uint64_t>(-(v + 1));  // CBOR major 1 stores -1-v
  if (n <= 0xFF)
    return Item(Check(cbor_build_negint8(static_cast<uint8_t>(n))));
  if (n <= 0xFFFF)
    return Item(Check(cbor_build_negint16(static_cast<uint16_t>(n))));
  if (n <= 0xFFFFFFFF)
    return Item(Check(cbor_build_negint32(static_cast<uint32_t>(n))));
  return Item(Check(cbor_build_negint64(n)));
}

Item Bytes(std::span<const uint8_t> bytes) {
  static const uint8_t kEmpty = 0;
  return Item(Check(cbor_build_bytestring(
      bytes.empty() ? &kEmpty : bytes.data(), bytes.size())));
}

Item Text(std::string_view text) {
  return Item(
      Check(cbor_build_stringn(text.empty() ? "" : text.data(), text.size())));
}

Item Bool(bool value) { return Item(Check(cbor_build_bool(value))); }

MapBuilder& MapBuilder::Add(Item key, Item value) {
  pairs_.emplace_back(std::move(key), std::move(value));
  return *this;
}

Item MapBuilder::Build() {
  std::vector<std::pair<std::vector<uint8_t>, size_t>> order;
  order.reserve(pairs_.size());
  for (size_t i = 0; i < pairs_.size(); ++i) {
    order.emplace_back(Serialize(pairs_[i].first.get()), i);
  }
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    return CanonicalLess(a.first, b.first);
  });
  Item map(Check(cbor_new_definite_map(pairs_.size())));
  for (const auto& [key_bytes, index] : order) {
    // cbor_map_add takes its own references.
    if (!cbor_map_add(map.get(), (struct cbor_pair){
                                     .key = pairs_[index].first.get(),
                                     .value = pairs_[index].second.get()})) {
      std::abort();
    }
  }
  pairs_.clear();
  return map;
}

ArrayBuilder& ArrayBuilder::Add(Item value) {
  items_.push_back(std::move(value));
  return *this;
}

Item ArrayBuilder::Build() {
  Item array(Check(cbor_new_definite_array(items_.size())));
  for (auto& item : items_) {
    if (!cbor_array_push(array.get(), item.get())) std::abort();
  }
  items_.clear();
  return array;
}

std::vector<uint8_t> Encode(const cbor_item_t* item) { return Serialize(item); }

Result<Item, CtapStatus> Decode(std::span<const uint8_t> bytes) {
  if (bytes.empty()) return MakeErr(CtapStatus::kInvalidCbor);
  auto end = ScanItem(bytes, 0);
  if (!end || *end != bytes.size()) return MakeErr(CtapStatus::kInvalidCbor);
  struct cbor_load_result result;
  cbor_item_t* item = cbor_load(bytes.data(), bytes.size(), &result);
  if (item == nullptr) return MakeErr(CtapStatus::kInvalidCbor);
  Item owned(item);
  if (result.error.code != CBOR_ERR_NONE || result.read != bytes.size() ||
      !NoDuplicateKeys(item, 0)) {
    return MakeErr(CtapStatus::kInvalidCbor);
  }
  return owned;
}

std::optional<std::span<const uint8_t>> RawMapValue(std::span<const uint8_t> in,
                                                    uint64_t key) {
  size_t pos = 0;
  uint8_t major, info;
  uint64_t count;
  if (!ReadHead(in, &pos, &major, &info, &count) || major != 5) {
    return std::nullopt;
  }
  for (uint64_t i = 0; i < count; ++i) {
    size_t key_pos = pos;
    uint8_t key_major, key_info;
    uint64_t key_value;
    bool is_key = ReadHead(in, &key_pos, &key_major, &key_info, &key_value) &&
                  key_major == 0 && key_value == key;
    auto key_end = ScanItem(in, pos);
    if (!key_end) return std::nullopt;
    auto value_end = ScanItem(in, *key_end);
    if (!value_end) return std::nullopt;
    if (is_key) return in.subspan(*key_end, *value_end - *key_end);
    pos = *value_end;
  }
  return std::nullopt;
}

const cbor_item_t* MapGet(const cbor_item_t* map, uint64_t key) {
  if (map == nullptr || !cbor_isa_map(map)) return nullptr;
  struct cbor_pair* pairs = cbor_map_handle(map);
  for (size_t i = 0; i < cbor_map_size(map); ++i) {
    if (cbor_isa_uint(pairs[i].key) && cbor_get_int(pairs[i].key) == key) {
      return pairs[i].value;
    }
  }
  return nullptr;
}

const cbor_item_t* MapGetText(const cbor_item_t* map, std::string_view key) {
  if (map == nullptr || !cbor_isa_map(map)) return nullptr;
  struct cbor_pair* pairs = cbor_map_handle(map);
  for (size_t i = 0; i < cbor_map_size(map); ++i) {
    const cbor_item_t* k = pairs[i].key;
    if (cbor_isa_string(k) && cbor_string_is_definite(k) &&
        cbor_string_length(k) == key.size() &&
        std::memcmp(cbor_string_handle(k), key.data(), key.size()) == 0) {
      return pairs[i].value;
    }
  }
  return nullptr;
}

Result<std::span<const uint8_t>, CtapStatus> AsBytes(const cbor_item_t* item) {
  if (item == nullptr || !cbor_isa_bytestring(item) ||
      !cbor_bytestring_is_definite(item)) {
    return MakeErr(CtapStatus::kCborUnexpectedType);
  }
  return std::span<const uint8_t>(cbor_bytestring_handle(item),
                                  cbor_bytestring_length(item));
}

Result<std::string_view, CtapStatus> AsText(const cbor_item_t* item) {
  if (item == nullptr || !cbor_isa_string(item) ||
      !cbor_string_is_definite(item)) {
    return MakeErr(CtapStatus::kCborUnexpectedType);
  }
  return std::string_view(
      reinterpret_cast<const char*>(cbor_string_handle(item)),
      cbor_string_length(item));
}

Result<int64_t, CtapStatus> AsInt(const cbor_item_t* item) {
  if (item == nullptr || !cbor_is_int(item)) {
    return MakeErr(CtapStatus::kCborUnexpectedType);
  }
  uint64_t v = cbor_get_int(item);
  if (v > static_cast<uint64_t>(INT64_MAX)) {
    return MakeErr(CtapStatus::kCborUnexpectedType);
  }
  return cbor_isa_uint(item) ? static_cast<int64_t>(v)
                             : -1 - static_cast<int64_t>(v);
}

Result<uint64_t, CtapStatus> AsUint(const cbor_item_t* item) {
  if (item == nullptr || !cbor_isa_uint(item)) {
    return MakeErr(CtapStatus::kCborUnexpectedType);
  }
  return cbor_get_int(item);
}

Result<bool, CtapStatus> AsBool(const cbor_item_t* item) {
  if (item == nullptr || !cbor_is_bool(item)) {
    return MakeErr(CtapStatus::kCborUnexpectedType);
  }
  return cbor_get_bool(item);
}

Result<uint64_t, CtapStatus> RequiredSubCommand(const cbor_item_t* params,
                                                uint64_t key) {
  if (params == nullptr) return MakeErr(CtapStatus::kMissingParameter);
  if (!cbor_isa_map(params)) return MakeErr(CtapStatus::kCborUnexpectedType);
  const cbor_item_t* sub = MapGet(params, key);
  if (sub == nullptr) return MakeErr(CtapStatus::kMissingParameter);
  return AsUint(sub);
}

}  // namespace hsm::ctap2::cbor
