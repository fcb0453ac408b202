// Helpers for bridge::aws unit tests: a private temp folder and a fake
// environment.
#ifndef TESTS_UNIT_BRIDGE_AWS_TEST_UTIL_H_
#define TESTS_UNIT_BRIDGE_AWS_TEST_UTIL_H_

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <sstream>
#include <string>

#include "bridge/aws/config.h"
#include "bridge/error.h"

namespace bridge {
inline std::ostream& operator<<(std::ostream& os, ErrorKind kind) {
  return os << ToString(kind);
}
}  // namespace bridge

namespace bridge::aws::testing {

class TempDir {
 public:
  TempDir() {
    std::string tmpl =
        (std::filesystem::temp_directory_path() / "kb-aws-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const {
    return path_ + "/" + name;
  }

 private:
  std::string path_;
};

inline void WriteText(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

inline std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline EnvLookup FakeEnv(std::map<std::string, std::string> vars) {
  return [vars](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

}  // namespace bridge::aws::testing

#endif  // TESTS_UNIT_BRIDGE_AWS_TEST_UTIL_H_
