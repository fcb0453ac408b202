// Account lookup by query, as ykman does it (ykman/_cli/oath.py _search).
//
// Contract: a name equal to the query is the only hit; otherwise every name
// containing the query case-insensitively (ASCII) is a hit, in list order.
// An empty query matches everything.
#ifndef BRIDGE_CLI_ACCOUNT_MATCH_H_
#define BRIDGE_CLI_ACCOUNT_MATCH_H_

#include <string>
#include <string_view>
#include <vector>

namespace bridge::cli {

std::vector<size_t> SearchAccounts(const std::vector<std::string>& names,
                                   std::string_view query);

}  // namespace bridge::cli

#endif  // BRIDGE_CLI_ACCOUNT_MATCH_H_
