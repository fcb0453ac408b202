#include "bridge/aws/role_chain.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

namespace bridge::aws {
namespace {

Error Bad(std::string msg) {
  return MakeError(ErrorKind::kInvalidInput, std::move(msg));
}

// AWS STS API Reference, AssumeRole: RoleSessionName [\w+=,.@-]*,
// ExternalId [\w+=,.@:\/-]*.
bool InSet(unsigned char c, std::string_view extra) {
  return std::isalnum(c) || c == '_' || extra.find(c) != std::string_view::npos;
}

bool AllIn(std::string_view s, std::string_view extra) {
  return std::all_of(s.begin(), s.end(), [&](char c) {
    return InSet(static_cast<unsigned char>(c), extra);
  });
}

constexpr std::string_view kSessionNameExtra = "+=,.@-";
constexpr std::string_view kExternalIdExtra = "+=,.@:/-";

Result<std::optional<int>> ParseDuration(const ProfileView& v) {
  if (!v.duration_seconds) return std::optional<int>();
  const std::string& s = *v.duration_seconds;
  int n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || end != s.data() + s.size() || n < 900 ||
      n > kMaxRoleDuration) {
    return Bad("duration_seconds of the AWS profile '" + v.name +
               "' must be 900 to 43200 seconds (a role's longest "
               "MaxSessionDuration)");
  }
  return std::optional<int>(n);
}

}  // namespace

Status CheckRoleSessionName(std::string_view name) {
  if (name.size() < 2 || name.size() > 64 || !AllIn(name, kSessionNameExtra)) {
    return Bad(
        "role_session_name must be 2 to 64 letters, digits or _+=,.@- "
        "(AWS STS AssumeRole)");
  }
  return OkStatus();
}

Status CheckExternalId(std::string_view id) {
  if (id.size() < 2 || id.size() > 1224 || !AllIn(id, kExternalIdExtra)) {
    return Bad(
        "external_id must be 2 to 1224 letters, digits or _+=,.@:/- "
        "(AWS STS AssumeRole)");
  }
  return OkStatus();
}

std::string DefaultRoleSessionName(const EnvLookup& env) {
  std::string user = env("USER").value_or(env("LOGNAME").value_or("user"));
  std::string name = "keybridge-";
  for (char c : user) {
    name += InSet(static_cast<unsigned char>(c), kSessionNameExtra) ? c : '-';
  }
  if (name.size() > 64) name.resize(64);
  return name;
}

std::string SourceCacheName(const RoleChain& chain) {
  return chain.source_is_environment ? "(environment)" : chain.source_profile;
}

std::vector<std::string> MfaSerialCandidates(const ProfileView& view) {
  std::vector<std::string> out;
  auto add = [&](std::string s) {
    if (!s.empty() && std::find(out.begin(), out.end(), s) == out.end()) {
      out.push_back(std::move(s));
    }
  };
  if (view.mfa_serial) add(*view.mfa_serial);
  if (view.keybridge_mfa_serials) {
    std::string cur;
    for (char c : *view.keybridge_mfa_serials + ",") {
      if (c == ',' || std::isspace(static_cast<unsigned char>(c))) {
        add(std::move(cur));
        cur.clear();
      } else {
        cur += c;
      }
    }
  }
  return out;
}

Result<RoleChain> ResolveRoleChain(const IniDocument* config,
                                   const IniDocument* credentials,
                                   std::string_view profile,
                                   const EnvLookup& env) {
  RoleChain chain;
  std::set<std::string> seen;
  std::string name(profile);
  std::vector<RoleHop> reversed;
  while (true) {
    ProfileView v = ReadProfile(config, credentials, name);
    if (!v.found) {
      return Bad("the AWS profile '" + name +
                 "' is in neither the config "
                 "nor the credentials file");
    }
    if (!seen.insert(name).second) {
      return Bad("the AWS profile '" + name +
                 "' is its own source_profile through a loop");
    }
    if (!chain.region) chain.region = v.region;
    if (chain.serials.empty()) chain.serials = MfaSerialCandidates(v);
    if (!v.role_arn) {
      // The end of the chain: long-term keys.
      if (!v.has_static_keys) {
        return Bad("the AWS profile '" + name +
                   "' (a source_profile) holds no aws_access_key_id" +
                   (v.credential_process
                        ? "; keybridge cannot get an MFA session from a "
                          "credential_process profile"
                        : ""));
      }
      chain.source_profile = name;
      break;
    }
    RoleHop hop;
    hop.profile = name;
    hop.role_arn = *v.role_arn;
    hop.external_id = v.external_id;
    if (hop.external_id) {
      if (Status s = CheckExternalId(*hop.external_id); !s.ok())
        return std::move(s).error();
    }
    hop.session_name =
        v.role_session_name.value_or(DefaultRoleSessionName(env));
    if (Status s = CheckRoleSessionName(hop.session_name); !s.ok()) {
      return Bad(s.error().message + " in the AWS profile '" + name + "'");
    }
    auto duration = ParseDuration(v);
    if (!duration.ok()) return std::move(duration).error();
    hop.duration = *duration;
    reversed.push_back(std::move(hop));

    if (v.source_profile && v.credential_source) {
      return Bad("the AWS profile '" + name +
                 "' has both source_profile and credential_source; keep one");
    }
    if (v.credential_source) {
      if (*v.credential_source != "Environment") {
        return Bad("credential_source = " + *v.credential_source +
                   " in the AWS profile '" + name +
                   "': keybridge gets MFA sessions for IAM users' keys only "
                   "(source_profile, or credential_source = Environment)");
      }
      chain.source_is_environment = true;
      break;
    }
    if (!v.source_profile) {
      return Bad("the AWS profile '" + name +
                 "' has role_arn but neither source_profile nor "
                 "credential_source");
    }
    if (*v.source_profile == name) {
      if (!v.has_static_keys) {
        return Bad("the AWS profile '" + name +
                   "' is its own source_profile but holds no keys");
      }
      chain.source_profile = name;
      break;
    }
    name = *v.source_profile;
  }
  chain.hops.assign(reversed.rbegin(), reversed.rend());
  return chain;
}

}  // namespace bridge::aws
