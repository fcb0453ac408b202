#include "control_handler.h"

#include <openssl/crypto.h>

#include <exception>
#include <nlohmann/json.hpp>
#include <variant>

#include "base64url.h"
#include "key_codec.h"

namespace keysim {
namespace {

using nlohmann::json;

json Ok() { return json{{"ok", true}}; }

json Error(const std::string& message) {
  return json{{"ok", false}, {"error", message}};
}

std::string Dump(const json& answer) {
  // Names stored on the key may not be valid UTF-8: replace, never throw.
  return answer.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string AdminErrorText(hsm::ctap2::AdminError e) {
  switch (e) {
    case hsm::ctap2::AdminError::kInvalidArgument:
      return "invalid credential: rp_id 1..255 bytes, user_id 1..64 bytes, "
             "private_key a P-256 scalar in [1, n-1]";
    case hsm::ctap2::AdminError::kKeyStoreFull:
      return "no room for another resident credential";
    case hsm::ctap2::AdminError::kStorage:
      return "the key could not store its state";
    case hsm::ctap2::AdminError::kNotFound:
      return "no such credential";
    case hsm::ctap2::AdminError::kCrypto:
      return "a cryptographic operation failed";
  }
  return "credential error";
}

json Describe(const hsm::ctap2::CredentialInfo& c, uint32_t sign_count) {
  json j{{"credential_id", EncodeBase64Url(c.id)},
         {"rp_id", c.rp_id},
         {"resident", c.resident},
         {"alg", c.alg},
         {"public_key_cose", EncodeBase64Url(c.cose_public_key)},
         {"sign_count", sign_count}};
  if (auto pem = PublicKeyPem(c.public_key)) j["public_key_pem"] = *pem;
  if (c.resident) {
    j["user_id"] = EncodeBase64Url(c.user_id);
    j["user_name"] = c.user_name;
    j["user_display_name"] = c.user_display_name;
  }
  return j;
}

json FaultsJson(const FaultInjector& faults) {
  if (!faults.active()) return json{{"active", false}};
  const FaultConfig& c = faults.config();
  return json{{"active", true},
              {"seed", c.seed},
              {"drop", c.drop},
              {"duplicate", c.duplicate},
              {"corrupt", c.corrupt},
              {"delay", c.delay},
              {"delay_ms", {c.delay_min_ms, c.delay_max_ms}},
              {"reorder", c.reorder},
              {"direction", c.in && c.out ? "both"
                            : c.in        ? "in"
                                          : "out"}};
}

json CountsJson(const FaultCounts& c) {
  return json{{"dropped", c.dropped},
              {"duplicated", c.duplicated},
              {"corrupted", c.corrupted},
              {"delayed", c.delayed},
              {"reordered", c.reordered}};
}

}  // namespace

std::string ControlHandler::Handle(std::string_view text) {
  try {
    ParsedRequest parsed = ParseControlRequest(text);
    if (!parsed.request) return Dump(Error(parsed.error));
    return Execute(*parsed.request);
  } catch (const std::exception& e) {
    return Dump(Error(std::string("internal error: ") + e.what()));
  }
}

std::string ControlHandler::Execute(const ControlRequest& request) {
  json answer = std::visit(
      [this](const auto& r) -> json {
        using T = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<T, PresenceRequest>) {
          if (r.policy) platform_.set_presence_policy(*r.policy);
          if (r.next) {
            platform_.set_presence_queue({r.next->begin(), r.next->end()});
          }
          return Ok();
        } else if constexpr (std::is_same_v<T, TouchRequest>) {
          platform_.Touch();
          return Ok();
        } else if constexpr (std::is_same_v<T, PowerCycleRequest>) {
          device_.PowerCycle();
          return Ok();
        } else if constexpr (std::is_same_v<T, StatusRequest>) {
          hsm::DeviceSummary s = device_.Summary();
          json next = json::array();
          for (PresenceAnswer a : platform_.presence_queue()) {
            next.push_back(AnswerName(a));
          }
          json j = Ok();
          j["presence"] = PolicyName(platform_.presence_policy());
          j["presence_next"] = next;
          j["serial"] = s.serial;
          j["credentials"] = {{"oath", s.oath_credentials},
                              {"fido_resident", s.fido_resident_credentials}};
          j["fido_pin_set"] = s.fido_pin_set;
          j["sign_count"] = s.fido_sign_counter;
          j["faults"] = FaultsJson(faults_);
          return j;
        } else if constexpr (std::is_same_v<T, StatsRequest>) {
          const WireCounts& c = stats_.counts();
          json j = Ok();
          j["reports"] = {{"in", c.reports_in}, {"out", c.reports_out}};
          j["apdus"] = {{"in", c.apdus_in}, {"out", c.apdus_out}};
          j["commands"] = {{"ctaphid", c.ctaphid_commands},
                           {"ctap2", c.ctap2_commands},
                           {"oath", c.oath_commands}};
          j["errors"] = {{"ctaphid", c.ctaphid_errors},
                         {"ctap2", c.ctap2_errors},
                         {"oath", c.oath_errors}};
          j["faults"] = CountsJson(faults_.counts());
          if (r.reset) {
            stats_.Clear();
            faults_.ClearCounts();
          }
          return j;
        } else if constexpr (std::is_same_v<T, FaultsRequest>) {
          if (r.off) {
            faults_.Off();
          } else {
            faults_.Configure(r.config);
          }
          json j = Ok();
          j["faults"] = FaultsJson(faults_);
          return j;
        } else if constexpr (std::is_same_v<T, ClockRequest>) {
          // docs/control.md "clock": the key has no clock to shift.
          return Error(
              "clock: not supported: keysim has no real-time clock; TOTP time "
              "comes from the host in every CALCULATE (docs/protocol/oath.md "
              "decision 5), so shift the host's clock instead");
        } else if constexpr (std::is_same_v<T, ResetStateRequest>) {
          auto status = device_.FactoryReset();
          if (!status.ok()) return Error("reset-state: storage failed");
          json j = Ok();
          j["serial"] = device_.Summary().serial;
          return j;
        } else if constexpr (std::is_same_v<T, InjectCredentialRequest>) {
          auto scalar = P256ScalarFromKey(r.private_key);
          if (!scalar) {
            return Error(
                "inject-credential: \"private_key\" must be a raw 32-byte "
                "P-256 scalar or a PKCS#8 P-256 key (DER), base64url");
          }
          hsm::ctap2::CredentialImport import;
          import.rp_id = r.rp_id;
          import.rp_name = r.rp_name;
          import.user_id = r.user_id;
          import.user_name = r.user_name;
          import.user_display_name = r.user_display_name;
          import.private_key = hsm::SecretBytes(*scalar);
          import.resident = r.resident;
          OPENSSL_cleanse(scalar->data(), scalar->size());
          auto info = device_.ImportCredential(import);
          if (!info.ok()) {
            return Error("inject-credential: " + AdminErrorText(info.error()));
          }
          json j = Describe(*info, device_.Summary().fido_sign_counter);
          j["ok"] = true;
          return j;
        } else if constexpr (std::is_same_v<T, ExportCredentialRequest>) {
          const uint32_t count = device_.Summary().fido_sign_counter;
          json list = json::array();
          if (r.credential_id) {
            std::optional<std::string_view> rp;
            if (r.rp_id) rp = *r.rp_id;
            auto info = device_.DescribeCredential(*r.credential_id, rp);
            if (!info.ok()) {
              return Error("export-credential: " +
                           AdminErrorText(info.error()));
            }
            list.push_back(Describe(*info, count));
          } else {
            auto infos = device_.DescribeResidentCredentials(*r.rp_id);
            if (!infos.ok()) {
              return Error("export-credential: " +
                           AdminErrorText(infos.error()));
            }
            for (const auto& info : *infos) {
              list.push_back(Describe(info, count));
            }
          }
          json j = Ok();
          j["credentials"] = list;
          return j;
        }
      },
      request);
  return Dump(answer);
}

}  // namespace keysim
