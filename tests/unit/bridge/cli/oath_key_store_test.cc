// Remembered OATH access keys (bridge/cli/oath_key_store.h): where the file
// lives (XDG Base Directory spec), 0600 atomic writes, and bad files that
// change nothing.
#include "bridge/cli/oath_key_store.h"

#include <sys/stat.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace bridge::cli {
namespace {

namespace fs = std::filesystem;

aws::EnvLookup Env(std::map<std::string, std::string> vars) {
  return [vars](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

struct TempDir {
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "oathkeysXXXXXX").string();
    BOOST_REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    path = tmpl;
  }
  ~TempDir() { fs::remove_all(path); }
  fs::path path;
};

std::string Read(const fs::path& p) {
  std::ifstream f(p);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

SecretBytes Key(uint8_t fill) {
  return SecretBytes(std::vector<uint8_t>(16, fill));
}

int KindOf(const Error& e) { return static_cast<int>(e.kind); }
int Kind(ErrorKind k) { return static_cast<int>(k); }

BOOST_AUTO_TEST_CASE(KeysFileFollowsXdgDataHome) {
  BOOST_TEST(
      OathKeysPath(Env({{"XDG_DATA_HOME", "/x/data"}, {"HOME", "/home/u"}})) ==
      "/x/data/keybridge/oath_keys.json");
  // XDG Base Directory spec: a relative path is ignored.
  BOOST_TEST(
      OathKeysPath(Env({{"XDG_DATA_HOME", "rel"}, {"HOME", "/home/u"}})) ==
      "/home/u/.local/share/keybridge/oath_keys.json");
  BOOST_TEST(OathKeysPath(Env({{"HOME", "/home/u"}})) ==
             "/home/u/.local/share/keybridge/oath_keys.json");
}

BOOST_AUTO_TEST_CASE(RememberLoadForgetRoundTrip) {
  TempDir dir;
  const fs::path file = dir.path / "keybridge" / "oath_keys.json";
  OathKeyStore store(file.string());
  auto none = store.Load("dev1");
  BOOST_REQUIRE(none.ok());
  BOOST_TEST(!none->has_value());
  BOOST_TEST(!fs::exists(file));  // reading creates nothing

  BOOST_REQUIRE(store.Store("dev1", Key(0xAB)).ok());
  BOOST_REQUIRE(store.Store("dev2", Key(0x01)).ok());
  struct stat st {};
  BOOST_REQUIRE(stat(file.c_str(), &st) == 0);
  BOOST_TEST((st.st_mode & 0777) == 0600u);
  BOOST_REQUIRE(stat(file.parent_path().c_str(), &st) == 0);
  BOOST_TEST((st.st_mode & 0777) == 0700u);
  std::string hex;
  for (int i = 0; i < 16; ++i) hex += "ab";
  BOOST_TEST(Read(file).find("\"" + hex + "\"") != std::string::npos);

  auto dev1 = store.Load("dev1");
  BOOST_REQUIRE(dev1.ok());
  BOOST_REQUIRE(dev1->has_value());
  BOOST_TEST((**dev1).Equals(Key(0xAB).view()));
  // Replacing one key keeps the others.
  BOOST_REQUIRE(store.Store("dev1", Key(0x02)).ok());
  BOOST_TEST((**store.Load("dev1")).Equals(Key(0x02).view()));
  BOOST_TEST((**store.Load("dev2")).Equals(Key(0x01).view()));

  BOOST_TEST(*store.Forget("dev1"));
  BOOST_TEST(!*store.Forget("dev1"));
  BOOST_TEST(!store.Load("dev1")->has_value());
  BOOST_TEST(store.Load("dev2")->has_value());
  BOOST_TEST(*store.ForgetAll());
  BOOST_TEST(!fs::exists(file));
  BOOST_TEST(!*store.ForgetAll());
}

BOOST_AUTO_TEST_CASE(BadKeyFilesAreErrorsAndStayUntouched) {
  TempDir dir;
  const fs::path file = dir.path / "oath_keys.json";
  OathKeyStore store(file.string());
  for (const std::string text :
       {"not json", "[]", "{\"keys\": []}", "{\"keys\": {\"dev\": \"abcd\"}}",
        "{\"keys\": {\"dev\": \"zz000000000000000000000000000000\"}}",
        "{\"keys\": {\"dev\": 5}}"}) {
    std::ofstream(file) << text;
    BOOST_TEST_CONTEXT(text) {
      auto r = store.Load("dev");
      BOOST_REQUIRE(!r.ok());
      BOOST_TEST(KindOf(r.error()) == Kind(ErrorKind::kInvalidInput));
      BOOST_TEST(r.error().message.find(file.string()) != std::string::npos);
      // The message names the file, never its content.
      BOOST_TEST(r.error().message.find("zz00") == std::string::npos);
    }
  }
  std::ofstream(file) << "not json";
  BOOST_TEST(!store.Store("dev", Key(1)).ok());
  BOOST_TEST(!store.Forget("dev").ok());
  BOOST_TEST(Read(file) == "not json");
  // A file without "keys" holds no keys.
  std::ofstream(file) << "{}";
  BOOST_TEST(!store.Load("dev")->has_value());
}

}  // namespace
}  // namespace bridge::cli
