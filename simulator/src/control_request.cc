#include "control_request.h"

#include <functional>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "base64url.h"

namespace keysim {
namespace {

using nlohmann::json;

constexpr size_t kMaxRequestBytes = 64 * 1024;
constexpr size_t kMaxQueuedAnswers = 1000;
constexpr uint32_t kMaxDelayMs = 60000;
constexpr int64_t kMaxClockOffsetS = int64_t{100} * 365 * 24 * 3600;

// A failed check: the message for the answer's "error" member.
struct Failure {
  std::string message;
};

// The members a command accepts besides "cmd".
void OnlyMembers(const json& j, std::string_view cmd,
                 std::initializer_list<std::string_view> allowed,
                 std::optional<Failure>& failure) {
  for (const auto& [key, value] : j.items()) {
    if (key == "cmd") continue;
    bool known = false;
    for (std::string_view a : allowed) known = known || key == a;
    if (!known) {
      failure = Failure{std::string(cmd) + ": unknown member \"" + key + "\""};
      return;
    }
  }
}

class Reader {
 public:
  Reader(const json& j, std::string_view cmd) : j_(j), cmd_(cmd) {}

  bool failed() const { return failure_.has_value(); }
  const std::string& error() const { return failure_->message; }
  void Fail(const std::string& what) {
    if (!failure_) failure_ = Failure{std::string(cmd_) + ": " + what};
  }
  void Only(std::initializer_list<std::string_view> allowed) {
    if (!failure_) OnlyMembers(j_, cmd_, allowed, failure_);
  }
  bool Has(const char* key) const { return j_.contains(key); }

  std::optional<std::string> String(const char* key, bool required) {
    auto it = j_.find(key);
    if (it == j_.end()) {
      if (required) Fail(std::string("\"") + key + "\" is required");
      return std::nullopt;
    }
    if (!it->is_string()) {
      Fail(std::string("\"") + key + "\" must be a string");
      return std::nullopt;
    }
    return it->get<std::string>();
  }

  std::optional<std::vector<uint8_t>> Bytes(const char* key, bool required) {
    auto text = String(key, required);
    if (!text) return std::nullopt;
    auto bytes = DecodeBase64Url(*text);
    if (!bytes) Fail(std::string("\"") + key + "\" is not base64url");
    return bytes;
  }

  std::optional<bool> Bool(const char* key) {
    auto it = j_.find(key);
    if (it == j_.end()) return std::nullopt;
    if (!it->is_boolean()) {
      Fail(std::string("\"") + key + "\" must be true or false");
      return std::nullopt;
    }
    return it->get<bool>();
  }

  // A probability in [0, 1].
  double Probability(const char* key) {
    auto it = j_.find(key);
    if (it == j_.end()) return 0;
    if (!it->is_number() || !(it->get<double>() >= 0.0) ||
        it->get<double>() > 1.0) {
      Fail(std::string("\"") + key + "\" must be a number from 0 to 1");
      return 0;
    }
    return it->get<double>();
  }

  std::optional<uint64_t> Unsigned(const char* key) {
    auto it = j_.find(key);
    if (it == j_.end()) return std::nullopt;
    if (!it->is_number_unsigned()) {
      Fail(std::string("\"") + key + "\" must be a non-negative integer");
      return std::nullopt;
    }
    return it->get<uint64_t>();
  }

  std::optional<int64_t> Integer(const char* key, int64_t limit) {
    auto it = j_.find(key);
    if (it == j_.end()) {
      Fail(std::string("\"") + key + "\" is required");
      return std::nullopt;
    }
    if (!it->is_number_integer() ||
        (it->is_number_unsigned() &&
         it->get<uint64_t>() > static_cast<uint64_t>(limit))) {
      Fail(std::string("\"") + key + "\" must be an integer");
      return std::nullopt;
    }
    int64_t v = it->get<int64_t>();
    if (v > limit || v < -limit) {
      Fail(std::string("\"") + key + "\" is out of range");
      return std::nullopt;
    }
    return v;
  }

  const json* Member(const char* key) const {
    auto it = j_.find(key);
    return it == j_.end() ? nullptr : &*it;
  }

 private:
  const json& j_;
  std::string_view cmd_;
  std::optional<Failure> failure_;
};

template <typename T>
std::optional<T> Lookup(const std::map<std::string, T>& names,
                        const std::string& name) {
  auto it = names.find(name);
  if (it == names.end()) return std::nullopt;
  return it->second;
}

const std::map<std::string, PresencePolicy>& Policies() {
  static const std::map<std::string, PresencePolicy> kPolicies{
      {"auto", PresencePolicy::kAuto},
      {"deny", PresencePolicy::kDeny},
      {"timeout", PresencePolicy::kTimeout},
      {"manual", PresencePolicy::kManual}};
  return kPolicies;
}

const std::map<std::string, PresenceAnswer>& Answers() {
  static const std::map<std::string, PresenceAnswer> kAnswers{
      {"approve", PresenceAnswer::kApprove},
      {"deny", PresenceAnswer::kDeny},
      {"timeout", PresenceAnswer::kTimeout}};
  return kAnswers;
}

ControlRequest ParsePresence(Reader& r) {
  r.Only({"policy", "next"});
  PresenceRequest req;
  if (auto policy = r.String("policy", false)) {
    req.policy = Lookup(Policies(), *policy);
    if (!req.policy) r.Fail("\"policy\" must be auto, deny, timeout or manual");
  }
  if (const json* next = r.Member("next")) {
    if (!next->is_array() || next->size() > kMaxQueuedAnswers) {
      r.Fail("\"next\" must be an array of at most 1000 answers");
    } else {
      req.next.emplace();
      for (const json& a : *next) {
        auto answer = a.is_string() ? Lookup(Answers(), a.get<std::string>())
                                    : std::nullopt;
        if (!answer) {
          r.Fail("\"next\" answers must be approve, deny or timeout");
          break;
        }
        req.next->push_back(*answer);
      }
    }
  }
  if (!req.policy && !req.next && !r.failed()) {
    r.Fail("give \"policy\", \"next\" or both");
  }
  return req;
}

ControlRequest ParseFaults(Reader& r) {
  r.Only({"off", "seed", "drop", "duplicate", "corrupt", "delay", "delay_ms",
          "reorder", "direction"});
  FaultsRequest req;
  if (auto off = r.Bool("off"); off && *off) {
    req.off = true;
    r.Only({"off"});
    return req;
  }
  FaultConfig& c = req.config;
  c.seed = r.Unsigned("seed").value_or(0);
  c.drop = r.Probability("drop");
  c.duplicate = r.Probability("duplicate");
  c.corrupt = r.Probability("corrupt");
  c.reorder = r.Probability("reorder");
  c.delay = r.Probability("delay");
  if (const json* range = r.Member("delay_ms")) {
    if (!range->is_array() || range->size() != 2 ||
        !(*range)[0].is_number_unsigned() ||
        !(*range)[1].is_number_unsigned() ||
        (*range)[0].get<uint64_t>() > (*range)[1].get<uint64_t>() ||
        (*range)[1].get<uint64_t>() > kMaxDelayMs) {
      r.Fail("\"delay_ms\" must be [min, max] with 0 <= min <= max <= 60000");
    } else {
      c.delay_min_ms = static_cast<uint32_t>((*range)[0].get<uint64_t>());
      c.delay_max_ms = static_cast<uint32_t>((*range)[1].get<uint64_t>());
      // A range alone delays every report.
      if (!r.Has("delay")) c.delay = 1.0;
    }
  }
  if (auto direction = r.String("direction", false)) {
    c.in = *direction == "in" || *direction == "both";
    c.out = *direction == "out" || *direction == "both";
    if (!c.in && !c.out) r.Fail("\"direction\" must be in, out or both");
  }
  return req;
}

ControlRequest ParseInject(Reader& r) {
  r.Only({"rp_id", "rp_name", "user_id", "user_name", "user_display_name",
          "private_key", "resident"});
  InjectCredentialRequest req;
  req.rp_id = r.String("rp_id", true).value_or("");
  req.rp_name = r.String("rp_name", false).value_or("");
  req.user_id = r.Bytes("user_id", true).value_or(std::vector<uint8_t>());
  req.user_name = r.String("user_name", false).value_or("");
  req.user_display_name = r.String("user_display_name", false).value_or("");
  req.private_key =
      r.Bytes("private_key", true).value_or(std::vector<uint8_t>());
  req.resident = r.Bool("resident").value_or(true);
  return req;
}

ControlRequest ParseExport(Reader& r) {
  r.Only({"credential_id", "rp_id"});
  ExportCredentialRequest req;
  req.credential_id = r.Bytes("credential_id", false);
  req.rp_id = r.String("rp_id", false);
  if (!req.credential_id && !req.rp_id && !r.failed()) {
    r.Fail("give \"credential_id\", \"rp_id\" or both");
  }
  return req;
}

using Parser = std::function<ControlRequest(Reader&)>;

template <typename T>
Parser NoMembers() {
  return [](Reader& r) -> ControlRequest {
    r.Only({});
    return T{};
  };
}

const std::map<std::string, Parser>& Parsers() {
  static const std::map<std::string, Parser> kParsers{
      {"presence", ParsePresence},
      {"touch", NoMembers<TouchRequest>()},
      {"power-cycle", NoMembers<PowerCycleRequest>()},
      {"status", NoMembers<StatusRequest>()},
      {"stats",
       [](Reader& r) -> ControlRequest {
         r.Only({"reset"});
         return StatsRequest{r.Bool("reset").value_or(false)};
       }},
      {"faults", ParseFaults},
      {"clock",
       [](Reader& r) -> ControlRequest {
         r.Only({"offset_s"});
         return ClockRequest{
             r.Integer("offset_s", kMaxClockOffsetS).value_or(0)};
       }},
      {"reset-state", NoMembers<ResetStateRequest>()},
      {"inject-credential", ParseInject},
      {"export-credential", ParseExport},
  };
  return kParsers;
}

std::string CommandList() {
  std::string names;
  for (const auto& [name, parser] : Parsers()) {
    if (!names.empty()) names += ", ";
    names += name;
  }
  return names;
}

}  // namespace

ParsedRequest ParseControlRequest(std::string_view text) {
  ParsedRequest out;
  if (text.size() > kMaxRequestBytes) {
    out.error = "request larger than 64 KiB";
    return out;
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  // nlohmann-json stops at a NUL byte as if the text ended there.
  json j = text.find('\0') == std::string_view::npos
               ? json::parse(text, nullptr, /*allow_exceptions=*/false)
               : json(json::value_t::discarded);
  if (j.is_discarded()) {
    out.error = "not JSON: send one JSON object per datagram";
    return out;
  }
  if (!j.is_object()) {
    out.error = "the request must be a JSON object";
    return out;
  }
  auto cmd = j.find("cmd");
  if (cmd == j.end() || !cmd->is_string()) {
    out.error = "\"cmd\" (a string) is required";
    return out;
  }
  const std::string name = cmd->get<std::string>();
  auto parser = Parsers().find(name);
  if (parser == Parsers().end()) {
    out.error = "unknown cmd \"" + name + "\" (known: " + CommandList() + ")";
    return out;
  }
  Reader reader(j, name);
  ControlRequest request = parser->second(reader);
  if (reader.failed()) {
    out.error = reader.error();
    return out;
  }
  out.request = std::move(request);
  return out;
}

std::string_view PolicyName(PresencePolicy policy) {
  for (const auto& [name, p] : Policies()) {
    if (p == policy) return name;
  }
  return "unknown";
}

std::string_view AnswerName(PresenceAnswer answer) {
  for (const auto& [name, a] : Answers()) {
    if (a == answer) return name;
  }
  return "unknown";
}

}  // namespace keysim
