#include "bridge/aws/config.h"

#include <cstdlib>
#include <utility>

#include "bridge/aws/file_util.h"

namespace bridge::aws {
namespace {

// shlex.split for a section name: whitespace-separated words, with '...'
// and "..." quoting. nullopt on an unterminated quote (botocore skips such
// sections).
std::optional<std::vector<std::string>> ShlexSplit(std::string_view s) {
  std::vector<std::string> words;
  std::string cur;
  bool in_word = false;
  char quote = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      } else if (quote == '"' && c == '\\' && i + 1 < s.size() &&
                 (s[i + 1] == '"' || s[i + 1] == '\\')) {
        cur += s[++i];
      } else {
        cur += c;
      }
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (in_word) words.push_back(std::move(cur));
      cur.clear();
      in_word = false;
    } else if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == '\\' && i + 1 < s.size()) {
      cur += s[++i];
      in_word = true;
    } else {
      cur += c;
      in_word = true;
    }
  }
  if (quote != 0) return std::nullopt;
  if (in_word) words.push_back(std::move(cur));
  return words;
}

std::string ExpandHome(const std::string& path, const EnvLookup& env) {
  if (path == "~" || path.rfind("~/", 0) == 0) {
    if (auto home = env("HOME")) return *home + path.substr(1);
  }
  return path;
}

}  // namespace

EnvLookup ProcessEnv() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* v = std::getenv(std::string(name).c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

AwsFiles ResolveAwsFiles(const EnvLookup& env) {
  AwsFiles f;
  auto nonempty = [&](std::string_view name) -> std::optional<std::string> {
    auto v = env(name);
    if (v && !v->empty()) return v;
    return std::nullopt;
  };
  f.config_path =
      ExpandHome(nonempty("AWS_CONFIG_FILE").value_or("~/.aws/config"), env);
  f.credentials_path = ExpandHome(
      nonempty("AWS_SHARED_CREDENTIALS_FILE").value_or("~/.aws/credentials"),
      env);
  return f;
}

ProfileChoice ResolveProfile(const std::optional<std::string>& flag,
                             const EnvLookup& env) {
  if (flag && !flag->empty()) return {*flag, true};
  for (std::string_view var : {"AWS_PROFILE", "AWS_DEFAULT_PROFILE"}) {
    auto v = env(var);
    if (v && !v->empty()) return {*v, true};
  }
  return {"default", false};
}

std::string ConfigSectionName(std::string_view profile) {
  if (profile == "default") return "default";
  return "profile " + std::string(profile);
}

std::optional<std::string> FindConfigSection(const IniDocument& config,
                                             std::string_view profile) {
  std::optional<std::string> found;
  for (const std::string& name : config.SectionNames()) {
    if (profile == "default" && name == "default") return name;
    if (name.rfind("profile", 0) != 0) continue;
    auto parts = ShlexSplit(name);
    if (!parts || parts->size() != 2 || (*parts)[0] != "profile") continue;
    if ((*parts)[1] == profile) found = name;  // the last one wins (dict)
  }
  return found;
}

ProfileView ReadProfile(const IniDocument* config,
                        const IniDocument* credentials,
                        std::string_view profile) {
  ProfileView v;
  v.name = std::string(profile);
  std::optional<std::string> csec;
  if (config != nullptr) csec = FindConfigSection(*config, profile);
  bool in_creds = credentials != nullptr && credentials->HasSection(profile);
  v.found = csec.has_value() || in_creds;
  auto get = [&](std::string_view key) -> std::optional<std::string> {
    if (in_creds) {
      if (auto val = credentials->Get(profile, key)) return val;
    }
    if (csec) return config->Get(*csec, key);
    return std::nullopt;
  };
  auto nonempty = [](std::optional<std::string> s) {
    return s && !s->empty() ? s : std::nullopt;
  };
  v.mfa_serial = nonempty(get("mfa_serial"));
  v.region = nonempty(get("region"));
  v.credential_process = nonempty(get("credential_process"));
  v.role_arn = nonempty(get("role_arn"));
  v.source_profile = nonempty(get("source_profile"));
  v.credential_source = nonempty(get("credential_source"));
  v.external_id = nonempty(get("external_id"));
  v.role_session_name = nonempty(get("role_session_name"));
  v.duration_seconds = nonempty(get("duration_seconds"));
  v.keybridge_mfa_serials = nonempty(get("keybridge_mfa_serials"));
  v.has_static_keys = nonempty(get("aws_access_key_id")).has_value();
  v.has_session_token = nonempty(get("aws_session_token")).has_value() ||
                        nonempty(get("aws_security_token")).has_value();
  return v;
}

Result<std::optional<IniDocument>> LoadIniFile(const std::string& path) {
  auto text = ReadFileText(path);
  if (!text.ok()) return std::move(text).error();
  if (!text->has_value()) return std::optional<IniDocument>();
  auto doc = IniDocument::Parse(**text);
  if (!doc.ok()) {
    return MakeError(ErrorKind::kInvalidInput,
                     "cannot parse " + path + ": " + doc.error().message);
  }
  return std::optional<IniDocument>(std::move(doc).value());
}

Result<ProfileView> LoadProfile(const AwsFiles& files,
                                std::string_view profile) {
  auto config = LoadIniFile(files.config_path);
  if (!config.ok()) return std::move(config).error();
  auto creds = LoadIniFile(files.credentials_path);
  if (!creds.ok()) return std::move(creds).error();
  return ReadProfile(config->has_value() ? &**config : nullptr,
                     creds->has_value() ? &**creds : nullptr, profile);
}

Status SetProfileValue(const std::string& config_path, std::string_view profile,
                       std::string_view key, std::string_view value) {
  auto text = ReadFileText(config_path);
  if (!text.ok()) return std::move(text).error();
  std::string original = text->value_or("");
  auto doc = IniDocument::Parse(original);
  if (!doc.ok()) {
    return MakeError(ErrorKind::kInvalidInput, "cannot parse " + config_path +
                                                   ": " + doc.error().message);
  }
  std::string section =
      FindConfigSection(*doc, profile).value_or(ConfigSectionName(profile));
  Status st = doc->Set(section, key, value);
  if (!st.ok()) return st;
  mode_t mode = 0600;
  if (text->has_value()) {
    mode = FileMode(config_path).value_or(0600);
  } else {
    size_t slash = config_path.rfind('/');
    if (slash != std::string::npos && slash > 0) {
      std::string dir = config_path.substr(0, slash);
      if (!FileMode(dir)) {
        Status d = EnsurePrivateDir(dir);
        if (!d.ok()) return d;
      }
    }
  }
  return WriteFileAtomic(config_path, doc->Serialize(), mode);
}

}  // namespace bridge::aws
