// `keybridge fido …` (cli/fido_commands.h; CTAP 2.1 §6.5 clientPIN, §6.6
// reset, §6.8 credentialManagement, §6.11 authenticatorConfig, through
// libfido2 1.12).
#include "bridge/cli/fido_commands.h"

#include <algorithm>
#include <cctype>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "bridge/cli/commands.h"
#include "bridge/cli/device_resolve.h"
#include "bridge/cli/info_command.h"
#include "bridge/cli/signals.h"
#include "bridge/cli/terminal.h"
#include "bridge/fido2/device.h"
#include "bridge/fido2/fido_error.h"
#include "bridge/fido2/key_probe.h"
#include "bridge/fido2/key_report.h"
#include "bridge/link/device_select.h"

namespace bridge::cli {
namespace {

using fido2::CtapStatus;

// The link must outlive the device: members are destroyed in reverse order.
struct FidoSession {
  std::unique_ptr<link::PacketLink> link;
  std::unique_ptr<fido2::Fido2Device> device;
};

Result<FidoSession> OpenFido(const CommandContext& ctx) {
  Result<link::DeviceUri> uri = ResolveKey(ctx.global.device);
  if (!uri) return std::move(uri).error();
  Result<std::unique_ptr<link::PacketLink>> l = link::OpenLink(*uri);
  if (!l) return std::move(l).error();
  FidoSession s;
  s.link = std::move(l).value();
  fido2::OpenOptions options;
  options.cancel = &CancelFlag();
  options.on_touch = [] { Notify(kTouchPrompt); };
  Result<std::unique_ptr<fido2::Fido2Device>> dev =
      fido2::Fido2Device::Open(*s.link, options);
  if (!dev) {
    Error e = std::move(dev).error();
    e.message = uri->ToString() + ": " + e.message;
    return e;
  }
  s.device = std::move(dev).value();
  if (!s.device->IsFido2()) {
    return MakeError(ErrorKind::kCtap2,
                     uri->ToString() + ": " + fido2::kNoCtap2Reason,
                     static_cast<uint16_t>(CtapStatus::kInvalidCommand));
  }
  return s;
}

bool Is(const Error& e, CtapStatus status) {
  return e.kind == ErrorKind::kCtap2 && e.code == static_cast<uint16_t>(status);
}

// Adds what the user can do about PIN states (CTAP 2.1 §6.5.5.7 retries,
// PIN_AUTH_BLOCKED until power cycle).
Error WithPinHint(fido2::Fido2Device& dev, Error e) {
  if (Is(e, CtapStatus::kPinInvalid)) {
    Result<int> retries = dev.GetPinRetries();
    // A key with forcePINChange set answers PIN_INVALID to the right PIN
    // too, and then has its retries back at 8 (docs/protocol/ctap.md §6.5).
    Result<fido2::AuthenticatorInfo> info = dev.GetInfo();
    if (retries && *retries == 8 && info && info->force_pin_change) {
      e.message =
          "the key requires a new PIN before this one can be used: run "
          "'keybridge fido pin change'";
      return e;
    }
    e.message = "wrong PIN";
    if (retries)
      e.message += " (" + std::to_string(*retries) + " retries left)";
  } else if (Is(e, CtapStatus::kPinAuthBlocked)) {
    e.message +=
        "; too many wrong PINs in a row: remove and re-insert the "
        "key (power cycle) before trying again";
  } else if (Is(e, CtapStatus::kPinBlocked)) {
    e.message +=
        "; the PIN is blocked: only 'keybridge fido reset' helps "
        "(it deletes all FIDO2 credentials)";
  } else if (Is(e, CtapStatus::kPinNotSet)) {
    e.message += "; no PIN is set: set one with 'keybridge fido pin set'";
  } else if (Is(e, CtapStatus::kPinPolicyViolation)) {
    e.message +=
        "; the key rejected the new PIN (too short for its "
        "minPINLength?)";
  }
  return e;
}

Status RunPinSet(const CommandContext& ctx) {
  Result<SecretBytes> pin = ReadNewPin("New PIN: ", fido2::ValidateNewPin);
  if (!pin) return std::move(pin).error();
  Result<FidoSession> s = OpenFido(ctx);
  if (!s) return std::move(s).error();
  Result<fido2::AuthenticatorInfo> info = s->device->GetInfo();
  if (!info) return std::move(info).error();
  std::optional<bool> client_pin = info->Option("clientPin");
  if (!client_pin) {
    return MakeError(ErrorKind::kCtap2, "the key does not support a PIN",
                     static_cast<uint16_t>(CtapStatus::kInvalidCommand));
  }
  if (*client_pin) {
    return MakeError(ErrorKind::kCtap2,
                     "a PIN is already set; use 'keybridge fido pin change'",
                     static_cast<uint16_t>(CtapStatus::kNotAllowed));
  }
  if (Status st = s->device->SetPin(*pin); !st) {
    return WithPinHint(*s->device, std::move(st).error());
  }
  std::cout << "FIDO2 PIN set.\n";
  return OkStatus();
}

Status RunPinChange(const CommandContext& ctx) {
  Result<SecretBytes> old_pin = ReadSecretLine("Current PIN: ");
  if (!old_pin) return std::move(old_pin).error();
  Result<SecretBytes> new_pin = ReadNewPin("New PIN: ", fido2::ValidateNewPin);
  if (!new_pin) return std::move(new_pin).error();
  Result<FidoSession> s = OpenFido(ctx);
  if (!s) return std::move(s).error();
  if (Status st = s->device->ChangePin(*old_pin, *new_pin); !st) {
    return WithPinHint(*s->device, std::move(st).error());
  }
  std::cout << "FIDO2 PIN changed.\n";
  return OkStatus();
}

// Every discoverable credential, with the PIN and the open key that listed
// them.
struct Listing {
  SecretBytes pin;
  FidoSession session;
  fido2::CredentialMetadata metadata;
  std::vector<std::pair<fido2::RelyingParty, fido2::ResidentCredential>>
      credentials;
};

// Reads the PIN, then opens the key and lists.
Result<Listing> ReadPinAndListAll(const CommandContext& ctx) {
  Result<SecretBytes> read = ReadSecretLine("PIN: ");
  if (!read) return std::move(read).error();
  Result<FidoSession> s = OpenFido(ctx);
  if (!s) return std::move(s).error();
  Listing out;
  out.pin = std::move(read).value();
  out.session = std::move(s).value();
  fido2::Fido2Device& dev = *out.session.device;
  const SecretBytes& pin = out.pin;
  Result<fido2::CredentialMetadata> md = dev.GetCredentialMetadata(pin);
  if (!md) return WithPinHint(dev, std::move(md).error());
  out.metadata = *md;
  Result<std::vector<fido2::RelyingParty>> rps = dev.ListRelyingParties(pin);
  if (!rps) return WithPinHint(dev, std::move(rps).error());
  for (const fido2::RelyingParty& rp : *rps) {
    Result<std::vector<fido2::ResidentCredential>> creds =
        dev.ListCredentials(rp.id, pin);
    if (!creds) return WithPinHint(dev, std::move(creds).error());
    for (fido2::ResidentCredential& c : *creds) {
      out.credentials.emplace_back(rp, std::move(c));
    }
  }
  return out;
}

Status RunCredentialsList(const CommandContext& ctx, bool json) {
  Result<Listing> listing = ReadPinAndListAll(ctx);
  if (!listing) return std::move(listing).error();
  if (json) {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    j["existing"] = listing->metadata.existing;
    j["remaining"] = listing->metadata.remaining;
    nlohmann::ordered_json arr = nlohmann::ordered_json::array();
    for (const auto& [rp, c] : listing->credentials) {
      nlohmann::ordered_json e = nlohmann::ordered_json::object();
      e["rp_id"] = rp.id;
      e["rp_name"] = rp.name;
      e["credential_id"] = fido2::Hex(c.credential_id);
      e["user_id"] = fido2::Hex(c.user_id);
      e["user_name"] = c.user_name;
      e["user_display_name"] = c.user_display_name;
      e["cred_protect"] = c.cred_protect;
      arr.push_back(e);
    }
    j["credentials"] = arr;
    std::cout << j.dump(2) << "\n";
    return OkStatus();
  }
  if (listing->credentials.empty()) {
    std::cout << "No discoverable credentials.\n";
  }
  // One tab-separated line each: RP ID, user name, display name, cred ID.
  for (const auto& [rp, c] : listing->credentials) {
    std::cout << rp.id << "\t" << c.user_name << "\t" << c.user_display_name
              << "\t" << fido2::Hex(c.credential_id) << "\n";
  }
  return OkStatus();
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return s;
}

struct DeleteArgs {
  std::string id;  // hex, or a unique prefix
  bool force = false;
};

Status RunCredentialsDelete(const CommandContext& ctx, const DeleteArgs& a) {
  const std::string& id = a.id;
  const bool force = a.force;
  const std::string query = Lower(id);
  if (query.empty() ||
      !std::all_of(query.begin(), query.end(),
                   [](unsigned char c) { return std::isxdigit(c); })) {
    return MakeError(ErrorKind::kInvalidInput,
                     "give the credential ID in hex (as shown by "
                     "'keybridge fido credentials list'), or a unique prefix");
  }
  Result<Listing> listing = ReadPinAndListAll(ctx);
  if (!listing) return std::move(listing).error();
  std::vector<const fido2::ResidentCredential*> hits;
  const fido2::RelyingParty* hit_rp = nullptr;
  for (const auto& [rp, c] : listing->credentials) {
    std::string hex = fido2::Hex(c.credential_id);
    if (hex == query) {  // an exact ID wins over prefixes
      hits = {&c};
      hit_rp = &rp;
      break;
    }
    if (hex.starts_with(query)) {
      hits.push_back(&c);
      hit_rp = &rp;
    }
  }
  if (hits.empty()) {
    return MakeError(ErrorKind::kNoMatch, "no credential ID starts with " + id);
  }
  if (hits.size() > 1) {
    std::string msg = std::to_string(hits.size()) +
                      " credentials match; give more of the ID:";
    for (const fido2::ResidentCredential* c : hits) {
      msg += "\n  " + c->rp_id + "  " + c->user_name + "  " +
             fido2::Hex(c->credential_id);
    }
    return MakeError(ErrorKind::kNoMatch, msg);
  }
  const fido2::ResidentCredential& c = *hits.front();
  if (!force && StdinIsTerminal() &&
      !Confirm("Delete the credential of " + c.user_name + " at " + hit_rp->id +
               "?")) {
    return MakeError(ErrorKind::kCancelled, "deletion not confirmed");
  }
  fido2::Fido2Device& dev = *listing->session.device;
  if (Status st = dev.DeleteCredential(c.credential_id, listing->pin); !st) {
    return WithPinHint(dev, std::move(st).error());
  }
  std::cout << "Deleted credential " << fido2::Hex(c.credential_id) << " ("
            << c.rp_id << ", " << c.user_name << ").\n";
  return OkStatus();
}

Status RunReset(const CommandContext& ctx, bool force) {
  Status confirmed = ConfirmReset(
      force, "every FIDO2 credential and the PIN",
      "Delete ALL FIDO2 credentials and the FIDO2 PIN from the key?");
  if (!confirmed) return confirmed;
  Result<FidoSession> s = OpenFido(ctx);
  if (!s) return std::move(s).error();
  if (Status st = s->device->Reset(); !st) {
    Error e = std::move(st).error();
    // CTAP 2.1 §6.6: keys allow reset only shortly after power-up.
    if (Is(e, CtapStatus::kNotAllowed)) {
      e.message +=
          "; keys allow reset only within seconds of being "
          "plugged in: re-insert the key and run this again";
    }
    return e;
  }
  std::cout << "FIDO2 application reset.\n";
  return OkStatus();
}

// authenticatorConfig (CTAP 2.1 §6.11): the open key, and its PIN (read
// from stdin like the other commands) when one is set; a key without a PIN
// takes the command without a token.
struct ConfigSession {
  FidoSession session;
  std::optional<SecretBytes> pin;
};

Result<ConfigSession> OpenForConfig(const CommandContext& ctx) {
  Result<FidoSession> s = OpenFido(ctx);
  if (!s) return std::move(s).error();
  ConfigSession out;
  out.session = std::move(s).value();
  Result<fido2::AuthenticatorInfo> info = out.session.device->GetInfo();
  if (!info) return std::move(info).error();
  if (info->Option("authnrCfg") != std::optional<bool>(true)) {
    return MakeError(ErrorKind::kCtap2,
                     "the key does not support authenticatorConfig",
                     static_cast<uint16_t>(CtapStatus::kInvalidCommand));
  }
  if (info->Option("clientPin") == std::optional<bool>(true)) {
    Result<SecretBytes> pin = ReadSecretLine("PIN: ");
    if (!pin) return std::move(pin).error();
    out.pin = std::move(pin).value();
  }
  return out;
}

Status RunToggleAlwaysUv(const CommandContext& ctx) {
  Result<ConfigSession> c = OpenForConfig(ctx);
  if (!c) return std::move(c).error();
  fido2::Fido2Device& dev = *c->session.device;
  if (Status st = dev.ToggleAlwaysUv(c->pin ? &*c->pin : nullptr); !st) {
    return WithPinHint(dev, std::move(st).error());
  }
  Result<fido2::AuthenticatorInfo> info = dev.GetInfo();
  if (!info) return std::move(info).error();
  bool on = info->Option("alwaysUv") == std::optional<bool>(true);
  std::cout << "alwaysUv is now " << (on ? "on" : "off") << ".\n";
  return OkStatus();
}

struct MinPinLengthArgs {
  uint64_t length = 0;
  std::vector<std::string> rp_ids;
  bool force_change_pin = false;
};

Status RunSetMinPinLength(const CommandContext& ctx,
                          const MinPinLengthArgs& a) {
  Result<ConfigSession> c = OpenForConfig(ctx);
  if (!c) return std::move(c).error();
  fido2::Fido2Device& dev = *c->session.device;
  if (Status st = dev.SetMinPinLength(a.length, a.rp_ids, a.force_change_pin,
                                      c->pin ? &*c->pin : nullptr);
      !st) {
    Error e = WithPinHint(dev, std::move(st).error());
    // §6.11.4 step 2: the minimum never decreases.
    if (Is(e, CtapStatus::kPinPolicyViolation)) {
      e.message = "the key refused the minimum PIN length " +
                  std::to_string(a.length) +
                  " (a minimum can only grow, up to 63)";
    }
    return e;
  }
  Result<fido2::AuthenticatorInfo> info = dev.GetInfo();
  if (!info) return std::move(info).error();
  std::cout << "Minimum PIN length is now "
            << info->min_pin_length.value_or(a.length) << ".\n";
  if (info->force_pin_change) {
    std::cout << "The PIN must be changed before its next use: "
                 "'keybridge fido pin change'.\n";
  }
  return OkStatus();
}

void AddFidoSubcommands(CLI::App& fido, CommandContext& ctx) {
  AddCommand<bool>(
      fido, ctx, "info", "Show the FIDO2 part of 'keybridge info'",
      [](const CommandContext& c, bool json) {
        return RunInfo(c, InfoScope::kFido, json);
      },
      [](CLI::App& info, bool& json) {
        info.add_flag("--json", json, "Print JSON (keys as 'info --json')");
      });

  AddGroup(fido, "pin",
           "Set or change the FIDO2 PIN (PINs are read from stdin)",
           [&ctx](CLI::App& pin) {
             AddAction(pin, ctx, "set", "Set the first PIN (new PIN on stdin)",
                       RunPinSet);
             AddAction(pin, ctx, "change",
                       "Change the PIN (current PIN, then new PIN, on stdin)",
                       RunPinChange);
           });

  AddGroup(
      fido, "credentials", "Discoverable credentials (PIN read from stdin)",
      [&ctx](CLI::App& creds) {
        AddCommand<bool>(creds, ctx, "list", "List them", RunCredentialsList,
                         [](CLI::App& list, bool& json) {
                           list.add_flag("--json", json, "Print JSON");
                         });
        AddCommand<DeleteArgs>(
            creds, ctx, "delete", "Delete one by its ID", RunCredentialsDelete,
            [](CLI::App& del, DeleteArgs& a) {
              del.add_option("ID", a.id,
                             "Credential ID in hex, or a unique prefix")
                  ->required();
              del.add_flag("-f,--force", a.force,
                           "Do not ask for confirmation");
            });
      });

  AddGroup(
      fido, "config",
      "Key settings (authenticatorConfig; PIN read from stdin when set)",
      [&ctx](CLI::App& config) {
        AddAction(config, ctx, "toggle-always-uv",
                  "Turn 'always require user verification' on or off",
                  RunToggleAlwaysUv);
        AddCommand<MinPinLengthArgs>(
            config, ctx, "set-min-pin-length",
            "Raise the minimum PIN length (it never decreases)",
            RunSetMinPinLength, [](CLI::App& minlen, MinPinLengthArgs& a) {
              minlen.add_option("N", a.length, "Minimum PIN length (4..63)")
                  ->required()
                  ->check(CLI::Range(4, 63));
              minlen
                  .add_option("--rp-id", a.rp_ids,
                              "RP ID that may read the minimum (minPinLength "
                              "extension); repeat for more")
                  ->allow_extra_args(false);
              minlen.add_flag("--force-change-pin", a.force_change_pin,
                              "Require a PIN change before the PIN's next "
                              "use");
            });
      });

  AddCommand<bool>(fido, ctx, "reset",
                   "Delete all FIDO2 credentials and the PIN (needs a touch)",
                   RunReset, [](CLI::App& reset, bool& force) {
                     reset.add_flag("-f,--force", force,
                                    "Do not ask for confirmation");
                   });
}

}  // namespace

void AddFidoCommands(CLI::App& app, CommandContext& ctx) {
  AddGroup(app, "fido", "FIDO2: info, PIN, credentials, reset",
           [&ctx](CLI::App& fido) { AddFidoSubcommands(fido, ctx); });
}

}  // namespace bridge::cli
