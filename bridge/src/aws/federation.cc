#include "bridge/aws/federation.h"

#include <curl/curl.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "bridge/aws/cli_output.h"
#include "bridge/secret.h"

namespace bridge::aws {
namespace {

constexpr size_t kMaxAnswer = 64 * 1024;

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};

size_t Collect(char* data, size_t size, size_t n, void* user) {
  auto* out = static_cast<std::string*>(user);
  if (out->size() + size * n > kMaxAnswer) return 0;  // aborts the transfer
  out->append(data, size * n);
  return size * n;
}

std::string Escape(CURL* c, const std::string& s) {
  char* e = curl_easy_escape(c, s.data(), static_cast<int>(s.size()));
  std::string out = e != nullptr ? e : "";
  curl_free(e);
  return out;
}

std::string EscapeValue(const std::string& s) {
  std::unique_ptr<CURL, CurlDeleter> c(curl_easy_init());
  return c ? Escape(c.get(), s) : std::string();
}

}  // namespace

std::string FederationUrl(const EnvLookup& env) {
  auto v = env("KEYBRIDGE_AWS_FEDERATION_URL");
  if (v && !v->empty()) return *v;
  return "https://signin.aws.amazon.com/federation";
}

Result<std::string> GetSigninToken(const std::string& federation_url,
                                   const SessionCredentials& c,
                                   std::optional<int> session_duration) {
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return MakeError(ErrorKind::kTransport, "libcurl failed to start");
  nlohmann::json session = {{"sessionId", c.access_key_id},
                            {"sessionKey", c.secret_access_key},
                            {"sessionToken", c.session_token}};
  std::string session_text = session.dump();
  std::string url = federation_url + "?Action=getSigninToken";
  if (session_duration) {
    url += "&SessionDuration=" + std::to_string(*session_duration);
  }
  std::string escaped = Escape(curl.get(), session_text);
  url += "&Session=" + escaped;
  WipeString(session_text);
  WipeString(escaped);
  std::string answer;
  char error_text[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &answer);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error_text);
  curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "https,http");
  CURLcode rc = curl_easy_perform(curl.get());
  WipeString(url);
  if (rc != CURLE_OK) {
    // libcurl's message names the host, not the query.
    return MakeError(
        ErrorKind::kTransport,
        "cannot reach the AWS federation endpoint " + federation_url + ": " +
            (error_text[0] != 0 ? error_text : curl_easy_strerror(rc)));
  }
  long status = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
  if (status != 200) {
    return MakeError(ErrorKind::kAws,
                     "the AWS federation endpoint answered HTTP " +
                         std::to_string(status) +
                         (answer.empty() ? "" : ": " + OneLine(answer, 200)));
  }
  auto j = nlohmann::json::parse(answer, nullptr, false);
  WipeString(answer);
  if (j.is_discarded() || !j.is_object() || !j.contains("SigninToken") ||
      !j["SigninToken"].is_string() ||
      j["SigninToken"].get_ref<const std::string&>().empty()) {
    return MakeError(ErrorKind::kProtocol,
                     "the AWS federation endpoint answered without a "
                     "SigninToken");
  }
  return j["SigninToken"].get<std::string>();
}

std::string ConsoleDestination(const std::optional<std::string>& region) {
  if (!region) return "https://console.aws.amazon.com/";
  return "https://console.aws.amazon.com/console/home?region=" +
         EscapeValue(*region);
}

std::string LoginUrl(const std::string& federation_url,
                     const std::string& destination,
                     const std::string& signin_token) {
  return federation_url + "?Action=login&Issuer=keybridge&Destination=" +
         EscapeValue(destination) + "&SigninToken=" + EscapeValue(signin_token);
}

}  // namespace bridge::aws
