#include "bridge/aws/clock_skew.h"

#include <array>
#include <charconv>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "bridge/aws/file_util.h"

namespace bridge::aws {
namespace {

std::optional<int> Number(std::string_view s) {
  int n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return n;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// days_from_civil algorithm).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::string SkewPath(const std::string& cache_dir) {
  return cache_dir + "/clock-skew.json";
}

}  // namespace

std::optional<int64_t> ParseHttpDate(std::string_view t) {
  // "Sun, 06 Nov 1994 08:49:37 GMT": fixed positions, 29 characters.
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun",
      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (t.size() != 29 || t.substr(3, 2) != ", " || t[7] != ' ' || t[11] != ' ' ||
      t[16] != ' ' || t[19] != ':' || t[22] != ':' || t.substr(25) != " GMT") {
    return std::nullopt;
  }
  auto day = Number(t.substr(5, 2));
  auto year = Number(t.substr(12, 4));
  auto hh = Number(t.substr(17, 2));
  auto mm = Number(t.substr(20, 2));
  auto ss = Number(t.substr(23, 2));
  unsigned month = 0;
  for (unsigned i = 0; i < kMonths.size(); ++i) {
    if (t.substr(8, 3) == kMonths[i]) month = i + 1;
  }
  if (!day || !year || !hh || !mm || !ss || month == 0 || *day < 1 ||
      *day > 31 || *hh > 23 || *mm > 59 || *ss > 60) {
    return std::nullopt;
  }
  return DaysFromCivil(*year, month, static_cast<unsigned>(*day)) * 86400 +
         *hh * 3600 + *mm * 60 + *ss;
}

std::optional<int64_t> DateFromCliDebug(std::string_view log) {
  static constexpr std::string_view kLine = "Response headers: {";
  static constexpr std::string_view kDate = "'Date': '";
  std::optional<int64_t> last;
  for (size_t pos = log.find(kLine); pos != std::string_view::npos;
       pos = log.find(kLine, pos + 1)) {
    size_t eol = log.find('\n', pos);
    std::string_view line =
        log.substr(pos, eol == std::string_view::npos ? std::string_view::npos
                                                      : eol - pos);
    size_t d = line.find(kDate);
    if (d == std::string_view::npos) continue;
    std::string_view rest = line.substr(d + kDate.size());
    size_t q = rest.find('\'');
    if (q == std::string_view::npos) continue;
    if (auto t = ParseHttpDate(rest.substr(0, q))) last = t;
  }
  return last;
}

std::string DescribeSkew(int64_t aws_minus_host) {
  int64_t a = std::llabs(aws_minus_host);
  std::string amount =
      a >= 60 ? std::to_string(a / 60) + " min " + std::to_string(a % 60) + " s"
              : std::to_string(a) + " s";
  return amount + (aws_minus_host > 0 ? " behind" : " ahead of");
}

std::string EncodeSkewRecord(const SkewRecord& r) {
  nlohmann::ordered_json j;
  j["Version"] = 1;
  j["Offset"] = r.offset;
  j["MeasuredAt"] = r.measured_at;
  return j.dump(2) + "\n";
}

std::optional<SkewRecord> DecodeSkewRecord(std::string_view text) {
  auto j = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  auto v = j.find("Version");
  auto o = j.find("Offset");
  auto m = j.find("MeasuredAt");
  if (v == j.end() || o == j.end() || m == j.end() || !v->is_number_integer() ||
      v->get<int64_t>() != 1 || !o->is_number_integer() ||
      !m->is_number_integer()) {
    return std::nullopt;
  }
  SkewRecord r{o->get<int64_t>(), m->get<int64_t>()};
  if (std::llabs(r.offset) > kMaxCorrectableSkew) return std::nullopt;
  return r;
}

std::optional<int64_t> LoadSkew(const std::string& cache_dir, double now) {
  auto text = ReadFileText(SkewPath(cache_dir));
  if (!text.ok() || !text->has_value()) return std::nullopt;
  auto r = DecodeSkewRecord(**text);
  if (!r || now - static_cast<double>(r->measured_at) > kSkewRecordLifetime ||
      now < static_cast<double>(r->measured_at) - kMaxCorrectableSkew) {
    return std::nullopt;
  }
  return r->offset;
}

Status StoreSkew(const std::string& cache_dir, const SkewRecord& r) {
  Status st = EnsurePrivateDir(cache_dir);
  if (!st.ok()) return st;
  return WriteFileAtomic(SkewPath(cache_dir), EncodeSkewRecord(r), 0600);
}

}  // namespace bridge::aws
