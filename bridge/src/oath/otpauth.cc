#include "bridge/oath/otpauth.h"

#include <cctype>
#include <charconv>
#include <optional>
#include <string>

#include "bridge/oath/base32.h"
#include "bridge/oath/label.h"

namespace bridge::oath {
namespace {

Error Invalid(const std::string& what) {
  return MakeError(ErrorKind::kInvalidInput, "otpauth URI: " + what);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 3986 §2.1 percent-decoding; `plus_is_space` for query components
// (application/x-www-form-urlencoded, as Python's parse_qs).
std::optional<std::string> PercentDecode(std::string_view s,
                                         bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) {
        WipeString(out);
        return std::nullopt;
      }
      int hi = HexValue(s[i + 1]);
      int lo = HexValue(s[i + 2]);
      if (hi < 0 || lo < 0) {
        WipeString(out);
        return std::nullopt;
      }
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string Lower(std::string_view s) {
  std::string out;
  for (char c : s) {
    out.push_back(
        static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

std::optional<uint64_t> ParseUint(std::string_view s) {
  uint64_t v = 0;
  if (s.empty()) return std::nullopt;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

Result<CredentialData> ParseOtpauthUri(std::string_view uri) {
  // Tolerate surrounding whitespace from a pasted line.
  while (!uri.empty() && std::isspace(static_cast<unsigned char>(uri.front())))
    uri.remove_prefix(1);
  while (!uri.empty() && std::isspace(static_cast<unsigned char>(uri.back())))
    uri.remove_suffix(1);
  constexpr std::string_view kScheme = "otpauth://";
  if (uri.size() < kScheme.size() ||
      Lower(uri.substr(0, kScheme.size())) != kScheme) {
    return Invalid("must start with otpauth://");
  }
  uri.remove_prefix(kScheme.size());
  size_t slash = uri.find('/');
  if (slash == std::string_view::npos) {
    return Invalid("missing '/LABEL' after the type");
  }
  CredentialData cred;
  std::string type = Lower(uri.substr(0, slash));
  if (type == "totp") {
    cred.type = OathType::kTotp;
  } else if (type == "hotp") {
    cred.type = OathType::kHotp;
  } else {
    return Invalid("type must be totp or hotp, not '" + type + "'");
  }
  uri.remove_prefix(slash + 1);
  size_t q = uri.find('?');
  std::string_view raw_label = uri.substr(0, q);
  std::string_view query =
      q == std::string_view::npos ? std::string_view() : uri.substr(q + 1);
  size_t hash = query.find('#');  // a fragment is not part of the query
  if (hash != std::string_view::npos) query = query.substr(0, hash);

  std::optional<std::string> label = PercentDecode(raw_label, false);
  if (!label) return Invalid("bad percent-encoding in the label");
  std::string label_issuer;
  std::string account = *label;
  if (size_t colon = label->find(':'); colon != std::string::npos) {
    label_issuer = label->substr(0, colon);
    account = label->substr(colon + 1);
  }
  size_t lead = account.find_first_not_of(' ');
  account.erase(0, lead == std::string::npos ? account.size() : lead);
  if (account.empty()) return Invalid("the label has no account name");

  std::optional<std::string> issuer_param;
  std::optional<std::string> secret;  // wiped below
  std::optional<std::string> algorithm, digits, counter, period;
  bool bad_escape = false;
  std::string bad_escape_key;
  std::string repeated_key;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view()
                                          : query.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string_view key_raw = pair.substr(0, eq);
    std::string_view value_raw =
        eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    std::optional<std::string> key = PercentDecode(key_raw, true);
    std::optional<std::string> value = PercentDecode(value_raw, true);
    if (!key || !value) {
      bad_escape = true;
      bad_escape_key = key ? *key : "?";
      if (value) WipeString(*value);
      break;
    }
    std::optional<std::string>* slot = nullptr;
    if (*key == "secret")
      slot = &secret;
    else if (*key == "issuer")
      slot = &issuer_param;
    else if (*key == "algorithm")
      slot = &algorithm;
    else if (*key == "digits")
      slot = &digits;
    else if (*key == "counter")
      slot = &counter;
    else if (*key == "period")
      slot = &period;
    if (slot != nullptr && slot->has_value()) {
      // Two values for one parameter: which one is meant is unknowable.
      WipeString(*value);
      repeated_key = *key;
      break;
    }
    if (slot != nullptr) {
      *slot = std::move(*value);
    } else {
      WipeString(*value);
    }
  }

  auto finish = [&](Result<CredentialData> r) {
    if (secret) WipeString(*secret);
    return r;
  };
  if (bad_escape) {
    return finish(
        Invalid("bad percent-encoding in parameter '" + bad_escape_key + "'"));
  }
  if (!repeated_key.empty()) {
    return finish(Invalid("parameter '" + repeated_key +
                          "' is given more than once; the URI is ambiguous"));
  }
  if (!secret || secret->empty()) {
    return finish(Invalid("the secret parameter is required"));
  }
  Result<SecretBytes> key = Base32Decode(*secret);
  if (!key) return finish(Invalid(key.error().message));
  if (key->size() > kMaxSecretBytes) {
    return finish(Invalid("the secret is " + std::to_string(key->size()) +
                          " bytes; at most 125 fit on a key"));
  }
  cred.secret = std::move(key).value();

  cred.issuer = issuer_param ? *issuer_param : label_issuer;
  cred.account = account;
  if (algorithm) {
    std::optional<HashAlgorithm> alg = ParseHashAlgorithm(*algorithm);
    if (!alg) {
      return finish(Invalid("algorithm must be SHA1, SHA256 or SHA512, not '" +
                            *algorithm + "'"));
    }
    cred.algorithm = *alg;
  }
  if (digits) {
    if (*digits == "6") {
      cred.digits = 6;
    } else if (*digits == "8") {
      cred.digits = 8;
    } else {
      return finish(Invalid("digits must be 6 or 8, not '" + *digits + "'"));
    }
  }
  if (cred.type == OathType::kHotp) {
    if (!counter) {
      return finish(Invalid("the counter parameter is required for hotp"));
    }
    std::optional<uint64_t> c = ParseUint(*counter);
    if (!c || *c > UINT32_MAX) {
      return finish(Invalid("counter must be an integer 0..4294967295"));
    }
    cred.counter = static_cast<uint32_t>(*c);
    cred.period = 0;
  } else if (period) {
    std::optional<uint64_t> p = ParseUint(*period);
    if (!p || *p == 0 || *p > UINT32_MAX) {
      return finish(Invalid("period must be a positive integer of seconds"));
    }
    cred.period = static_cast<uint32_t>(*p);
  }
  Result<std::string> name =
      FormatLabel(cred.issuer, cred.account, cred.type, cred.period);
  if (!name) return finish(Invalid(name.error().message));
  return finish(std::move(cred));
}

}  // namespace bridge::oath
