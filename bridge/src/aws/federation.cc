#include "bridge/aws/federation.h"

#include <curl/curl.h>

#include <cctype>
#include <memory>
#include <nlohmann/json.hpp>

#include "bridge/aws/cli_output.h"
#include "bridge/secret.h"
#include "bridge/shared_library.h"

namespace bridge::aws {
namespace {

constexpr size_t kMaxAnswer = 64 * 1024;

// libcurl is loaded with dlopen on first use, not linked: it drags in some
// 30 libraries (GnuTLS, Kerberos, LDAP…) whose relocations would slow every
// keybridge command down (tools/bench/bench.py), while only `aws login`
// needs it (bridge/shared_library.h).
#define KEYBRIDGE_CURL_FUNCTIONS(X) \
  X(curl_easy_init)                 \
  X(curl_easy_setopt)               \
  X(curl_easy_perform)              \
  X(curl_easy_getinfo)              \
  X(curl_easy_cleanup)              \
  X(curl_easy_strerror)

struct Curl {
  KEYBRIDGE_CURL_FUNCTIONS(KEYBRIDGE_API_MEMBER)
};

// The loaded library, or nullptr if libcurl.so.4 is missing or incomplete.
const Curl* LoadCurl() {
  return LoadApi<Curl>("libcurl.so.4", [](SharedLibrary& lib, Curl& api) {
    KEYBRIDGE_CURL_FUNCTIONS(KEYBRIDGE_API_BIND)
  });
}

struct CurlDeleter {
  const Curl* api;
  void operator()(CURL* c) const { api->curl_easy_cleanup(c); }
};

using CurlHandle = std::unique_ptr<CURL, CurlDeleter>;

size_t Collect(char* data, size_t size, size_t n, void* user) {
  auto* out = static_cast<std::string*>(user);
  if (out->size() + size * n > kMaxAnswer) return 0;  // aborts the transfer
  out->append(data, size * n);
  return size * n;
}

// RFC 3986 percent-encoding of everything but the unreserved characters
// (what curl_easy_escape does).
std::string EscapeValue(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
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
  const Curl* api = LoadCurl();
  if (api == nullptr) {
    return MakeError(ErrorKind::kInvalidInput,
                     "aws login needs libcurl4 (apt-get install libcurl4)");
  }
  CurlHandle curl(api->curl_easy_init(), CurlDeleter{api});
  if (!curl) return MakeError(ErrorKind::kTransport, "libcurl failed to start");
  nlohmann::json session = {{"sessionId", c.access_key_id},
                            {"sessionKey", c.secret_access_key},
                            {"sessionToken", c.session_token}};
  std::string session_text = session.dump();
  std::string url = federation_url + "?Action=getSigninToken";
  if (session_duration) {
    url += "&SessionDuration=" + std::to_string(*session_duration);
  }
  std::string escaped = EscapeValue(session_text);
  url += "&Session=" + escaped;
  WipeString(session_text);
  WipeString(escaped);
  std::string answer;
  char error_text[CURL_ERROR_SIZE] = {};
  api->curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  api->curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, Collect);
  api->curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &answer);
  api->curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, 30L);
  api->curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  api->curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error_text);
  api->curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "https,http");
  CURLcode rc = api->curl_easy_perform(curl.get());
  WipeString(url);
  if (rc != CURLE_OK) {
    // libcurl's message names the host, not the query.
    return MakeError(
        ErrorKind::kTransport,
        "cannot reach the AWS federation endpoint " + federation_url + ": " +
            (error_text[0] != 0 ? error_text : api->curl_easy_strerror(rc)));
  }
  long status = 0;
  api->curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
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
