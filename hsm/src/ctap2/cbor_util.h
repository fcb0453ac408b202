// CTAP2 CBOR helpers over libcbor (CTAP 2.1 §8 "Message encoding").
//
// Contract:
// - Building: every map made with MapBuilder is emitted in CTAP2 canonical
//   order (keys sorted by encoded length, then bytewise, CTAP 2.1 §8.1);
//   integers use the shortest width; all lengths are definite. Encode() then
//   yields canonical CTAP2 CBOR that python-fido2's strict decoder accepts.
// - Parsing: Decode() first runs hsm's well-formedness scan over the outside
//   bytes (cbor/codec.h ScanItem: exactly one item, definite lengths, no
//   tags, valid UTF-8, bounded depth and counts) and only then hands them to
//   libcbor; maps with duplicate keys are rejected. Errors are
//   CTAP2_ERR_INVALID_CBOR.
// libcbor allocation failure aborts (no exceptions in hsm).
#ifndef HSM_SRC_CTAP2_CBOR_UTIL_H_
#define HSM_SRC_CTAP2_CBOR_UTIL_H_

#include <cbor.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cbor/codec.h"
#include "hsm/ctap2/status.h"
#include "hsm/result.h"

namespace hsm::ctap2::cbor {

struct ItemDeleter {
  void operator()(cbor_item_t* item) const { cbor_decref(&item); }
};
using Item = std::unique_ptr<cbor_item_t, ItemDeleter>;

// ---- Building ----
Item Uint(uint64_t value);
Item Int(int64_t value);
Item Bytes(std::span<const uint8_t> bytes);
Item Text(std::string_view text);
Item Bool(bool value);

class MapBuilder {
 public:
  MapBuilder() = default;
  MapBuilder(const MapBuilder&) = delete;
  MapBuilder& operator=(const MapBuilder&) = delete;
  MapBuilder& Add(Item key, Item value);
  MapBuilder& Add(uint64_t key, Item value) {
    return Add(Uint(key), std::move(value));
  }
  MapBuilder& Add(int64_t key, Item value) {
    return Add(Int(key), std::move(value));
  }
  MapBuilder& Add(int key, Item value) {
    return Add(Int(key), std::move(value));
  }
  MapBuilder& Add(std::string_view key, Item value) {
    return Add(Text(key), std::move(value));
  }
  MapBuilder& Add(const char* key, Item value) {
    return Add(Text(key), std::move(value));
  }
  size_t size() const { return pairs_.size(); }
  // Sorts the keys canonically and builds the map.
  Item Build();

 private:
  std::vector<std::pair<Item, Item>> pairs_;
};

class ArrayBuilder {
 public:
  ArrayBuilder& Add(Item value);
  Item Build();

 private:
  std::vector<Item> items_;
};

// Serializes `item` as built (maps from MapBuilder are already canonical).
std::vector<uint8_t> Encode(const cbor_item_t* item);

// ---- Parsing outside bytes ----
Result<Item, CtapStatus> Decode(std::span<const uint8_t> bytes);
// The raw encoded bytes of the value under unsigned key `key` in the map
// encoded at the start of `map_bytes` (already validated by Decode).
std::optional<std::span<const uint8_t>> RawMapValue(
    std::span<const uint8_t> map_bytes, uint64_t key);

// Lookups on decoded maps; nullptr when absent.
const cbor_item_t* MapGet(const cbor_item_t* map, uint64_t key);
const cbor_item_t* MapGetText(const cbor_item_t* map, std::string_view key);

// Typed accessors. Each returns CBOR_UNEXPECTED_TYPE when `item` has the
// wrong type.
Result<std::span<const uint8_t>, CtapStatus> AsBytes(const cbor_item_t* item);
Result<std::string_view, CtapStatus> AsText(const cbor_item_t* item);
Result<int64_t, CtapStatus> AsInt(const cbor_item_t* item);
Result<uint64_t, CtapStatus> AsUint(const cbor_item_t* item);
Result<bool, CtapStatus> AsBool(const cbor_item_t* item);

// The head every request with subcommands shares (authenticatorClientPIN,
// authenticatorCredentialManagement): `params` is a map whose unsigned
// subCommand is under `key`. MISSING_PARAMETER when params or the
// subCommand is absent, CBOR_UNEXPECTED_TYPE when either has the wrong type.
Result<uint64_t, CtapStatus> RequiredSubCommand(const cbor_item_t* params,
                                                uint64_t key);

}  // namespace hsm::ctap2::cbor

#endif  // HSM_SRC_CTAP2_CBOR_UTIL_H_
