// `keybridge oath access change|remember|forget`: the YKOATH password of a
// YubiKey-style OATH application over PC/SC (SET CODE / VALIDATE,
// docs/protocol/oath.md §3 "Access code"), shaped like ykman's
// `oath access` commands. Passwords come from stdin or a no-echo prompt
// (a new one twice on a terminal), never argv; only the derived key is sent
// to the card or remembered (cli/oath_key_store.h).
#include <iostream>
#include <memory>

#include "bridge/aws/config.h"
#include "bridge/cli/commands.h"
#include "bridge/cli/oath_key_store.h"
#include "bridge/cli/terminal.h"
#include "bridge/oath/ccid_access.h"

namespace bridge::cli {
namespace {

struct ChangeArgs {
  bool clear = false;
  bool remember = false;
};

OathKeyStore Store() { return OathKeyStore(OathKeysPath(aws::ProcessEnv())); }

// The card's SELECT answer; access passwords exist on the YKOATH (PC/SC)
// path only.
Result<const oath::SelectInfo*> YkoathInfo(const KeyConnection& key) {
  if (key.select_info() == nullptr) {
    return MakeError(ErrorKind::kInvalidInput,
                     "OATH passwords are a YubiKey (PC/SC) feature; a "
                     "Nitrokey 3 uses `keybridge oath pin`");
  }
  return key.select_info();
}

Status RunChange(const CommandContext& ctx, const ChangeArgs& a) {
  if (a.clear && a.remember) {
    return MakeError(ErrorKind::kInvalidInput,
                     "--clear cannot be combined with --remember");
  }
  OpenOptions open;
  open.password_prompt = "Enter the current password: ";
  Result<std::unique_ptr<KeyConnection>> key =
      KeyConnection::Open(ctx.global, open);
  if (!key) return std::move(key).error();
  Result<const oath::SelectInfo*> info = YkoathInfo(**key);
  if (!info) return std::move(info).error();
  const std::string id = oath::DeviceId((*info)->salt);
  OathKeyStore store = Store();
  oath::OathSession& session = (*key)->oath();

  if (a.clear) {
    if (Status s = session.ClearCode(); !s) return s;
    std::cout << "Password cleared.\n";
    Result<bool> forgotten = store.Forget(id);
    if (!forgotten) return std::move(forgotten).error();
    return OkStatus();
  }
  Result<SecretBytes> password = ReadNewSecret(
      "Enter the new password: ", "Repeat the new password: ", "passwords",
      [](const SecretBytes& p) -> Status {
        if (!p.empty()) return OkStatus();
        return MakeError(ErrorKind::kInvalidInput,
                         "the new password is empty (--clear "
                         "removes the password)");
      });
  if (!password) return std::move(password).error();
  Result<SecretBytes> new_key = oath::DeriveAccessKey(*password, (*info)->salt);
  if (!new_key) return std::move(new_key).error();
  if (Status s = session.SetCode(*new_key); !s) return s;
  std::cout << "Password updated.\n";
  // As ykman 4: a remembered key is kept up to date.
  Result<std::optional<SecretBytes>> old = store.Load(id);
  if (a.remember || (old && *old)) {
    if (Status s = store.Store(id, *new_key); !s) return s;
    std::cout << "Password remembered.\n";
  }
  return OkStatus();
}

Status RunRemember(const CommandContext& ctx) {
  OpenOptions open;
  open.use_remembered_key = false;  // ask, as ykman does
  Result<std::unique_ptr<KeyConnection>> key =
      KeyConnection::Open(ctx.global, open);
  if (!key) return std::move(key).error();
  Result<const oath::SelectInfo*> info = YkoathInfo(**key);
  if (!info) return std::move(info).error();
  if ((*key)->access_key() == nullptr) {
    return MakeError(ErrorKind::kInvalidInput,
                     "the OATH application has no password");
  }
  if (Status s =
          Store().Store(oath::DeviceId((*info)->salt), *(*key)->access_key());
      !s) {
    return s;
  }
  std::cout << "Password remembered.\n";
  return OkStatus();
}

Status RunForget(const CommandContext& ctx, const bool& all) {
  OathKeyStore store = Store();
  if (all) {
    Result<bool> removed = store.ForgetAll();
    if (!removed) return std::move(removed).error();
    std::cout << (*removed ? "All passwords have been forgotten.\n"
                           : "No passwords are remembered.\n");
    return OkStatus();
  }
  OpenOptions open;
  open.unlock = false;  // the device ID is in the SELECT answer
  Result<std::unique_ptr<KeyConnection>> key =
      KeyConnection::Open(ctx.global, open);
  if (!key) return std::move(key).error();
  Result<const oath::SelectInfo*> info = YkoathInfo(**key);
  if (!info) return std::move(info).error();
  Result<bool> removed = store.Forget(oath::DeviceId((*info)->salt));
  if (!removed) return std::move(removed).error();
  std::cout << (*removed ? "Password forgotten.\n"
                         : "No password is remembered for this key.\n");
  return OkStatus();
}

}  // namespace

void AddOathAccessCommands(CLI::App& oath, CommandContext& ctx) {
  AddGroup(
      oath, "access",
      "Manage the OATH password of a YubiKey-style key (PC/SC); passwords "
      "are read from stdin",
      [&ctx](CLI::App& access) {
        AddCommand<ChangeArgs>(
            access, ctx, "change",
            "Set or change the password (stdin: current password if one is "
            "set and not remembered, then the new one), or remove it with "
            "--clear",
            RunChange, [](CLI::App& change, ChangeArgs& args) {
              change.add_flag("-c,--clear", args.clear, "Remove the password");
              change.add_flag("-r,--remember", args.remember,
                              "Remember the new password on this computer");
            });
        AddAction(access, ctx, "remember",
                  "Remember the password on this computer (only the key "
                  "derived from it is stored)",
                  RunRemember);
        AddCommand<bool>(
            access, ctx, "forget", "Forget the remembered password of this key",
            RunForget, [](CLI::App& forget, bool& all) {
              forget.add_flag("-a,--all", all,
                              "Forget all remembered passwords (no key "
                              "needed)");
            });
      });
}

}  // namespace bridge::cli
