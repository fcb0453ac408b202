#include "bridge/aws/logout.h"

#include <set>
#include <utility>

#include "bridge/aws/role_chain.h"
#include "bridge/aws/session_cache.h"
#include "bridge/aws/session_flow.h"

namespace bridge::aws {

Result<int> Logout(const std::optional<std::string>& profile, bool all,
                   const EnvLookup& env) {
  SessionCache cache(ResolveCacheDir(env));
  auto lock = cache.Lock();
  if (!lock.ok()) return std::move(lock).error();
  if (all) {
    return cache.RemoveEntries([](const CacheEntry&) { return true; }, true);
  }
  auto prof = ResolveProfileFor(profile, env, /*must_exist=*/true);
  if (!prof.ok()) return std::move(prof).error();
  std::set<std::string> sessions_of = {prof->choice.name};
  std::set<std::pair<std::string, std::string>> roles;
  if (prof->view.role_arn) {
    auto config = LoadIniFile(prof->files.config_path);
    if (!config.ok()) return std::move(config).error();
    auto creds = LoadIniFile(prof->files.credentials_path);
    if (!creds.ok()) return std::move(creds).error();
    auto chain = ResolveRoleChain(config->has_value() ? &**config : nullptr,
                                  creds->has_value() ? &**creds : nullptr,
                                  prof->choice.name, env);
    if (!chain.ok()) return std::move(chain).error();
    sessions_of.insert(SourceCacheName(*chain));
    for (const RoleHop& hop : chain->hops)
      roles.insert({hop.profile, hop.role_arn});
  }
  return cache.RemoveEntries(
      [&](const CacheEntry& e) {
        if (e.role_arn.empty()) return sessions_of.count(e.profile) > 0;
        return e.profile == prof->choice.name ||
               roles.count({e.profile, e.role_arn}) > 0;
      },
      false);
}

}  // namespace bridge::aws
