#include "bridge/trace/cbor_text.h"

#include <cstdio>
#include <memory>
#include <vector>

#include "libcbor.h"

namespace bridge::trace {
namespace {

struct ItemDeleter {
  void operator()(cbor_item_t* item) const { Cbor().cbor_decref(&item); }
};
using ItemPtr = std::unique_ptr<cbor_item_t, ItemDeleter>;

void AppendQuoted(std::string& out, std::span<const uint8_t> s) {
  out += '"';
  for (uint8_t c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7F) {
      char b[8];
      std::snprintf(b, sizeof b, "\\x%02x", c);
      out += b;
    } else {
      out += static_cast<char>(c);  // UTF-8 passes through
    }
  }
  out += '"';
}

std::span<const uint8_t> Bytes(const cbor_item_t* item) {
  return {Cbor().cbor_bytestring_handle(item),
          Cbor().cbor_bytestring_length(item)};
}

std::span<const uint8_t> Text(const cbor_item_t* item) {
  return {Cbor().cbor_string_handle(item), Cbor().cbor_string_length(item)};
}

const Member* Find(std::span<const Member> members, const cbor_item_t* key) {
  if (key == nullptr) return nullptr;
  int64_t k = 0;
  if (Cbor().cbor_isa_uint(key)) {
    uint64_t v = Cbor().cbor_get_int(key);
    if (v > INT64_MAX) return nullptr;
    k = static_cast<int64_t>(v);
  } else if (Cbor().cbor_isa_negint(key)) {
    uint64_t v = Cbor().cbor_get_int(key);
    if (v > INT64_MAX) return nullptr;
    k = -1 - static_cast<int64_t>(v);
  } else {
    return nullptr;
  }
  for (const Member& m : members) {
    if (m.key == k) return &m;
  }
  return nullptr;
}

// Length of a (possibly chunked) byte or text string, else 0.
size_t StringLength(const cbor_item_t* item) {
  size_t n = 0;
  if (Cbor().cbor_isa_bytestring(item)) {
    if (!Cbor().cbor_bytestring_is_indefinite(item))
      return Cbor().cbor_bytestring_length(item);
    cbor_item_t** chunks = Cbor().cbor_bytestring_chunks_handle(item);
    for (size_t i = 0; i < Cbor().cbor_bytestring_chunk_count(item); ++i) {
      n += Cbor().cbor_bytestring_length(chunks[i]);
    }
  } else if (Cbor().cbor_isa_string(item)) {
    if (!Cbor().cbor_string_is_indefinite(item))
      return Cbor().cbor_string_length(item);
    cbor_item_t** chunks = Cbor().cbor_string_chunks_handle(item);
    for (size_t i = 0; i < Cbor().cbor_string_chunk_count(item); ++i) {
      n += Cbor().cbor_string_length(chunks[i]);
    }
  }
  return n;
}

void Print(std::string& out, const cbor_item_t* item, int depth,
           std::span<const Member> members, bool show_secrets) {
  if (item == nullptr) {
    out += "<missing>";
    return;
  }
  if (depth > kMaxTextDepth) {
    out += "…";
    return;
  }
  switch (Cbor().cbor_typeof(item)) {
    case CBOR_TYPE_UINT:
      out += std::to_string(Cbor().cbor_get_int(item));
      return;
    case CBOR_TYPE_NEGINT: {
      const uint64_t v = Cbor().cbor_get_int(item);
      out += v == UINT64_MAX ? "-18446744073709551616"
                             : "-" + std::to_string(v + 1);
      return;
    }
    case CBOR_TYPE_BYTESTRING:
      if (!Cbor().cbor_bytestring_is_indefinite(item)) {
        out += "h'" + Hex(Bytes(item)) + "'";
        return;
      }
      out += "(_ ";
      for (size_t i = 0; i < Cbor().cbor_bytestring_chunk_count(item); ++i) {
        if (i > 0) out += ", ";
        out += "h'" +
               Hex(Bytes(Cbor().cbor_bytestring_chunks_handle(item)[i])) + "'";
      }
      out += ")";
      return;
    case CBOR_TYPE_STRING:
      if (!Cbor().cbor_string_is_indefinite(item)) {
        AppendQuoted(out, Text(item));
        return;
      }
      out += "(_ ";
      for (size_t i = 0; i < Cbor().cbor_string_chunk_count(item); ++i) {
        if (i > 0) out += ", ";
        AppendQuoted(out, Text(Cbor().cbor_string_chunks_handle(item)[i]));
      }
      out += ")";
      return;
    case CBOR_TYPE_ARRAY: {
      out += "[";
      cbor_item_t** handle = Cbor().cbor_array_handle(item);
      for (size_t i = 0; i < Cbor().cbor_array_size(item); ++i) {
        if (i > 0) out += ", ";
        Print(out, handle[i], depth + 1, {}, show_secrets);
      }
      out += "]";
      return;
    }
    case CBOR_TYPE_MAP: {
      out += "{";
      cbor_pair* pairs = Cbor().cbor_map_handle(item);
      for (size_t i = 0; i < Cbor().cbor_map_size(item); ++i) {
        if (i > 0) out += ", ";
        const Member* m = Find(members, pairs[i].key);
        if (m != nullptr) {
          out += m->name;
          out += "(";
          Print(out, pairs[i].key, depth + 1, {}, show_secrets);
          out += ")";
        } else {
          Print(out, pairs[i].key, depth + 1, {}, show_secrets);
        }
        out += ": ";
        const cbor_item_t* value = pairs[i].value;
        if (m != nullptr && m->secret && !show_secrets) {
          out += SecretText(value == nullptr ? 0 : StringLength(value));
          continue;
        }
        Print(out, value, depth + 1, {}, show_secrets);
        if (m != nullptr && m->value_name != nullptr && value != nullptr &&
            Cbor().cbor_isa_uint(value)) {
          std::string_view name = m->value_name(Cbor().cbor_get_int(value));
          if (!name.empty()) {
            out += " (";
            out += name;
            out += ")";
          }
        }
      }
      out += "}";
      return;
    }
    case CBOR_TYPE_TAG: {
      out += std::to_string(Cbor().cbor_tag_value(item)) + "(";
      ItemPtr tagged(
          Cbor().cbor_tag_item(item));  // cbor_tag_item adds a reference
      Print(out, tagged.get(), depth + 1, {}, show_secrets);
      out += ")";
      return;
    }
    case CBOR_TYPE_FLOAT_CTRL:
      if (Cbor().cbor_float_ctrl_is_ctrl(item)) {
        switch (Cbor().cbor_ctrl_value(item)) {
          case CBOR_CTRL_FALSE:
            out += "false";
            return;
          case CBOR_CTRL_TRUE:
            out += "true";
            return;
          case CBOR_CTRL_NULL:
            out += "null";
            return;
          case CBOR_CTRL_UNDEF:
            out += "undefined";
            return;
          default:
            out +=
                "simple(" + std::to_string(Cbor().cbor_ctrl_value(item)) + ")";
            return;
        }
      } else {
        char b[32];
        std::snprintf(b, sizeof b, "%g", Cbor().cbor_float_get_float(item));
        out += b;
      }
      return;
  }
  out += "<?>";
}

// libcbor 0.8's cbor_load allocates an array or map for the count in its
// head before reading an element, so `9b ff…` asks for terabytes. Before
// decoding, the heads are walked with libcbor's own streaming decoder and
// the item is refused when a count exceeds the bytes left or nesting goes
// deeper than kMaxTextDepth (the same bounds hsm's codec.h ScanItem puts
// before every CBOR parser of the key).
struct Scan {
  size_t left = 0;            // bytes from the current head to the end
  std::vector<int64_t> open;  // elements still due; -1 = until a break
  bool ok = true;
  bool started = false;

  // A new item takes a slot of the container it is in.
  void Take() {
    started = true;
    if (!open.empty() && open.back() > 0) --open.back();
  }
  // Containers whose last element has ended are complete.
  void Close() {
    while (!open.empty() && open.back() == 0) open.pop_back();
  }
  void Item() {
    Take();
    Close();
  }
  void Open(int64_t n) {
    Take();
    if (n > static_cast<int64_t>(left)) ok = false;
    if (n == 0) {
      Close();
      return;
    }
    if (open.size() >= static_cast<size_t>(kMaxTextDepth)) ok = false;
    open.push_back(n);
  }
  void Break() {
    if (open.empty() || open.back() != -1) {
      ok = false;
      return;
    }
    open.pop_back();
    Close();
  }
  bool Done() const { return started && open.empty(); }
};

Scan* S(void* ctx) { return static_cast<Scan*>(ctx); }

bool WithinBounds(std::span<const uint8_t> data) {
  cbor_callbacks cb = *Cbor().cbor_empty_callbacks;
  cb.uint8 = [](void* c, uint8_t) { S(c)->Item(); };
  cb.uint16 = [](void* c, uint16_t) { S(c)->Item(); };
  cb.uint32 = [](void* c, uint32_t) { S(c)->Item(); };
  cb.uint64 = [](void* c, uint64_t) { S(c)->Item(); };
  cb.negint8 = [](void* c, uint8_t) { S(c)->Item(); };
  cb.negint16 = [](void* c, uint16_t) { S(c)->Item(); };
  cb.negint32 = [](void* c, uint32_t) { S(c)->Item(); };
  cb.negint64 = [](void* c, uint64_t) { S(c)->Item(); };
  cb.byte_string = [](void* c, cbor_data, size_t) { S(c)->Item(); };
  cb.string = [](void* c, cbor_data, size_t) { S(c)->Item(); };
  cb.byte_string_start = [](void* c) { S(c)->Open(-1); };
  cb.string_start = [](void* c) { S(c)->Open(-1); };
  cb.indef_array_start = [](void* c) { S(c)->Open(-1); };
  cb.indef_map_start = [](void* c) { S(c)->Open(-1); };
  cb.array_start = [](void* c, size_t n) {
    S(c)->Open(n > SIZE_MAX / 4 ? INT64_MAX : static_cast<int64_t>(n));
  };
  cb.map_start = [](void* c, size_t n) {
    S(c)->Open(n > SIZE_MAX / 4 ? INT64_MAX : static_cast<int64_t>(2 * n));
  };
  cb.tag = [](void* c, uint64_t) { S(c)->Open(1); };
  cb.float2 = [](void* c, float) { S(c)->Item(); };
  cb.float4 = [](void* c, float) { S(c)->Item(); };
  cb.float8 = [](void* c, double) { S(c)->Item(); };
  cb.undefined = [](void* c) { S(c)->Item(); };
  cb.null = [](void* c) { S(c)->Item(); };
  cb.boolean = [](void* c, bool) { S(c)->Item(); };
  cb.indef_break = [](void* c) { S(c)->Break(); };
  Scan scan;
  size_t pos = 0;
  while (scan.ok && !scan.Done() && pos < data.size()) {
    scan.left = data.size() - pos;
    cbor_decoder_result r = Cbor().cbor_stream_decode(
        data.data() + pos, data.size() - pos, &cb, &scan);
    if (r.status != CBOR_DECODER_FINISHED || r.read == 0) return true;
    pos += r.read;
  }
  return scan.ok;  // malformed or short input: cbor_load reports it
}

}  // namespace

std::string Hex(std::span<const uint8_t> bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * bytes.size());
  for (uint8_t b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 0x0F];
  }
  return out;
}

std::string SecretText(size_t n) {
  return "<secret " + std::to_string(n) + " bytes>";
}

std::string CborToText(std::span<const uint8_t> data,
                       std::span<const Member> members, bool show_secrets) {
  if (data.empty()) return "";
  if (!WithinBounds(data)) {
    return "<CBOR too deep or with counts past its end> " +
           (show_secrets ? Hex(data) : SecretText(data.size()));
  }
  cbor_load_result result{};
  ItemPtr item(Cbor().cbor_load(data.data(), data.size(), &result));
  if (!item || result.error.code != CBOR_ERR_NONE) {
    // Undecodable parameters may still hold a secret: hex only on request.
    return "<bad CBOR at byte " + std::to_string(result.error.position) + "> " +
           (show_secrets ? Hex(data) : SecretText(data.size()));
  }
  std::string out;
  Print(out, item.get(), 0, members, show_secrets);
  if (result.read < data.size()) {
    out +=
        " <" + std::to_string(data.size() - result.read) + " trailing bytes>";
  }
  return out;
}

}  // namespace bridge::trace
