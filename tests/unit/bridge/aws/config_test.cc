#include "bridge/aws/config.h"

#include <sys/stat.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include "bridge/aws/file_util.h"
#include "test_util.h"

using namespace bridge::aws;
using namespace bridge::aws::testing;

BOOST_AUTO_TEST_SUITE(config)

BOOST_AUTO_TEST_CASE(file_locations_follow_env_then_home) {
  AwsFiles f = ResolveAwsFiles(FakeEnv({{"HOME", "/home/u"}}));
  BOOST_TEST(f.config_path == "/home/u/.aws/config");
  BOOST_TEST(f.credentials_path == "/home/u/.aws/credentials");
  f = ResolveAwsFiles(FakeEnv({{"HOME", "/home/u"},
                               {"AWS_CONFIG_FILE", "~/c"},
                               {"AWS_SHARED_CREDENTIALS_FILE", "/x/creds"}}));
  BOOST_TEST(f.config_path == "/home/u/c");
  BOOST_TEST(f.credentials_path == "/x/creds");
}

BOOST_AUTO_TEST_CASE(profile_choice_order) {
  auto env = FakeEnv({{"AWS_PROFILE", "p1"}, {"AWS_DEFAULT_PROFILE", "p2"}});
  BOOST_TEST(ResolveProfile(std::string("flag"), env).name == "flag");
  BOOST_TEST(ResolveProfile(std::nullopt, env).name == "p1");
  BOOST_TEST(
      ResolveProfile(std::nullopt, FakeEnv({{"AWS_DEFAULT_PROFILE", "p2"}}))
          .name == "p2");
  ProfileChoice d = ResolveProfile(std::nullopt, FakeEnv({}));
  BOOST_TEST(d.name == "default");
  BOOST_TEST(!d.explicit_choice);
}

BOOST_AUTO_TEST_CASE(profile_view_merges_both_files_like_botocore) {
  auto config = IniDocument::Parse(
      "[default]\nregion = us-east-1\n"
      "[profile dev]\nmfa_serial = arn:aws:iam::123456789012:mfa/alice\n"
      "region = eu-west-1\n"
      "[profile  \"two words\"]\nregion = ap-south-1\n"
      "[dev]\nregion = not-a-profile-in-config\n"
      "[profile cp]\ncredential_process = keybridge aws credential-process\n");
  auto creds = IniDocument::Parse(
      "[dev]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = s\n"
      "region = from-credentials\n"
      "[temp]\naws_access_key_id = ASIA\naws_secret_access_key = s\n"
      "aws_session_token = t\n");
  BOOST_REQUIRE(config.ok());
  BOOST_REQUIRE(creds.ok());
  ProfileView dev = ReadProfile(&*config, &*creds, "dev");
  BOOST_TEST(dev.found);
  BOOST_TEST(*dev.mfa_serial == "arn:aws:iam::123456789012:mfa/alice");
  BOOST_TEST(*dev.region == "from-credentials");  // credentials file wins
  BOOST_TEST(dev.has_static_keys);
  BOOST_TEST(!dev.has_session_token);
  BOOST_TEST(*ReadProfile(&*config, nullptr, "two words").region ==
             "ap-south-1");
  BOOST_TEST(*ReadProfile(&*config, nullptr, "default").region == "us-east-1");
  BOOST_TEST(ReadProfile(&*config, &*creds, "temp").has_session_token);
  BOOST_TEST(
      ReadProfile(&*config, nullptr, "cp").credential_process.has_value());
  BOOST_TEST(!ReadProfile(&*config, &*creds, "missing").found);
  BOOST_TEST(!ReadProfile(nullptr, nullptr, "default").found);
}

BOOST_AUTO_TEST_CASE(load_profile_reports_parse_errors_with_the_file) {
  TempDir dir;
  WriteText(dir / "config", "[profile a]\nbroken line\n");
  auto v = LoadProfile({dir / "config", dir / "none"}, "a");
  BOOST_REQUIRE(!v.ok());
  BOOST_TEST(v.error().message.find(dir / "config") != std::string::npos);
  BOOST_TEST(v.error().message.find("line 2") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(set_profile_value_edits_atomically_and_keeps_mode) {
  TempDir dir;
  const std::string path = dir / "config";
  WriteText(path,
            "# keep me\n[profile dev]\nregion = eu-west-1\n\n[default]\n"
            "output = json\n");
  ::chmod(path.c_str(), 0640);
  BOOST_REQUIRE(SetProfileValue(path, "dev", "mfa_serial",
                                "arn:aws:iam::123456789012:mfa/a")
                    .ok());
  BOOST_TEST(ReadText(path) ==
             "# keep me\n[profile dev]\nregion = eu-west-1\n"
             "mfa_serial = arn:aws:iam::123456789012:mfa/a\n\n[default]\n"
             "output = json\n");
  BOOST_TEST(*FileMode(path) == 0640u);
  BOOST_REQUIRE(SetProfileValue(path, "default", "mfa_serial", "b").ok());
  BOOST_REQUIRE(SetProfileValue(path, "new", "mfa_serial", "c").ok());
  auto doc = IniDocument::Parse(ReadText(path));
  BOOST_REQUIRE(doc.ok());
  BOOST_TEST(*doc->Get("default", "mfa_serial") == "b");
  BOOST_TEST(*doc->Get("profile new", "mfa_serial") == "c");
  // No temp files left behind.
  int files = 0;
  for (auto& e : std::filesystem::directory_iterator(dir.path())) {
    (void)e;
    ++files;
  }
  BOOST_TEST(files == 1);
}

BOOST_AUTO_TEST_CASE(set_profile_value_creates_file_and_follows_symlink) {
  TempDir dir;
  const std::string path = dir / "sub/config";
  BOOST_REQUIRE(SetProfileValue(path, "dev", "mfa_serial", "x").ok());
  BOOST_TEST(ReadText(path) == "[profile dev]\nmfa_serial = x\n");
  BOOST_TEST(*FileMode(path) == 0600u);
  BOOST_TEST(*FileMode(dir / "sub") == 0700u);
  const std::string link = dir / "link";
  BOOST_REQUIRE(::symlink(path.c_str(), link.c_str()) == 0);
  BOOST_REQUIRE(SetProfileValue(link, "dev", "region", "r").ok());
  struct stat st;
  BOOST_REQUIRE(::lstat(link.c_str(), &st) == 0);
  BOOST_TEST(S_ISLNK(st.st_mode));
  BOOST_TEST(ReadText(path).find("region = r") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(set_profile_value_refuses_an_unparsable_file) {
  TempDir dir;
  WriteText(dir / "config", "garbage\n");
  BOOST_TEST(!SetProfileValue(dir / "config", "dev", "mfa_serial", "x").ok());
  BOOST_TEST(ReadText(dir / "config") == "garbage\n");
}

BOOST_AUTO_TEST_SUITE_END()
