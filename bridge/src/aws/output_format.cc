#include "bridge/aws/output_format.h"

#include <nlohmann/json.hpp>

namespace bridge::aws {

Result<OutputFormat> ParseOutputFormat(std::string_view name) {
  if (name == "env") return OutputFormat::kEnv;
  if (name == "json") return OutputFormat::kJson;
  if (name == "process") return OutputFormat::kProcess;
  if (name == "ini") return OutputFormat::kIni;
  return MakeError(
      ErrorKind::kInvalidInput,
      "unknown format '" + std::string(name) + "' (env, json, process or ini)");
}

std::string ShellQuote(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  out += '\'';
  return out;
}

std::string FormatCredentials(const SessionCredentials& c, OutputFormat format,
                              const FormatOptions& options) {
  const std::string exp = FormatIso8601Z(c.expiration);
  switch (format) {
    case OutputFormat::kEnv: {
      std::string out;
      auto line = [&](std::string_view name, std::string_view value) {
        out += "export " + std::string(name) + "=" + ShellQuote(value) + "\n";
      };
      line("AWS_ACCESS_KEY_ID", c.access_key_id);
      line("AWS_SECRET_ACCESS_KEY", c.secret_access_key);
      line("AWS_SESSION_TOKEN", c.session_token);
      line("AWS_CREDENTIAL_EXPIRATION", exp);
      line("AWS_SESSION_EXPIRATION", exp);
      if (options.region) {
        line("AWS_REGION", *options.region);
        line("AWS_DEFAULT_REGION", *options.region);
      }
      return out;
    }
    case OutputFormat::kJson: {
      nlohmann::ordered_json j;
      j["AccessKeyId"] = c.access_key_id;
      j["SecretAccessKey"] = c.secret_access_key;
      j["SessionToken"] = c.session_token;
      j["Expiration"] = exp;
      return j.dump(4) + "\n";
    }
    case OutputFormat::kProcess: {
      nlohmann::ordered_json j;
      j["Version"] = 1;
      j["AccessKeyId"] = c.access_key_id;
      j["SecretAccessKey"] = c.secret_access_key;
      j["SessionToken"] = c.session_token;
      j["Expiration"] = exp;
      return j.dump() + "\n";
    }
    case OutputFormat::kIni: {
      std::string out = "[" + options.ini_section + "]\n";
      out += "# keybridge session credentials, expire " + exp + "\n";
      out += "aws_access_key_id = " + c.access_key_id + "\n";
      out += "aws_secret_access_key = " + c.secret_access_key + "\n";
      out += "aws_session_token = " + c.session_token + "\n";
      if (options.region) out += "region = " + *options.region + "\n";
      return out;
    }
  }
  return {};
}

}  // namespace bridge::aws
