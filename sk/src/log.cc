#include "log.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace sk_provider {
namespace {

void Write(std::string_view message) {
  std::string line = "keybridge-sk: ";
  line.append(message);
  line.push_back('\n');
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace

void LogError(std::string_view message) { Write(message); }

void LogDebug(std::string_view message) {
  const char* on = std::getenv(kDebugEnvVar);
  if (on != nullptr && *on != '\0') Write(message);
}

}  // namespace sk_provider
