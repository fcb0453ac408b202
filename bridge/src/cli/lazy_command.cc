#include "bridge/cli/lazy_command.h"

#include <memory>
#include <utility>
#include <vector>

namespace bridge::cli {

namespace {

// While a builder runs on `parent` for the word `only`: the one child it is
// to add, and whether it was asked for another one.
struct ChildFilter {
  const CLI::App* parent = nullptr;
  std::string_view only;
  bool skipped = false;
};
ChildFilter filter;

CLI::App* NamedChild(CLI::App& level, std::string_view word) {
  const std::string name(word);
  std::vector<CLI::App*> named = level.get_subcommands([&name](CLI::App* s) {
    return !s->get_name().empty() && s->check_name(name);
  });
  return named.empty() ? nullptr : named.front();
}

// Runs `build` on `level` for only the child `word` names, or for all
// children when it names none.
void RunBuilder(CLI::App& level, const LazyCommand::Builder& build,
                std::optional<std::string_view> word) {
  if (word) {
    filter = {&level, *word, false};
    build(level);
    const bool skipped = filter.skipped;
    filter = {};
    if (!skipped || NamedChild(level, *word) != nullptr) return;
  }
  build(level);
}

// True when `token` names an option of `app` that takes a value and does not
// carry it after '='.
bool TakesNextToken(CLI::App& app, std::string_view token) {
  if (token.find('=') != std::string_view::npos) return false;
  // A short option with its value attached ("-d8") or a flag group.
  if (!token.starts_with("--") && token.size() > 2) return false;
  const CLI::Option* option = app.get_option_no_throw(std::string(token));
  return option != nullptr && option->get_expected_min() > 0;
}

// The first word in args[*at...] that is neither an option nor an option's
// value at `level`; *at moves past it.
std::optional<std::string_view> NextWord(CLI::App& level,
                                         std::span<const char* const> args,
                                         size_t* at) {
  for (; *at < args.size(); ++*at) {
    std::string_view token = args[*at];
    if (token == "--") return std::nullopt;
    if (token.size() > 1 && token.starts_with('-')) {
      if (TakesNextToken(level, token)) ++*at;
      continue;
    }
    ++*at;
    return token;
  }
  return std::nullopt;
}

}  // namespace

LazyCommand::LazyCommand(std::string description, std::string name,
                         CLI::App* parent, Builder build)
    : CLI::App(std::move(description), std::move(name), parent),
      build_(std::move(build)) {}

CLI::App* LazyCommand::Add(CLI::App& parent, std::string name,
                           std::string description, Builder build) {
  if (filter.parent == &parent && name != filter.only) {
    filter.skipped = true;
    return nullptr;
  }
  // The protected CLI::App constructor copies what a sub-command inherits
  // from its parent, as CLI::App::add_subcommand(name, description) does.
  return parent.add_subcommand(std::shared_ptr<CLI::App>(new LazyCommand(
      std::move(description), std::move(name), &parent, std::move(build))));
}

void LazyCommand::Build(std::optional<std::string_view> word) {
  if (!build_) return;
  Builder build = std::move(build_);
  build_ = nullptr;
  RunBuilder(*this, build, word);
}

void BuildCommandPath(CLI::App& root, const LazyCommand::Builder& add_commands,
                      std::span<const char* const> args) {
  size_t at = 0;
  std::optional<std::string_view> word = NextWord(root, args, &at);
  RunBuilder(root, add_commands, word);
  CLI::App* level = &root;
  while (word) {
    auto* child = dynamic_cast<LazyCommand*>(NamedChild(*level, *word));
    if (child == nullptr) return;
    level = child;
    // A group has no options of its own yet; a leaf has no children, so a
    // positional taken for a child's name is harmless.
    word = NextWord(*level, args, &at);
    child->Build(word);
  }
}

}  // namespace bridge::cli
