// Small POSIX file helpers for bridge::aws: private folders and atomic,
// mode-preserving writes (docs/architecture.md "State is crash-safe").
//
// Contract:
//   - ReadFileText: the whole file; nullopt if it does not exist; other
//     failures are kTransport naming the path and errno text.
//   - EnsurePrivateDir: creates the folder and missing parents; the last
//     folder is made (or tightened to) 0700 and must be owned by us.
//   - WriteFileAtomic: writes a temp file beside `path` with `mode`, fsyncs
//     it, renames it over `path` and fsyncs the folder; a crash leaves the
//     old or the new content, never a mix. If `path` is a symlink the target
//     is replaced. The temp file is removed on failure.
//   - XdgBaseDir: $VAR when it is an absolute path (the XDG Base Directory
//     spec ignores relative ones), else $HOME/`home_relative`.
#ifndef BRIDGE_AWS_FILE_UTIL_H_
#define BRIDGE_AWS_FILE_UTIL_H_

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>

#include "bridge/aws/config.h"
#include "bridge/error.h"

namespace bridge::aws {

Result<std::optional<std::string>> ReadFileText(const std::string& path);

Status EnsurePrivateDir(const std::string& path);

Status WriteFileAtomic(const std::string& path, std::string_view content,
                       mode_t mode);

std::string XdgBaseDir(const EnvLookup& env, std::string_view var,
                       std::string_view home_relative);

// The mode bits of an existing file, or nullopt.
std::optional<mode_t> FileMode(const std::string& path);

}  // namespace bridge::aws

#endif  // BRIDGE_AWS_FILE_UTIL_H_
