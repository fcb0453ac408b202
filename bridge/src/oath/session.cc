#include "bridge/oath/session.h"

#include <array>
#include <string>

#include "bridge/oath/ccid_access.h"
#include "bridge/oath/code.h"
#include "bridge/oath/label.h"
#include "bridge/oath/status_word.h"

namespace bridge::oath {

Result<std::vector<uint8_t>> OathSession::Run(Apdu& apdu, bool may_need_touch,
                                              bool secret,
                                              std::string_view what) {
  Result<std::vector<uint8_t>> encoded = EncodeApdu(apdu);
  if (secret) WipeBytes(apdu.data);
  if (!encoded) return std::move(encoded).error();
  ExchangeOptions options;
  options.may_need_touch = may_need_touch;
  Result<ApduResponse> r = envelope_.Transmit(*encoded, options);
  if (secret) WipeBytes(*encoded);
  if (!r) return std::move(r).error();
  std::vector<uint8_t> data = std::move(r->data);
  uint16_t sw = r->sw;
  // docs/protocol/oath.md §2.7: SEND REMAINING while SW1 == 0x61.
  while ((sw >> 8) == 0x61) {
    Result<std::vector<uint8_t>> more = EncodeApdu(EncodeSendRemaining());
    Result<ApduResponse> next = envelope_.Transmit(*more, ExchangeOptions{});
    if (!next) return std::move(next).error();
    if (next->data.empty() && (next->sw >> 8) == 0x61) {
      // No progress: a key that keeps announcing more data but sends none
      // would otherwise keep us asking forever.
      return MakeError(
          ErrorKind::kProtocol,
          std::string(what) + ": the key announced more data but sent none");
    }
    if (data.size() + next->data.size() > kMaxResponseBytes) {
      return MakeError(ErrorKind::kProtocol,
                       std::string(what) + ": the key's reply is too long");
    }
    data.insert(data.end(), next->data.begin(), next->data.end());
    sw = next->sw;
  }
  if (sw != kSwSuccess) return StatusWordError(sw, apdu.ins, what);
  return data;
}

Result<SelectInfo> OathSession::Select() {
  Apdu apdu = EncodeSelect();
  Result<std::vector<uint8_t>> data = Run(apdu, false, false, "select");
  if (!data) return std::move(data).error();
  return ParseSelectResponse(*data, envelope_.tlv_length());
}

Status OathSession::RunForStatus(Result<Apdu> apdu, bool may_need_touch,
                                 bool secret, std::string_view what) {
  if (!apdu) return std::move(apdu).error();
  Result<std::vector<uint8_t>> r = Run(*apdu, may_need_touch, secret, what);
  if (!r) return std::move(r).error();
  return OkStatus();
}

Status OathSession::Put(const CredentialData& cred) {
  Result<std::string> name =
      FormatLabel(cred.issuer, cred.account, cred.type, cred.period);
  return RunForStatus(EncodePut(cred), true, true,
                      "add '" + (name ? *name : cred.account) + "'");
}

Status OathSession::Delete(std::string_view name) {
  return RunForStatus(EncodeDelete(name), true, false,
                      "delete '" + std::string(name) + "'");
}

Status OathSession::Reset() {
  Apdu apdu = EncodeReset();
  Result<std::vector<uint8_t>> r = Run(apdu, true, false, "reset");
  if (!r) return std::move(r).error();
  return OkStatus();
}

Result<std::vector<ListEntry>> OathSession::List() {
  const bool ykoath = envelope_.ykoath();
  Apdu apdu = ykoath ? EncodeListV0() : EncodeList();
  Result<std::vector<uint8_t>> data = Run(apdu, false, false, "list");
  if (!data) return std::move(data).error();
  return ParseListResponse(*data, envelope_.tlv_length(), /*v1=*/!ykoath);
}

Result<TruncatedCode> OathSession::Calculate(std::string_view name,
                                             std::span<const uint8_t> challenge,
                                             bool may_need_touch) {
  Result<Apdu> apdu = EncodeCalculate(name, challenge);
  if (!apdu) return std::move(apdu).error();
  Result<std::vector<uint8_t>> data = Run(
      *apdu, may_need_touch, false, "calculate '" + std::string(name) + "'");
  if (!data) return std::move(data).error();
  return ParseCalculateResponse(*data, envelope_.tlv_length());
}

Result<std::vector<CalculateAllEntry>> OathSession::CalculateAll(
    std::span<const uint8_t> challenge) {
  Apdu apdu = EncodeCalculateAll(challenge);
  Result<std::vector<uint8_t>> data = Run(apdu, false, false, "calculate all");
  if (!data) return std::move(data).error();
  return ParseCalculateAllResponse(*data, envelope_.tlv_length());
}

Status OathSession::VerifyPin(const SecretBytes& pin) {
  return RunForStatus(EncodeVerifyPin(pin), true, true, "verify PIN");
}

Status OathSession::SetPin(const SecretBytes& pin) {
  return RunForStatus(EncodeSetPin(pin), true, true, "set PIN");
}

Status OathSession::ChangePin(const SecretBytes& old_pin,
                              const SecretBytes& new_pin) {
  return RunForStatus(EncodeChangePin(old_pin, new_pin), true, true,
                      "change PIN");
}

Status OathSession::Validate(const SecretBytes& password,
                             const SelectInfo& info) {
  if (info.challenge.empty()) return OkStatus();  // no access code set
  Result<SecretBytes> key = DeriveAccessKey(password, info.salt);
  if (!key) return std::move(key).error();
  return ValidateKey(*key, info);
}

Status OathSession::ValidateKey(const SecretBytes& key,
                                const SelectInfo& info) {
  if (info.challenge.empty()) return OkStatus();  // no access code set
  Result<std::array<uint8_t, 8>> host_challenge = RandomChallenge();
  if (!host_challenge) return std::move(host_challenge).error();
  const uint8_t alg = info.algorithm.value_or(0x01);
  Result<Apdu> apdu = EncodeValidate(key, alg, info.challenge, *host_challenge);
  if (!apdu) return std::move(apdu).error();
  Result<std::vector<uint8_t>> data =
      Run(*apdu, false, true, "validate the password");
  if (!data) return std::move(data).error();
  return CheckValidateResponse(*data, envelope_.tlv_length(), key, alg,
                               *host_challenge);
}

Status OathSession::SetCode(const SecretBytes& key) {
  Result<std::array<uint8_t, 8>> challenge = RandomChallenge();
  if (!challenge) return std::move(challenge).error();
  return RunForStatus(EncodeSetCode(key, *challenge), false, true,
                      "set the password");
}

Status OathSession::ClearCode() {
  return RunForStatus(EncodeClearCode(), false, false, "clear the password");
}

Result<std::string> CalculateCode(OathSession& session, const ListEntry& entry,
                                  int64_t unix_time) {
  std::array<uint8_t, 8> challenge{};
  if (entry.type == OathType::kTotp) {
    const Label label = ParseLabel(entry.name, entry.type);
    challenge = TimeChallenge(TimeStep(unix_time, label.period));
  }
  Result<TruncatedCode> code = session.Calculate(
      entry.name, challenge,
      /*may_need_touch=*/entry.touch || !entry.has_properties);
  if (!code) return std::move(code).error();
  return FormatCode(code->value, code->digits);
}

Result<std::vector<AccountCode>> ListAccountCodes(OathSession& session,
                                                  int64_t unix_time) {
  std::vector<AccountCode> out;
  if (!session.ykoath()) {
    Result<std::vector<ListEntry>> listed = session.List();
    if (!listed) return std::move(listed).error();
    for (ListEntry& e : *listed) out.push_back({std::move(e), std::nullopt});
    return out;
  }
  const std::array<uint8_t, 8> challenge =
      TimeChallenge(TimeStep(unix_time, kDefaultPeriod));
  Result<std::vector<CalculateAllEntry>> all = session.CalculateAll(challenge);
  if (!all) return std::move(all).error();
  for (CalculateAllEntry& c : *all) {
    AccountCode a;
    a.entry.name = std::move(c.name);
    switch (c.kind) {
      case CalculateAllEntry::Kind::kCode:
        a.entry.has_properties = true;
        if (ParseLabel(a.entry.name, OathType::kTotp).period ==
            kDefaultPeriod) {
          a.code = FormatCode(c.code.value, c.code.digits);
        }
        break;
      case CalculateAllEntry::Kind::kHotp:
        a.entry.type = OathType::kHotp;
        break;
      case CalculateAllEntry::Kind::kTouch:
        a.entry.has_properties = true;
        a.entry.touch = true;
        break;
    }
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace bridge::oath
