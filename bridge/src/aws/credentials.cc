#include "bridge/aws/credentials.h"

#include <cctype>
#include <cstdio>
#include <ctime>
#include <utility>

#include "bridge/secret.h"

namespace bridge::aws {
namespace {

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
// (H. Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

}  // namespace

SessionCredentials::SessionCredentials(std::string id, std::string secret,
                                       std::string token, int64_t exp)
    : access_key_id(std::move(id)),
      secret_access_key(std::move(secret)),
      session_token(std::move(token)),
      expiration(exp) {}

SessionCredentials::~SessionCredentials() {
  WipeString(secret_access_key);
  WipeString(session_token);
}

SessionCredentials::SessionCredentials(SessionCredentials&& o) noexcept {
  *this = std::move(o);
}

SessionCredentials& SessionCredentials::operator=(
    SessionCredentials&& o) noexcept {
  if (this != &o) {
    WipeString(secret_access_key);
    WipeString(session_token);
    access_key_id = std::move(o.access_key_id);
    secret_access_key = std::move(o.secret_access_key);
    session_token = std::move(o.session_token);
    expiration = o.expiration;
    WipeString(o.secret_access_key);
    WipeString(o.session_token);
    o.secret_access_key.clear();
    o.session_token.clear();
  }
  return *this;
}

Result<int64_t> ParseIso8601(std::string_view s) {
  auto bad = [&]() {
    std::string shown(s.substr(0, 40));
    for (char& c : shown) {
      if (!std::isprint(static_cast<unsigned char>(c))) c = '?';
    }
    return MakeError(ErrorKind::kInvalidInput,
                     "not an ISO 8601 timestamp: '" + shown + "'");
  };
  int y, mo, d, h, mi, se;
  if (!Digits(s, 0, 4, &y) || s.size() < 19 || s[4] != '-' ||
      !Digits(s, 5, 2, &mo) || s[7] != '-' || !Digits(s, 8, 2, &d) ||
      (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !Digits(s, 11, 2, &h) ||
      s[13] != ':' || !Digits(s, 14, 2, &mi) || s[16] != ':' ||
      !Digits(s, 17, 2, &se)) {
    return bad();
  }
  static constexpr int kMonthDays[] = {31, 29, 31, 30, 31, 30,
                                       31, 31, 30, 31, 30, 31};
  if (mo < 1 || mo > 12 || d < 1 || d > kMonthDays[mo - 1] || h > 23 ||
      mi > 59 || se > 60) {
    return bad();
  }
  size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    size_t start = pos;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos])))
      ++pos;
    if (pos == start) return bad();
  }
  int64_t offset = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int sign = s[pos] == '-' ? -1 : 1;
    int oh, om;
    if (!Digits(s, pos + 1, 2, &oh)) return bad();
    size_t mpos = pos + 3;
    if (mpos < s.size() && s[mpos] == ':') ++mpos;
    if (!Digits(s, mpos, 2, &om) || oh > 23 || om > 59) return bad();
    offset = sign * (oh * 3600 + om * 60);
    pos = mpos + 2;
  } else {
    return bad();  // a time without a zone is ambiguous
  }
  if (pos != s.size()) return bad();
  int64_t days =
      DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return days * 86400 + h * 3600 + mi * 60 + se - offset;
}

std::string FormatIso8601Z(int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm;
  ::gmtime_r(&tt, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ",
                tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                tm.tm_min, tm.tm_sec);
  return buf;
}

}  // namespace bridge::aws
