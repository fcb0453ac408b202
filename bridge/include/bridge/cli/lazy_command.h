// Sub-commands built on demand, so that one run of keybridge builds the
// CLI11 options of the command it runs and not of the whole tree (building
// every option cost about 80 % of `oath accounts code --single`;
// docs/architecture.md "Performance").
//
// Contract: LazyCommand::Add adds a sub-command with its name, description
// and what it inherits from `parent` (help flag, footer, ...), and leaves
// its options and children to `build`, run by BuildCommandPath when the
// command line names it. BuildCommandPath walks the command line from the
// root the way CLI11 parses it — skipping an option's value when the option
// takes one, stopping at "--" — and runs the builder of each level it
// reaches, asking it for the one child the next word names: Add then returns
// nullptr for every other name and adds nothing. When the word names no
// child (a typo, a positional) or there is none (--help), all children are
// added, with their names and descriptions for help pages and errors. So
// CLI11 parses, validates and prints help as if the whole tree were built.
// A builder that adds children adds no options (the root's options come
// before BuildCommandPath), since it may run a second time.
#ifndef BRIDGE_CLI_LAZY_COMMAND_H_
#define BRIDGE_CLI_LAZY_COMMAND_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace bridge::cli {

class LazyCommand : public CLI::App {
 public:
  using Builder = std::function<void(CLI::App&)>;

  // nullptr when the level being built wants another child.
  static CLI::App* Add(CLI::App& parent, std::string name,
                       std::string description, Builder build);

  // Runs the builder once (see the header comment); later calls do nothing.
  void Build(std::optional<std::string_view> word);

 private:
  LazyCommand(std::string description, std::string name, CLI::App* parent,
              Builder build);

  Builder build_;
};

// `args` is argv without the program name; `add_commands` adds the root's
// sub-commands.
void BuildCommandPath(CLI::App& root, const LazyCommand::Builder& add_commands,
                      std::span<const char* const> args);

}  // namespace bridge::cli

#endif  // BRIDGE_CLI_LAZY_COMMAND_H_
