// BuildCommandPath builds the path the command line names and leaves every
// other sub-command unbuilt, yet CLI11 parses and lists commands as if the
// whole tree were there (cli/lazy_command.h).
#include "bridge/cli/lazy_command.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

namespace bridge::cli {
namespace {

// root [--device D] {alpha {one [--n N] | two} | beta [--flag]}
struct Tree {
  CLI::App root{"test"};
  std::string device;
  int n = 0;
  std::vector<std::string> built;  // builders that ran, in order

  Tree() {
    root.add_option("--device", device);
    root.require_subcommand(1);
  }

  LazyCommand::Builder Commands() {
    return [this](CLI::App& r) {
      LazyCommand::Add(r, "alpha", "group alpha", [this](CLI::App& alpha) {
        built.push_back("alpha");
        alpha.require_subcommand(1);
        LazyCommand::Add(alpha, "one", "leaf one", [this](CLI::App& one) {
          built.push_back("one");
          one.add_option("--n", n);
        });
        LazyCommand::Add(alpha, "two", "leaf two",
                         [this](CLI::App&) { built.push_back("two"); });
      });
      LazyCommand::Add(r, "beta", "leaf beta", [this](CLI::App& beta) {
        built.push_back("beta");
        beta.add_flag("--flag");
      });
    };
  }

  void Build(std::vector<const char*> args) {
    BuildCommandPath(root, Commands(), args);
  }

  std::vector<std::string> Children(CLI::App& app) {
    std::vector<std::string> names;
    for (CLI::App* s : app.get_subcommands([](CLI::App*) { return true; })) {
      names.push_back(s->get_name());
    }
    return names;
  }
};

using Names = std::vector<std::string>;

BOOST_AUTO_TEST_SUITE(lazy_command)

BOOST_AUTO_TEST_CASE(only_the_named_path_is_built) {
  Tree t;
  t.Build({"--device", "beta", "alpha", "one", "--n", "7"});
  BOOST_TEST(t.built == (Names{"alpha", "one"}));
  BOOST_TEST(t.Children(t.root) == (Names{"alpha"}));
  BOOST_TEST(t.Children(*t.root.get_subcommand("alpha")) == (Names{"one"}));
  t.root.parse(std::vector<std::string>{"7", "--n", "one", "alpha", "beta",
                                        "--device"});  // reversed argv
  BOOST_TEST(t.device == "beta");
  BOOST_TEST(t.n == 7);
}

BOOST_AUTO_TEST_CASE(an_option_value_with_equals_is_not_skipped_twice) {
  Tree t;
  t.Build({"--device=alpha", "beta", "--flag"});
  BOOST_TEST(t.built == (Names{"beta"}));
  BOOST_TEST(t.Children(t.root) == (Names{"beta"}));
}

BOOST_AUTO_TEST_CASE(help_at_a_group_lists_every_child_unbuilt) {
  Tree t;
  t.Build({"alpha", "--help"});
  BOOST_TEST(t.built == (Names{"alpha"}));
  CLI::App* alpha = t.root.get_subcommand("alpha");
  BOOST_TEST(t.Children(*alpha) == (Names{"one", "two"}));
  std::string help = alpha->help();
  BOOST_TEST(help.find("leaf one") != std::string::npos);
  BOOST_TEST(help.find("leaf two") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_word_naming_no_child_gets_all_children) {
  Tree t;
  t.Build({"alpha", "on"});
  BOOST_TEST(t.Children(*t.root.get_subcommand("alpha")) ==
             (Names{"one", "two"}));
  BOOST_CHECK_THROW(t.root.parse(std::vector<std::string>{"on", "alpha"}),
                    CLI::ParseError);
}

BOOST_AUTO_TEST_CASE(nothing_after_double_dash_is_a_command) {
  Tree t;
  t.Build({"--", "beta"});
  BOOST_TEST(t.built.empty());
  BOOST_TEST(t.Children(t.root) == (Names{"alpha", "beta"}));
}

BOOST_AUTO_TEST_CASE(a_builder_runs_once) {
  Tree t;
  t.Build({"beta"});
  auto* beta = dynamic_cast<LazyCommand*>(t.root.get_subcommand("beta"));
  BOOST_REQUIRE(beta != nullptr);
  beta->Build(std::nullopt);
  BOOST_TEST(t.built == (Names{"beta"}));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace bridge::cli
