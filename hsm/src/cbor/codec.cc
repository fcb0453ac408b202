#include "codec.h"

namespace hsm::cbor {

bool ReadHead(std::span<const uint8_t> in, size_t* pos, uint8_t* major,
              uint8_t* info, uint64_t* value) {
  if (*pos >= in.size()) return false;
  uint8_t b = in[(*pos)++];
  *major = b >> 5;
  *info = b & 0x1F;
  if (*info < 24) {
    *value = *info;
    return true;
  }
  size_t n;
  switch (*info) {
    case 24:
      n = 1;
      break;
    case 25:
      n = 2;
      break;
    case 26:
      n = 4;
      break;
    case 27:
      n = 8;
      break;
    default:
      return false;  // 28-30 reserved, 31 indefinite: rejected
  }
  if (in.size() - *pos < n) return false;
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i) v = (v << 8) | in[(*pos)++];
  *value = v;
  return true;
}

bool IsValidUtf8(std::span<const uint8_t> s) {
  size_t i = 0;
  while (i < s.size()) {
    uint8_t c = s[i];
    size_t n;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (s.size() - i - 1 < n) return false;
    for (size_t k = 1; k <= n; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    // Reject overlong forms, surrogates and values past U+10FFFF.
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
        (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

std::optional<size_t> ScanItem(std::span<const uint8_t> in, size_t pos,
                               int depth) {
  if (depth > kMaxDepth) return std::nullopt;
  uint8_t major, info;
  uint64_t value;
  if (!ReadHead(in, &pos, &major, &info, &value)) return std::nullopt;
  switch (major) {
    case 0:
    case 1:
      return pos;
    case 2:
    case 3: {
      if (value > in.size() - pos) return std::nullopt;
      if (major == 3 && !IsValidUtf8(in.subspan(pos, value))) {
        return std::nullopt;
      }
      return pos + value;
    }
    case 4:
    case 5: {
      // Every item takes at least one byte: bound counts before looping.
      uint64_t items = major == 5 ? value * 2 : value;
      if (value > in.size() - pos || items > in.size() - pos) {
        return std::nullopt;
      }
      for (uint64_t i = 0; i < items; ++i) {
        auto end = ScanItem(in, pos, depth + 1);
        if (!end) return std::nullopt;
        pos = *end;
      }
      return pos;
    }
    case 6:
      return std::nullopt;  // tags are not used by CTAP2
    case 7:
      // false, true, null, undefined; floats are skipped by length.
      if (info < 24) {
        return (value >= 20 && value <= 23) ? std::optional<size_t>(pos)
                                            : std::nullopt;
      }
      if (info == 24) return std::nullopt;  // simple values >= 32
      return pos;  // 25, 26, 27: half, single, double floats
  }
  return std::nullopt;
}

// ---- Writer ----

void Writer::Head(uint8_t major, uint64_t v) {
  uint8_t m = static_cast<uint8_t>(major << 5);
  if (v < 24) {
    out_.push_back(m | static_cast<uint8_t>(v));
    return;
  }
  int n;
  if (v <= 0xFF) {
    out_.push_back(m | 24);
    n = 1;
  } else if (v <= 0xFFFF) {
    out_.push_back(m | 25);
    n = 2;
  } else if (v <= 0xFFFFFFFF) {
    out_.push_back(m | 26);
    n = 4;
  } else {
    out_.push_back(m | 27);
    n = 8;
  }
  for (int i = n - 1; i >= 0; --i)
    out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

void Writer::Uint(uint64_t v) { Head(0, v); }
void Writer::Int(int64_t v) {
  if (v >= 0) {
    Head(0, static_cast<uint64_t>(v));
  } else {
    Head(1, static_cast<uint64_t>(-(v + 1)));
  }
}
void Writer::Bool(bool v) { out_.push_back(v ? 0xF5 : 0xF4); }
void Writer::MapStart(size_t n) { Head(5, n); }
void Writer::ArrayStart(size_t n) { Head(4, n); }
void Writer::Bytes(std::span<const uint8_t> b) {
  Head(2, b.size());
  out_.insert(out_.end(), b.begin(), b.end());
}
void Writer::Text(std::string_view t) {
  Head(3, t.size());
  out_.insert(out_.end(), t.begin(), t.end());
}

// ---- Reader ----

bool Reader::Head(uint8_t* major, uint64_t* v) {
  uint8_t info;
  size_t start = pos_;
  if (!ReadHead(in_, &pos_, major, &info, v)) return false;
  // Canonical: the shortest head only (RFC 8949 §4.2.1).
  size_t len = pos_ - start;
  if ((len == 2 && *v < 24) || (len == 3 && *v <= 0xFF) ||
      (len == 5 && *v <= 0xFFFF) || (len == 9 && *v <= 0xFFFFFFFF)) {
    return false;
  }
  if (*major == 7) return false;  // handled by Bool
  return true;
}

bool Reader::LengthHead(uint8_t want, uint64_t* v) {
  uint8_t major;
  size_t save = pos_;
  if (!Head(&major, v) || major != want || *v > in_.size() - pos_) {
    pos_ = save;
    return false;
  }
  return true;
}

bool Reader::Uint(uint64_t* v) {
  uint8_t major;
  size_t save = pos_;
  if (!Head(&major, v) || major != 0) {
    pos_ = save;
    return false;
  }
  return true;
}

bool Reader::Int(int64_t* v) {
  uint8_t major;
  uint64_t u;
  size_t save = pos_;
  if (!Head(&major, &u) || major > 1 || u > static_cast<uint64_t>(INT64_MAX)) {
    pos_ = save;
    return false;
  }
  *v = major == 0 ? static_cast<int64_t>(u) : -1 - static_cast<int64_t>(u);
  return true;
}

bool Reader::Bool(bool* v) {
  if (pos_ >= in_.size()) return false;
  if (in_[pos_] == 0xF4 || in_[pos_] == 0xF5) {
    *v = in_[pos_++] == 0xF5;
    return true;
  }
  return false;
}

bool Reader::MapStart(size_t* n) {
  uint64_t v;
  if (!LengthHead(5, &v)) return false;
  *n = static_cast<size_t>(v);
  return true;
}

bool Reader::ArrayStart(size_t* n) {
  uint64_t v;
  if (!LengthHead(4, &v)) return false;
  *n = static_cast<size_t>(v);
  return true;
}

bool Reader::Bytes(std::span<const uint8_t>* b) {
  uint64_t v;
  if (!LengthHead(2, &v)) return false;
  *b = in_.subspan(pos_, v);
  pos_ += v;
  return true;
}

bool Reader::Text(std::string_view* t) {
  uint64_t v;
  size_t save = pos_;
  if (!LengthHead(3, &v)) return false;
  if (!IsValidUtf8(in_.subspan(pos_, v))) {
    pos_ = save;
    return false;
  }
  *t = std::string_view(reinterpret_cast<const char*>(in_.data() + pos_), v);
  pos_ += v;
  return true;
}

bool Reader::UintAtMost(uint64_t max, uint64_t* v) {
  Reader attempt = *this;
  if (!attempt.Uint(v) || *v > max) return false;
  *this = attempt;
  return true;
}

bool Reader::BytesOfSize(size_t min, size_t max, std::span<const uint8_t>* b) {
  Reader attempt = *this;
  if (!attempt.Bytes(b) || b->size() < min || b->size() > max) return false;
  *this = attempt;
  return true;
}

bool Reader::TextOfSize(size_t max, std::string_view* t) {
  Reader attempt = *this;
  if (!attempt.Text(t) || t->size() > max) return false;
  *this = attempt;
  return true;
}

bool Reader::RawItem(std::span<const uint8_t>* item) {
  auto end = ScanItem(in_, pos_);
  if (!end) return false;
  *item = in_.subspan(pos_, *end - pos_);
  pos_ = *end;
  return true;
}

bool Reader::NextIsKey(uint64_t key) const {
  Reader peek = *this;
  uint64_t k;
  return peek.Uint(&k) && k == key;
}

bool Reader::Key(uint64_t key) {
  if (!NextIsKey(key)) return false;
  uint64_t k;
  return Uint(&k);
}

}  // namespace hsm::cbor
