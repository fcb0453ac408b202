#include "bridge/cli/account_match.h"

#include <cctype>

namespace bridge::cli {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace

std::vector<size_t> SearchAccounts(const std::vector<std::string>& names,
                                   std::string_view query) {
  std::vector<size_t> hits;
  const std::string q = Lower(query);
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == query) return {i};
    if (Lower(names[i]).find(q) != std::string::npos) hits.push_back(i);
  }
  return hits;
}

}  // namespace bridge::cli
