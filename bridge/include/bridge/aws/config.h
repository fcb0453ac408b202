// The AWS CLI's shared config and credentials files (docs/aws.md §2.2, §2.3):
// where they are, which profile is meant, what a profile says, and how
// keybridge writes `mfa_serial` into one.
//
// Contract:
//   - ResolveAwsFiles: $AWS_CONFIG_FILE else ~/.aws/config, and
//     $AWS_SHARED_CREDENTIALS_FILE else ~/.aws/credentials (botocore
//     configprovider.py); a leading `~/` is expanded with $HOME.
//   - ResolveProfile: --profile, else $AWS_PROFILE, else $AWS_DEFAULT_PROFILE
//     (that order, configprovider.py), else "default"; `explicit_choice`
//     tells whether one of the first three named it.
//   - In the config file a profile is `[profile NAME]` (split like shlex, so
//     `[profile "a b"]` works) and the default one `[default]`; in the
//     credentials file it is `[NAME]`. Values from the credentials file win
//     over the config file, as in botocore Session.full_config.
//   - ProfileView never holds secret values: it records only whether static
//     keys and a session token are present.
//   - SetProfileValue rewrites one key of one profile in the config file and
//     keeps every other byte; the write is atomic (temp file + fsync +
//     rename + fsync of the folder), through a symlink to its target, and
//     keeps the file's mode (0600 for a new file, folder 0700 if created).
#ifndef BRIDGE_AWS_CONFIG_H_
#define BRIDGE_AWS_CONFIG_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bridge/aws/ini.h"
#include "bridge/error.h"

namespace bridge::aws {

using EnvLookup =
    std::function<std::optional<std::string>(std::string_view name)>;

// Reads the process environment.
EnvLookup ProcessEnv();

struct AwsFiles {
  std::string config_path;
  std::string credentials_path;
};

AwsFiles ResolveAwsFiles(const EnvLookup& env);

struct ProfileChoice {
  std::string name;
  bool explicit_choice = false;
};

ProfileChoice ResolveProfile(const std::optional<std::string>& flag,
                             const EnvLookup& env);

// Section name of `profile` in the config file ("default" / "profile X").
std::string ConfigSectionName(std::string_view profile);

// Finds the config-file section of `profile` (botocore build_profile_map);
// nullopt if none.
std::optional<std::string> FindConfigSection(const IniDocument& config,
                                             std::string_view profile);

struct ProfileView {
  std::string name;
  bool found = false;  // in either file
  std::optional<std::string> mfa_serial;
  std::optional<std::string> region;
  std::optional<std::string> credential_process;
  // Role profile keys (docs/aws.md §2.2, §5).
  std::optional<std::string> role_arn;
  std::optional<std::string> source_profile;
  std::optional<std::string> credential_source;
  std::optional<std::string> external_id;
  std::optional<std::string> role_session_name;
  std::optional<std::string> duration_seconds;
  // keybridge's own key: further MFA devices of the same user, separated by
  // commas or spaces (docs/aws.md §6.3). The AWS CLI ignores it.
  std::optional<std::string> keybridge_mfa_serials;
  bool has_static_keys = false;    // aws_access_key_id present
  bool has_session_token = false;  // aws_session_token/aws_security_token
};

// Either document may be null (file missing).
ProfileView ReadProfile(const IniDocument* config,
                        const IniDocument* credentials,
                        std::string_view profile);

// Reads and parses a file; nullopt if it does not exist. Parse errors name
// the file.
Result<std::optional<IniDocument>> LoadIniFile(const std::string& path);

// Loads both files of `files` and returns the view of `profile`.
Result<ProfileView> LoadProfile(const AwsFiles& files,
                                std::string_view profile);

Status SetProfileValue(const std::string& config_path, std::string_view profile,
                       std::string_view key, std::string_view value);

}  // namespace bridge::aws

#endif  // BRIDGE_AWS_CONFIG_H_
