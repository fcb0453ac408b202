#include "bridge/aws/ini.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace bridge::aws {
namespace {

constexpr std::string_view kDefaultSection = "DEFAULT";  // configparser

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r';
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(c));
  return out;
}

Error LineError(size_t index, std::string_view what) {
  return MakeError(
      ErrorKind::kInvalidInput,
      "line " + std::to_string(index + 1) + ": " + std::string(what));
}

// Returns the header name if `stripped` is a section header line
// (configparser SECTCRE: `\[(?P<header>.+)\]` matched at the start).
std::optional<std::string_view> HeaderName(std::string_view stripped) {
  if (stripped.size() < 3 || stripped.front() != '[') return std::nullopt;
  size_t close = stripped.rfind(']');
  if (close == std::string_view::npos || close < 2) return std::nullopt;
  return stripped.substr(1, close - 1);
}

}  // namespace

Result<IniDocument> IniDocument::Parse(std::string_view text) {
  IniDocument doc;
  doc.trailing_newline_ = text.empty() || text.back() == '\n';
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(start, nl - start);
    if (!line.empty() && line.back() == '\r') doc.crlf_ = true;
    doc.lines_.emplace_back(line);
    start = nl + 1;
  }
  Status st = doc.Index();
  if (!st.ok()) return std::move(st).error();
  return doc;
}

Status IniDocument::Index() {
  sections_.clear();
  Section* cur = nullptr;
  bool have_entry = false;
  size_t indent_level = 0;
  for (size_t i = 0; i < lines_.size(); ++i) {
    std::string_view raw = lines_[i];
    std::string_view stripped = Trim(raw);
    if (stripped.empty()) continue;
    if (stripped.front() == '#' || stripped.front() == ';') continue;
    size_t indent = 0;
    while (indent < raw.size() && IsSpace(raw[indent])) ++indent;
    if (cur != nullptr && have_entry && indent > indent_level) {
      Entry& e = cur->entries.back();
      e.value += '\n';
      e.value += stripped;
      e.last_line = i;
      continue;
    }
    indent_level = indent;
    if (auto header = HeaderName(stripped)) {
      for (const Section& s : sections_) {
        if (s.name == *header) {
          return LineError(
              i, "section [" + std::string(*header) + "] appears twice");
        }
      }
      sections_.push_back(Section{std::string(*header), i, {}});
      cur = &sections_.back();
      have_entry = false;
      continue;
    }
    if (cur == nullptr) {
      return LineError(i, "a key line comes before any [section] header");
    }
    size_t delim = stripped.find_first_of("=:");
    if (delim == std::string_view::npos) {
      return LineError(i, "expected `key = value` or a [section] header");
    }
    std::string key = Lower(Trim(stripped.substr(0, delim)));
    if (key.empty()) return LineError(i, "empty key");
    for (const Entry& e : cur->entries) {
      if (e.key == key) {
        return LineError(
            i, "key '" + key + "' appears twice in [" + cur->name + "]");
      }
    }
    cur->entries.push_back(
        Entry{key, std::string(Trim(stripped.substr(delim + 1))), i, i});
    have_entry = true;
  }
  return OkStatus();
}

const IniDocument::Section* IniDocument::FindSection(
    std::string_view name) const {
  for (const Section& s : sections_) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

std::vector<std::string> IniDocument::SectionNames() const {
  std::vector<std::string> names;
  for (const Section& s : sections_) {
    if (s.name != kDefaultSection) names.push_back(s.name);
  }
  return names;
}

bool IniDocument::HasSection(std::string_view section) const {
  return section != kDefaultSection && FindSection(section) != nullptr;
}

std::optional<std::string> IniDocument::Get(std::string_view section,
                                            std::string_view key) const {
  std::string k = Lower(Trim(key));
  for (std::string_view name : {section, kDefaultSection}) {
    if (const Section* s = FindSection(name)) {
      for (const Entry& e : s->entries) {
        if (e.key == k) return e.value;
      }
    }
  }
  return std::nullopt;
}

Status IniDocument::Set(std::string_view section, std::string_view key,
                        std::string_view value) {
  auto has_newline = [](std::string_view s) {
    return s.find_first_of("\r\n") != std::string_view::npos;
  };
  std::string_view k = Trim(key);
  if (section.empty() || has_newline(section) ||
      section.find(']') != std::string_view::npos) {
    return MakeError(ErrorKind::kInvalidInput, "invalid INI section name");
  }
  if (k.empty() || has_newline(k) ||
      k.find_first_of("=:[#;") != std::string_view::npos) {
    return MakeError(ErrorKind::kInvalidInput, "invalid INI key");
  }
  std::string v(Trim(value));
  if (has_newline(v)) {
    return MakeError(ErrorKind::kInvalidInput, "INI values cannot span lines");
  }
  const std::string eol_cr = crlf_ ? "\r" : "";
  std::string new_line = std::string(k) + " = " + v + eol_cr;

  const Section* s = FindSection(section);
  if (s != nullptr) {
    std::string lk = Lower(k);
    for (const Entry& e : s->entries) {
      if (e.key != lk) continue;
      // Keep the original spelling up to the delimiter and the spacing
      // after it; replace the value and drop its continuation lines.
      const std::string& old = lines_[e.first_line];
      size_t delim = old.find_first_of("=:");
      size_t vstart = delim + 1;
      while (vstart < old.size() && IsSpace(old[vstart]) &&
             old[vstart] != '\r') {
        ++vstart;
      }
      std::string prefix = old.substr(0, vstart);
      if (vstart == delim + 1) prefix += ' ';
      lines_[e.first_line] = prefix + v + eol_cr;
      lines_.erase(lines_.begin() + static_cast<long>(e.first_line) + 1,
                   lines_.begin() + static_cast<long>(e.last_line) + 1);
      return Index();
    }
    size_t after =
        s->entries.empty() ? s->header_line : s->entries.back().last_line;
    // Indent the new key so the document keeps its meaning: like the last
    // key (a line after it is never indented deeper, or it would be that
    // key's continuation), or, right after the header, at least as deep as
    // the next significant line so that line cannot become its continuation.
    auto indent_of = [&](size_t line) {
      size_t n = 0;
      while (n < lines_[line].size() && IsSpace(lines_[line][n])) ++n;
      return n;
    };
    size_t model =
        s->entries.empty() ? s->header_line : s->entries.back().first_line;
    size_t indent = indent_of(model);
    if (s->entries.empty()) {
      for (size_t i = after + 1; i < lines_.size(); ++i) {
        std::string_view t = Trim(lines_[i]);
        if (t.empty() || t.front() == '#' || t.front() == ';') continue;
        if (indent_of(i) > indent) indent = indent_of(i);
        break;
      }
    }
    lines_.insert(lines_.begin() + static_cast<long>(after) + 1,
                  std::string(indent, ' ') + new_line);
    return Index();
  }
  if (!lines_.empty() && !Trim(lines_.back()).empty()) {
    if (!trailing_newline_) trailing_newline_ = true;
    lines_.push_back(eol_cr);
  }
  lines_.push_back("[" + std::string(section) + "]" + eol_cr);
  lines_.push_back(new_line);
  trailing_newline_ = true;
  return Index();
}

std::string IniDocument::Serialize() const {
  std::string out;
  for (size_t i = 0; i < lines_.size(); ++i) {
    out += lines_[i];
    if (i + 1 < lines_.size() || trailing_newline_) out += '\n';
  }
  return out;
}

}  // namespace bridge::aws
