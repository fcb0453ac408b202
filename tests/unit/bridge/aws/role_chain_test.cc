#include "bridge/aws/role_chain.h"

#include <boost/test/unit_test.hpp>

#include "test_util.h"

using namespace bridge::aws;
using namespace bridge::aws::testing;

namespace {

constexpr const char* kCreds =
    "[alice]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = s\n";

bridge::Result<RoleChain> Resolve(const std::string& config,
                                  const std::string& profile,
                                  const std::string& creds = kCreds) {
  auto c = IniDocument::Parse(config);
  auto k = IniDocument::Parse(creds);
  BOOST_REQUIRE(c.ok());
  BOOST_REQUIRE(k.ok());
  return ResolveRoleChain(&*c, &*k, profile, FakeEnv({{"USER", "bob"}}));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(role_chain)

BOOST_AUTO_TEST_CASE(role_from_source_profile_with_keys) {
  auto chain = Resolve(
      "[profile alice]\nmfa_serial = arn:aws:iam::123456789012:mfa/alice\n"
      "region = eu-west-1\n"
      "[profile prod]\nrole_arn = arn:aws:iam::210987654321:role/admin\n"
      "source_profile = alice\nexternal_id = team-42\n"
      "duration_seconds = 1800\n",
      "prod");
  BOOST_REQUIRE(chain.ok());
  BOOST_TEST(chain->source_profile == "alice");
  BOOST_TEST(!chain->source_is_environment);
  BOOST_REQUIRE(chain->hops.size() == 1u);
  BOOST_TEST(chain->hops[0].role_arn == "arn:aws:iam::210987654321:role/admin");
  BOOST_TEST(*chain->hops[0].external_id == "team-42");
  BOOST_TEST(*chain->hops[0].duration == 1800);
  BOOST_TEST(chain->hops[0].session_name == "keybridge-bob");
  BOOST_REQUIRE(chain->serials.size() == 1u);  // from the source profile
  BOOST_TEST(*chain->region == "eu-west-1");
}

BOOST_AUTO_TEST_CASE(chained_roles_are_in_call_order) {
  auto chain = Resolve(
      "[profile alice]\nmfa_serial = arn:aws:iam::123456789012:mfa/alice\n"
      "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = alice\n"
      "[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = a\n"
      "role_session_name = me@example.com\n",
      "b");
  BOOST_REQUIRE(chain.ok());
  BOOST_REQUIRE(chain->hops.size() == 2u);
  BOOST_TEST(chain->hops[0].profile == "a");
  BOOST_TEST(chain->hops[1].profile == "b");
  BOOST_TEST(chain->hops[1].session_name == "me@example.com");
}

BOOST_AUTO_TEST_CASE(nearest_mfa_serial_wins_and_lists_split) {
  auto chain = Resolve(
      "[profile alice]\nmfa_serial = arn:aws:iam::1:mfa/far\n"
      "[profile p]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = alice\n"
      "mfa_serial = arn:aws:iam::1:mfa/one\n"
      "keybridge_mfa_serials = arn:aws:iam::1:mfa/two, arn:aws:iam::1:mfa/one "
      "arn:aws:iam::1:mfa/three\n",
      "p");
  BOOST_REQUIRE(chain.ok());
  std::vector<std::string> want = {"arn:aws:iam::1:mfa/one",
                                   "arn:aws:iam::1:mfa/two",
                                   "arn:aws:iam::1:mfa/three"};
  BOOST_TEST(chain->serials == want, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(environment_source_and_self_source) {
  auto env = Resolve(
      "[profile p]\nrole_arn = arn:aws:iam::1:role/r\n"
      "credential_source = Environment\n",
      "p");
  BOOST_REQUIRE(env.ok());
  BOOST_TEST(env->source_is_environment);
  BOOST_TEST(SourceCacheName(*env) == "(environment)");
  auto self = Resolve(
      "[profile alice]\nrole_arn = arn:aws:iam::1:role/r\n"
      "source_profile = alice\n",
      "alice");
  BOOST_REQUIRE(self.ok());
  BOOST_TEST(self->source_profile == "alice");
  BOOST_TEST(self->hops.size() == 1u);
}

BOOST_AUTO_TEST_CASE(bad_chains_are_refused_with_the_profile_named) {
  struct Case {
    const char* config;
    const char* needle;
  } cases[] = {
      {"[profile p]\nrole_arn = r\n", "neither source_profile"},
      {"[profile p]\nrole_arn = r\nsource_profile = alice\n"
       "credential_source = Environment\n",
       "both"},
      {"[profile p]\nrole_arn = r\ncredential_source = Ec2InstanceMetadata\n",
       "Ec2InstanceMetadata"},
      {"[profile p]\nrole_arn = r\nsource_profile = q\n"
       "[profile q]\nrole_arn = r\nsource_profile = p\n",
       "loop"},
      {"[profile p]\nrole_arn = r\nsource_profile = nobody\n", "nobody"},
      {"[profile p]\nrole_arn = r\nsource_profile = cp\n"
       "[profile cp]\ncredential_process = keybridge aws credential-process\n",
       "credential_process"},
      {"[profile p]\nrole_arn = r\nsource_profile = alice\n"
       "duration_seconds = 43201\n",
       "43200"},
      {"[profile p]\nrole_arn = r\nsource_profile = alice\n"
       "duration_seconds = 1h\n",
       "duration_seconds"},
      {"[profile p]\nrole_arn = r\nsource_profile = alice\n"
       "role_session_name = has space\n",
       "role_session_name"},
      {"[profile p]\nrole_arn = r\nsource_profile = alice\nexternal_id = x\n",
       "external_id"},
  };
  for (const Case& c : cases) {
    auto chain = Resolve(c.config, "p");
    BOOST_TEST_CONTEXT(c.config) {
      BOOST_REQUIRE(!chain.ok());
      BOOST_TEST(chain.error().kind == bridge::ErrorKind::kInvalidInput);
      BOOST_TEST(chain.error().message.find(c.needle) != std::string::npos,
                 chain.error().message);
    }
  }
}

BOOST_AUTO_TEST_CASE(assume_role_name_rules) {
  BOOST_TEST(CheckRoleSessionName("a").ok() == false);
  BOOST_TEST(CheckRoleSessionName("ab").ok());
  BOOST_TEST(CheckRoleSessionName(std::string(64, 'x')).ok());
  BOOST_TEST(CheckRoleSessionName(std::string(65, 'x')).ok() == false);
  BOOST_TEST(CheckRoleSessionName("a_b+c=d,e.f@g-h").ok());
  BOOST_TEST(CheckRoleSessionName("a/b").ok() == false);
  BOOST_TEST(CheckExternalId("a:b/c").ok());
  BOOST_TEST(CheckExternalId(std::string(1225, 'x')).ok() == false);
  BOOST_TEST(DefaultRoleSessionName(FakeEnv({{"USER", "Jo Doe/x"}})) ==
             "keybridge-Jo-Doe-x");
  BOOST_TEST(DefaultRoleSessionName(FakeEnv({})) == "keybridge-user");
  BOOST_TEST(DefaultRoleSessionName(FakeEnv({{"USER", std::string(80, 'u')}}))
                 .size() == 64u);
}

BOOST_AUTO_TEST_SUITE_END()
