// sk/src/options.h: the sk_option array (sk-api.h) and resident-key user IDs.
#include "options.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

namespace sk_provider {
namespace {

// A NULL-terminated sk_option* array like the one OpenSSH builds.
class OptionList {
 public:
  void Add(std::string name, std::string value, bool required) {
    names_.push_back(std::move(name));
    values_.push_back(std::move(value));
    required_.push_back(required);
  }
  sk_option** get() {
    options_.clear();
    pointers_.clear();
    options_.reserve(names_.size());
    for (size_t i = 0; i < names_.size(); ++i) {
      options_.push_back({names_[i].data(), values_[i].data(),
                          static_cast<uint8_t>(required_[i] ? 1 : 0)});
    }
    for (auto& o : options_) pointers_.push_back(&o);
    pointers_.push_back(nullptr);
    return pointers_.data();
  }

 private:
  std::vector<std::string> names_, values_;
  std::vector<bool> required_;
  std::vector<sk_option> options_;
  std::vector<sk_option*> pointers_;
};

BOOST_AUTO_TEST_SUITE(options)

BOOST_AUTO_TEST_CASE(null_array_is_no_options) {
  auto o = ParseOptions(nullptr, true);
  BOOST_REQUIRE(o.ok());
  BOOST_TEST(!o->device.has_value());
  BOOST_TEST(!o->user.has_value());
}

BOOST_AUTO_TEST_CASE(device_and_user) {
  OptionList list;
  list.Add("device", "udp:127.0.0.1:4711", false);
  list.Add("user", "alice", false);
  auto o = ParseOptions(list.get(), true);
  BOOST_REQUIRE(o.ok());
  BOOST_TEST(*o->device == "udp:127.0.0.1:4711");
  BOOST_TEST(*o->user == "alice");
}

BOOST_AUTO_TEST_CASE(unknown_options_fail_only_when_required) {
  OptionList optional;
  optional.Add("colour", "blue", false);
  BOOST_TEST(ParseOptions(optional.get(), true).ok());
  OptionList required;
  required.Add("colour", "blue", true);
  auto o = ParseOptions(required.get(), true);
  BOOST_REQUIRE(!o.ok());
  BOOST_TEST(o.error().message.find("colour") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(user_is_an_enroll_option_only) {
  OptionList list;
  list.Add("user", "alice", true);
  BOOST_TEST(!ParseOptions(list.get(), false).ok());
}

BOOST_AUTO_TEST_CASE(user_id_is_the_name_zero_padded_to_32_bytes) {
  auto id = MakeUserId("bob");
  BOOST_REQUIRE(id.ok());
  UserId expected{};
  expected[0] = 'b';
  expected[1] = 'o';
  expected[2] = 'b';
  BOOST_TEST(*id == expected);
  auto empty = MakeUserId("");
  BOOST_REQUIRE(empty.ok());
  BOOST_TEST(*empty == UserId{});
  BOOST_TEST(MakeUserId(std::string(31, 'x')).ok());
  BOOST_TEST(!MakeUserId(std::string(32, 'x')).ok());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace sk_provider
