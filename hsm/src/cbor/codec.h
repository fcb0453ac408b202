// The strict CBOR codec of hsm (RFC 8949): the well-formedness scan every
// parser of outside CBOR runs first, and the Writer/Reader pair that encodes
// and decodes the sealed state's sections.
//
// Contract:
// - ScanItem() accepts exactly one well-formed item at `pos`: definite
//   lengths only, no tags, valid UTF-8 text, simple values false/true/null/
//   undefined and floats only, nesting depth <= kMaxDepth, element counts
//   bounded by the remaining input. It returns the item's end offset.
// - Writer emits the shortest head for every integer and length (RFC 8949
//   §4.2.1 preferred serialization) and definite lengths only. Callers write
//   map keys in ascending order, so what they write is deterministic.
// - Reader accepts only what Writer writes: shortest heads, definite
//   lengths, lengths bounded by the remaining input. A failed read consumes
//   nothing. Byte and text strings are views into the input (secrets are
//   never copied into a buffer the caller does not own).
#ifndef HSM_SRC_CBOR_CODEC_H_
#define HSM_SRC_CBOR_CODEC_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace hsm::cbor {

inline constexpr int kMaxDepth = 8;

// Reads one item head (RFC 8949 §3): major type, additional information and
// argument. Indefinite lengths and reserved values are rejected.
bool ReadHead(std::span<const uint8_t> in, size_t* pos, uint8_t* major,
              uint8_t* info, uint64_t* value);

// RFC 3629 UTF-8 without overlong forms, surrogates or values past U+10FFFF.
bool IsValidUtf8(std::span<const uint8_t> s);

// End offset of the single well-formed item starting at `pos` (see above).
std::optional<size_t> ScanItem(std::span<const uint8_t> in, size_t pos,
                               int depth = 0);

class Writer {
 public:
  // Reserve the worst case before writing secrets, so the buffer is never
  // reallocated (which would leave a copy in freed memory).
  void Reserve(size_t n) { out_.reserve(n); }
  void Uint(uint64_t v);
  void Int(int64_t v);
  void Bool(bool v);
  void MapStart(size_t n);
  void ArrayStart(size_t n);
  void Bytes(std::span<const uint8_t> b);
  void Text(std::string_view t);
  std::vector<uint8_t> Take() { return std::move(out_); }

 private:
  void Head(uint8_t major, uint64_t v);
  std::vector<uint8_t> out_;
};

class Reader {
 public:
  explicit Reader(std::span<const uint8_t> in) : in_(in) {}
  bool Uint(uint64_t* v);
  bool Int(int64_t* v);
  bool Bool(bool* v);
  bool MapStart(size_t* n);
  bool ArrayStart(size_t* n);
  bool Bytes(std::span<const uint8_t>* b);
  bool Text(std::string_view* t);
  // The same, with bounds: a value above `max`, or a string shorter than
  // `min` or longer than `max` bytes, is a failed read.
  bool UintAtMost(uint64_t max, uint64_t* v);
  bool BytesOfSize(size_t min, size_t max, std::span<const uint8_t>* b);
  bool TextOfSize(size_t max, std::string_view* t);
  // The raw bytes of the next whole item (ScanItem rules).
  bool RawItem(std::span<const uint8_t>* item);
  // Whether the next item is the unsigned integer `key` (consumes nothing).
  bool NextIsKey(uint64_t key) const;
  // Consumes the next item if it is the unsigned integer `key`.
  bool Key(uint64_t key);
  bool AtEnd() const { return pos_ == in_.size(); }

 private:
  bool Head(uint8_t* major, uint64_t* v);
  // A head of `major` whose argument is a length that fits the input.
  bool LengthHead(uint8_t major, uint64_t* v);
  std::span<const uint8_t> in_;
  size_t pos_ = 0;
};

}  // namespace hsm::cbor

#endif  // HSM_SRC_CBOR_CODEC_H_
