// `keybridge oath accounts add|uri|list|code|delete` (ykman-shaped;
// docs/protocol/oath.md decisions 5–6, §2.3, §3 name convention, §7 otpauth
// URIs); `--pin` for Nitrokey 3 PIN-protected accounts (§2.9.1).
#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "bridge/cli/account_match.h"
#include "bridge/cli/commands.h"
#include "bridge/cli/pin_unlock.h"
#include "bridge/cli/terminal.h"
#include "bridge/oath/base32.h"
#include "bridge/oath/code.h"
#include "bridge/oath/label.h"
#include "bridge/oath/otpauth.h"
#include "bridge/oath/qr_image.h"
#include "bridge/oath/status_word.h"

namespace bridge::cli {
namespace {

using oath::HashAlgorithm;
using oath::ListEntry;
using oath::OathType;

struct AddOptions {
  std::string name;
  std::string issuer;
  std::string algorithm = "SHA1";
  int digits = 6;
  uint32_t period = oath::kDefaultPeriod;
  bool touch = false;
  bool hotp = false;
  uint32_t counter = 0;
  bool counter_given = false;
  bool period_given = false;
  std::string qr;  // PNG with an otpauth:// QR code (AWS seed guide Step 6)
};

Status PutCredential(const CommandContext& ctx,
                     const oath::CredentialData& cred) {
  Result<std::string> name =
      oath::FormatLabel(cred.issuer, cred.account, cred.type, cred.period);
  if (!name) return std::move(name).error();
  return RunOnOath(
      ctx.global, [&](oath::OathSession& s) { return s.Put(cred); },
      "Added '" + *name + "'.");
}

// `add --qr FILE.png`: the URI inside the QR code defines the account; NAME
// and --issuer, when given, rename it.
Status RunAddFromQr(const CommandContext& ctx, const AddOptions& o) {
  Result<SecretBytes> uri = oath::DecodeQrImage(o.qr);
  if (!uri) return std::move(uri).error();
  Result<oath::CredentialData> cred =
      oath::ParseOtpauthUri(uri->as_string_view());
  if (!cred) return std::move(cred).error();
  if (!o.name.empty()) cred->account = o.name;
  if (!o.issuer.empty()) cred->issuer = o.issuer;
  cred->touch = o.touch;
  return PutCredential(ctx, *cred);
}

Status RunAdd(const CommandContext& ctx, const AddOptions& o) {
  if (!o.qr.empty()) return RunAddFromQr(ctx, o);
  if (o.name.empty()) {
    return MakeError(ErrorKind::kInvalidInput, "NAME is required without --qr");
  }
  oath::CredentialData cred;
  cred.issuer = o.issuer;
  cred.account = o.name;
  if (o.issuer.empty()) {
    // `add Issuer:account` is taken as the label convention
    // (docs/protocol/oath.md §3).
    if (size_t colon = o.name.find(':'); colon != std::string::npos) {
      cred.issuer = o.name.substr(0, colon);
      cred.account = o.name.substr(colon + 1);
    }
  }
  cred.type = o.hotp ? OathType::kHotp : OathType::kTotp;
  std::optional<HashAlgorithm> alg = oath::ParseHashAlgorithm(o.algorithm);
  if (!alg) {
    return MakeError(ErrorKind::kInvalidInput,
                     "--algorithm must be SHA1, SHA256 or SHA512");
  }
  cred.algorithm = *alg;
  cred.digits = static_cast<uint8_t>(o.digits);
  cred.touch = o.touch;
  if (o.hotp) {
    if (o.period_given) {
      return MakeError(ErrorKind::kInvalidInput,
                       "--period applies to TOTP accounts only");
    }
    cred.period = 0;
    cred.counter = o.counter;
  } else {
    if (o.counter_given) {
      return MakeError(ErrorKind::kInvalidInput, "--counter needs --hotp");
    }
    if (o.period == 0) {
      return MakeError(ErrorKind::kInvalidInput, "--period must be > 0");
    }
    cred.period = o.period;
  }
  // Check the name before asking for the secret.
  Result<std::string> name =
      oath::FormatLabel(cred.issuer, cred.account, cred.type, cred.period);
  if (!name) return std::move(name).error();

  Result<SecretBytes> text = ReadSecretLine("Enter a secret key (base32): ");
  if (!text) return std::move(text).error();
  Result<SecretBytes> secret = oath::Base32Decode(text->as_string_view());
  if (!secret) return std::move(secret).error();
  if (secret->size() > oath::kMaxSecretBytes) {
    return MakeError(ErrorKind::kInvalidInput,
                     "the secret is " + std::to_string(secret->size()) +
                         " bytes; at most 125 fit on a key");
  }
  cred.secret = std::move(secret).value();
  return PutCredential(ctx, cred);
}

Status RunUri(const CommandContext& ctx, bool touch) {
  Result<SecretBytes> text = ReadSecretLine("Enter an otpauth:// URI: ");
  if (!text) return std::move(text).error();
  Result<oath::CredentialData> cred =
      oath::ParseOtpauthUri(text->as_string_view());
  if (!cred) return std::move(cred).error();
  cred->touch = touch;
  return PutCredential(ctx, *cred);
}

// Entries that carry OATH codes (TOTP/HOTP), in the key's order.
std::vector<ListEntry> OathEntries(std::vector<ListEntry> all) {
  std::vector<ListEntry> out;
  for (ListEntry& e : all) {
    if (e.type == OathType::kTotp || e.type == OathType::kHotp) {
      out.push_back(std::move(e));
    }
  }
  return out;
}

nlohmann::json EntryJson(const ListEntry& e) {
  oath::Label label = oath::ParseLabel(e.name, e.type);
  nlohmann::json j;
  j["name"] = e.name;
  j["issuer"] = label.issuer.empty() ? nlohmann::json(nullptr)
                                     : nlohmann::json(label.issuer);
  j["account"] = label.account;
  j["type"] = std::string(oath::ToString(e.type));
  j["algorithm"] = std::string(oath::ToString(e.algorithm));
  if (e.type == OathType::kTotp) j["period"] = label.period;
  j["touch"] = e.touch;
  j["pin_protected"] = e.pin_encrypted;
  return j;
}

// LIST; with `unlock`, VERIFY PIN first so the PIN-protected accounts are
// listed too (docs/protocol/oath.md §2.9).
Result<std::vector<ListEntry>> ListOathEntries(oath::OathSession& session,
                                               PinUnlock* unlock) {
  if (unlock != nullptr) {
    if (Status s = unlock->Verify(); !s) return std::move(s).error();
  }
  Result<std::vector<ListEntry>> entries = session.List();
  if (!entries) return std::move(entries).error();
  return OathEntries(std::move(entries).value());
}

struct ListOptions {
  bool json = false;
  bool pin = false;
};

Status RunListAccounts(const CommandContext& ctx, const ListOptions& o) {
  Result<std::unique_ptr<KeyConnection>> key = KeyConnection::Open(ctx.global);
  if (!key) return std::move(key).error();
  std::optional<PinUnlock> unlock;
  if (o.pin) {
    Result<PinUnlock> u = PinUnlock::Start((*key)->oath());
    if (!u) return std::move(u).error();
    unlock.emplace(std::move(u).value());
  }
  Result<std::vector<ListEntry>> entries =
      ListOathEntries((*key)->oath(), unlock ? &*unlock : nullptr);
  if (!entries) return std::move(entries).error();
  const std::vector<ListEntry>& list = *entries;
  if (o.json) {
    nlohmann::json arr = nlohmann::json::array();
    for (const ListEntry& e : list) arr.push_back(EntryJson(e));
    std::cout << arr.dump(2) << "\n";
    return OkStatus();
  }
  for (const ListEntry& e : list) std::cout << e.name << "\n";
  return OkStatus();
}

// Copies type and algorithm from LIST into entries that came from CALCULATE
// ALL (matched by name).
Status MergeListDetails(oath::OathSession& session,
                        std::vector<oath::AccountCode>& entries) {
  Result<std::vector<ListEntry>> listed = session.List();
  if (!listed) return std::move(listed).error();
  for (oath::AccountCode& a : entries) {
    for (const ListEntry& l : *listed) {
      if (l.name == a.entry.name) {
        a.entry.type = l.type;
        a.entry.algorithm = l.algorithm;
        break;
      }
    }
  }
  return OkStatus();
}

struct CodeOptions {
  std::string query;
  bool single = false;
  std::optional<int64_t> time;
  bool json = false;
  bool pin = false;
};

struct CodeRow {
  const ListEntry* entry;
  std::optional<std::string> code;
  std::string note;  // why there is no code
  int64_t valid_from = 0;
  int64_t valid_to = 0;
};

// Whether to ask for the PIN after a query found nothing: only on a terminal
// and only when the key reports a usable PIN (SELECT tag 82, §2.9).
bool OfferPinSearch(oath::OathSession& session) {
  if (!StdinIsTerminal()) return false;
  Result<oath::SelectInfo> info = session.Select();
  if (!info || !info->pin_retries || *info->pin_retries == 0) return false;
  Notify(
      "No account matches; enter the PIN to search the PIN-protected "
      "accounts too.");
  return true;
}

Status RunCode(const CommandContext& ctx, const CodeOptions& o) {
  const int64_t now =
      o.time ? *o.time
             : std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
  Result<std::unique_ptr<KeyConnection>> key = KeyConnection::Open(ctx.global);
  if (!key) return std::move(key).error();
  oath::OathSession& session = (*key)->oath();
  std::optional<PinUnlock> unlock;
  if (o.pin) {
    Result<PinUnlock> u = PinUnlock::Start(session);
    if (!u) return std::move(u).error();
    unlock.emplace(std::move(u).value());
  }
  // Over YKOATH one CALCULATE ALL brings the names and most codes
  // (oath::ListAccountCodes); the rest are calculated one by one below.
  auto list_codes = [&]() -> Result<std::vector<oath::AccountCode>> {
    if (unlock) {
      if (Status s = unlock->Verify(); !s) return std::move(s).error();
    }
    Result<std::vector<oath::AccountCode>> listed =
        oath::ListAccountCodes(session, now);
    if (!listed) return std::move(listed).error();
    std::vector<oath::AccountCode> entries;
    for (oath::AccountCode& a : *listed) {
      if (a.entry.type == OathType::kTotp || a.entry.type == OathType::kHotp) {
        entries.push_back(std::move(a));
      }
    }
    if (o.json && session.ykoath()) {
      // CALCULATE ALL does not name the hash algorithm (nor the type of a
      // touch account); LIST v0 does.
      if (Status s = MergeListDetails(session, entries); !s) {
        return std::move(s).error();
      }
    }
    return entries;
  };
  auto matching = [&](const std::vector<oath::AccountCode>& entries) {
    std::vector<size_t> hits;
    if (o.query.empty()) {
      for (size_t i = 0; i < entries.size(); ++i) hits.push_back(i);
      return hits;
    }
    std::vector<std::string> names;
    for (const oath::AccountCode& a : entries) names.push_back(a.entry.name);
    return SearchAccounts(names, o.query);
  };
  Result<std::vector<oath::AccountCode>> listed = list_codes();
  if (!listed) return std::move(listed).error();
  std::vector<oath::AccountCode> entries = std::move(listed).value();
  std::vector<size_t> hits = matching(entries);
  if (!o.query.empty() && hits.empty() && !unlock && OfferPinSearch(session)) {
    // As nitropy's `secrets get-otp` does: a name not found may be a
    // PIN-protected account (docs/protocol/oath.md §2.9.1); ask for the PIN
    // on the terminal and search again.
    Result<PinUnlock> u = PinUnlock::Start(session);
    if (!u) return std::move(u).error();
    unlock.emplace(std::move(u).value());
    listed = list_codes();
    if (!listed) return std::move(listed).error();
    entries = std::move(listed).value();
    hits = matching(entries);
  }
  if ((o.single || !o.query.empty()) && hits.empty()) {
    return MakeError(ErrorKind::kNoMatch,
                     unlock || session.ykoath()
                         ? "no matching account found"
                         : "no matching account found (PIN-protected "
                           "accounts are searched only with --pin)");
  }
  if (o.single && hits.size() != 1) {
    return MakeError(ErrorKind::kNoMatch,
                     "several accounts match; make the query more specific");
  }
  // ykman: HOTP and touch accounts are calculated only when the query
  // singles them out.
  const bool explicit_one = !o.query.empty() && hits.size() == 1;
  std::vector<CodeRow> rows;
  for (size_t i : hits) {
    const ListEntry& e = entries[i].entry;
    CodeRow row{&e, std::nullopt, "", 0, 0};
    oath::Label label = oath::ParseLabel(e.name, e.type);
    if (e.type == OathType::kTotp) {
      row.valid_from = oath::StepStart(now, label.period);
      row.valid_to = row.valid_from + label.period;
    }
    if (entries[i].code) {
      row.code = entries[i].code;
    } else if (e.type == OathType::kHotp && !explicit_one) {
      row.note = "[HOTP Account]";  // ykman's words
    } else if (e.touch && !explicit_one) {
      row.note = "[Requires Touch]";
    } else {
      if (e.pin_encrypted && unlock) {
        // The authorization of the LIST's VERIFY is used up (§2.9).
        if (Status s = unlock->Verify(); !s) return s;
      }
      Result<std::string> code = oath::CalculateCode(session, e, now);
      if (!code) return std::move(code).error();
      row.code = std::move(code).value();
    }
    rows.push_back(std::move(row));
  }

  if (o.single) {
    const CodeRow& r = rows.front();
    if (!r.code) {
      return MakeError(ErrorKind::kInvalidInput,
                       "no code for " + r.entry->name);
    }
    if (o.json) {
      nlohmann::json j = EntryJson(*r.entry);
      j["code"] = *r.code;
      std::cout << j.dump(2) << "\n";
    } else {
      std::cout << *r.code << "\n";
    }
    return OkStatus();
  }
  if (o.json) {
    nlohmann::json arr = nlohmann::json::array();
    for (const CodeRow& r : rows) {
      nlohmann::json j = EntryJson(*r.entry);
      j["code"] = r.code ? nlohmann::json(*r.code) : nlohmann::json(nullptr);
      if (!r.code) j["note"] = r.note;
      if (r.code && r.entry->type == OathType::kTotp) {
        j["valid_from"] = r.valid_from;
        j["valid_to"] = r.valid_to;
      }
      arr.push_back(std::move(j));
    }
    std::cout << arr.dump(2) << "\n";
    return OkStatus();
  }
  size_t width = 0;
  for (const CodeRow& r : rows) width = std::max(width, r.entry->name.size());
  for (const CodeRow& r : rows) {
    std::cout << r.entry->name
              << std::string(width - r.entry->name.size() + 2, ' ')
              << (r.code ? *r.code : r.note) << "\n";
  }
  return OkStatus();
}

struct DeleteArgs {
  std::string query;  // a name, or a unique part of one
  bool force = false;
};

Status RunDelete(const CommandContext& ctx, const DeleteArgs& a) {
  const std::string& query = a.query;
  const bool force = a.force;
  Result<std::unique_ptr<KeyConnection>> key = KeyConnection::Open(ctx.global);
  if (!key) return std::move(key).error();
  oath::OathSession& session = (*key)->oath();
  Result<std::vector<ListEntry>> listed = session.List();
  if (!listed) return std::move(listed).error();
  std::vector<std::string> names;
  for (const ListEntry& e : *listed) names.push_back(e.name);
  std::vector<size_t> hits = SearchAccounts(names, query);
  if (hits.empty()) {
    return MakeError(ErrorKind::kNoMatch, "no account matches '" + query + "'");
  }
  if (hits.size() > 1) {
    std::string msg = "several accounts match '" + query + "':";
    for (size_t i : hits) msg += " '" + names[i] + "'";
    return MakeError(ErrorKind::kNoMatch, msg);
  }
  const std::string& name = names[hits.front()];
  if (name != query && !force) {
    // Only a partial match: confirm, as ykman does.
    if (!Confirm("Delete account '" + name + "'?")) {
      return MakeError(ErrorKind::kNoMatch,
                       "'" + query + "' only partially matches '" + name +
                           "'; give the full name or --force");
    }
  }
  if (Status s = session.Delete(name); !s) return s;
  std::cout << "Deleted '" << name << "'.\n";
  return OkStatus();
}

void AddAccountCommands(CLI::App& accounts, CommandContext& ctx) {
  AddCommand<AddOptions>(
      accounts, ctx, "add",
      "Add an account; the base32 secret is read from stdin (or prompted "
      "without echo), never from the command line",
      RunAdd, [](CLI::App& add, AddOptions& o) {
        add.add_option("NAME", o.name, "Account name (or ISSUER:ACCOUNT)");
        add.add_option("--qr", o.qr,
                       "Read the account from a PNG holding an otpauth:// QR "
                       "code (as AWS shows for a virtual MFA device)")
            ->check(CLI::ExistingFile);
        add.add_option("-i,--issuer", o.issuer, "Issuer");
        add.add_option("-a,--algorithm", o.algorithm,
                       "SHA1 (default), SHA256 or SHA512")
            ->transform(
                CLI::IsMember({"SHA1", "SHA256", "SHA512"}, CLI::ignore_case));
        add.add_option("-d,--digits", o.digits, "6 (default) or 8")
            ->check(CLI::IsMember({6, 8}));
        add.add_option("-p,--period", o.period,
                       "TOTP period in seconds (default 30)")
            ->each([&o](const std::string&) { o.period_given = true; });
        add.add_flag("-t,--touch", o.touch, "Require a touch for codes");
        add.add_flag("-H,--hotp", o.hotp, "HOTP (counter-based) account");
        add.add_option("-c,--counter", o.counter,
                       "Initial HOTP counter (default 0)")
            ->each([&o](const std::string&) { o.counter_given = true; });
      });

  AddCommand<bool>(accounts, ctx, "uri",
                   "Add an account from an otpauth:// URI read from stdin",
                   RunUri, [](CLI::App& uri, bool& touch) {
                     uri.add_flag("-t,--touch", touch,
                                  "Require a touch for codes");
                   });

  AddCommand<ListOptions>(
      accounts, ctx, "list", "List accounts", RunListAccounts,
      [](CLI::App& list, ListOptions& o) {
        list.add_flag("--json", o.json, "JSON output");
        list.add_flag("--pin", o.pin,
                      "Nitrokey 3: verify the OATH PIN (read from stdin, or "
                      "prompted without echo) to list PIN-protected accounts "
                      "too");
      });

  AddCommand<CodeOptions>(
      accounts, ctx, "code",
      "Show codes; QUERY matches names case-insensitively. HOTP and touch "
      "accounts are calculated only when QUERY selects exactly one",
      RunCode, [](CLI::App& code, CodeOptions& o) {
        code.add_option("QUERY", o.query, "Part of an account name");
        code.add_flag("-s,--single", o.single,
                      "Require exactly one match and print only its code");
        code.add_option_function<int64_t>(
            "--time", [&o](const int64_t& t) { o.time = t; },
            "Unix time to use (default now)");
        code.add_flag("--json", o.json, "JSON output");
        code.add_flag("--pin", o.pin,
                      "Nitrokey 3: verify the OATH PIN (read from stdin, or "
                      "prompted without echo) to show PIN-protected accounts "
                      "too");
      });

  AddCommand<DeleteArgs>(accounts, ctx, "delete",
                         "Delete an account (the key may ask for a touch)",
                         RunDelete, [](CLI::App& del, DeleteArgs& a) {
                           del.add_option("NAME", a.query,
                                          "Account name (or a unique part)")
                               ->required();
                           del.add_flag("-f,--force", a.force,
                                        "Do not confirm a partial-name match");
                         });
}

}  // namespace

void AddOathAccountsCommands(CLI::App& oath, CommandContext& ctx) {
  AddGroup(oath, "accounts", "Manage OATH accounts",
           [&ctx](CLI::App& accounts) { AddAccountCommands(accounts, ctx); });
}

}  // namespace bridge::cli
