// Control requests (simulator/src/control_request.h): what parses, and the
// clear errors for everything else (docs/control.md).
#include "control_request.h"

#include <boost/test/unit_test.hpp>
#include <string>

namespace keysim {
namespace {

template <typename T>
T As(const ParsedRequest& p) {
  BOOST_REQUIRE_MESSAGE(p.request.has_value(), p.error);
  BOOST_REQUIRE(std::holds_alternative<T>(*p.request));
  return std::get<T>(*p.request);
}

std::string ErrorOf(const std::string& text) {
  ParsedRequest p = ParseControlRequest(text);
  BOOST_TEST(!p.request.has_value(), text);
  return p.error;
}

BOOST_AUTO_TEST_SUITE(control_request)

BOOST_AUTO_TEST_CASE(simple_commands) {
  As<TouchRequest>(ParseControlRequest(R"({"cmd":"touch"})"));
  As<PowerCycleRequest>(ParseControlRequest("{\"cmd\":\"power-cycle\"}\n"));
  As<StatusRequest>(ParseControlRequest(R"({"cmd":"status"})"));
  As<ResetStateRequest>(ParseControlRequest(R"({"cmd":"reset-state"})"));
  BOOST_TEST(
      As<StatsRequest>(ParseControlRequest(R"({"cmd":"stats"})")).reset ==
      false);
  BOOST_TEST(
      As<StatsRequest>(ParseControlRequest(R"({"cmd":"stats","reset":true})"))
          .reset);
  BOOST_TEST(
      As<ClockRequest>(ParseControlRequest(R"({"cmd":"clock","offset_s":-90})"))
          .offset_s == -90);
}

BOOST_AUTO_TEST_CASE(presence_policy_and_queue) {
  auto p = As<PresenceRequest>(
      ParseControlRequest(R"({"cmd":"presence","policy":"manual"})"));
  BOOST_TEST((p.policy == PresencePolicy::kManual));
  BOOST_TEST(!p.next.has_value());
  auto q = As<PresenceRequest>(ParseControlRequest(
      R"({"cmd":"presence","next":["approve","deny","timeout"]})"));
  BOOST_REQUIRE(q.next.has_value());
  BOOST_REQUIRE_EQUAL(q.next->size(), 3u);
  BOOST_TEST(((*q.next)[1] == PresenceAnswer::kDeny));
  BOOST_TEST(ErrorOf(R"({"cmd":"presence","policy":"sometimes"})")
                 .find("auto, deny, timeout or manual") != std::string::npos);
  BOOST_TEST(!ErrorOf(R"({"cmd":"presence","next":["maybe"]})").empty());
  BOOST_TEST(!ErrorOf(R"({"cmd":"presence"})").empty());
}

BOOST_AUTO_TEST_CASE(faults) {
  auto f = As<FaultsRequest>(ParseControlRequest(
      R"({"cmd":"faults","seed":7,"drop":0.5,"delay_ms":[1,5],"direction":"out"})"));
  BOOST_TEST(!f.off);
  BOOST_TEST(f.config.seed == 7u);
  BOOST_TEST(f.config.drop == 0.5);
  BOOST_TEST(f.config.delay == 1.0);  // a range alone delays every report
  BOOST_TEST(f.config.delay_min_ms == 1u);
  BOOST_TEST(f.config.delay_max_ms == 5u);
  BOOST_TEST(!f.config.in);
  BOOST_TEST(f.config.out);
  BOOST_TEST(
      As<FaultsRequest>(ParseControlRequest(R"({"cmd":"faults","off":true})"))
          .off);
  for (const char* bad :
       {R"({"cmd":"faults","drop":1.5})", R"({"cmd":"faults","drop":"x"})",
        R"({"cmd":"faults","seed":-1})", R"({"cmd":"faults","delay_ms":[5,1]})",
        R"({"cmd":"faults","delay_ms":[1]})",
        R"({"cmd":"faults","direction":"sideways"})",
        R"({"cmd":"faults","off":true,"drop":0.1})",
        R"({"cmd":"faults","dorp":0.1})"}) {
    BOOST_TEST(!ErrorOf(bad).empty(), bad);
  }
}

BOOST_AUTO_TEST_CASE(credentials) {
  auto i = As<InjectCredentialRequest>(ParseControlRequest(
      R"({"cmd":"inject-credential","rp_id":"example.com","user_id":"AQID",)"
      R"("user_name":"alice","private_key":"AAAA","resident":false})"));
  BOOST_TEST(i.rp_id == "example.com");
  BOOST_TEST((i.user_id == std::vector<uint8_t>{1, 2, 3}));
  BOOST_TEST(i.private_key.size() == 3u);
  BOOST_TEST(!i.resident);
  BOOST_TEST(
      ErrorOf(R"({"cmd":"inject-credential","rp_id":"a","user_id":"AQ"})")
          .find("\"private_key\" is required") != std::string::npos);
  BOOST_TEST(ErrorOf(R"({"cmd":"inject-credential","rp_id":"a","user_id":"!",)"
                     R"("private_key":"AA"})")
                 .find("base64url") != std::string::npos);
  auto e = As<ExportCredentialRequest>(
      ParseControlRequest(R"({"cmd":"export-credential","rp_id":"a.b"})"));
  BOOST_TEST(!e.credential_id.has_value());
  BOOST_TEST(*e.rp_id == "a.b");
  BOOST_TEST(!ErrorOf(R"({"cmd":"export-credential"})").empty());
}

BOOST_AUTO_TEST_CASE(bad_requests_get_clear_errors) {
  BOOST_TEST(ErrorOf("touch").find("not JSON") != std::string::npos);
  BOOST_TEST(ErrorOf("{\"cmd\":").find("not JSON") != std::string::npos);
  BOOST_TEST(ErrorOf("[1,2]").find("object") != std::string::npos);
  BOOST_TEST(ErrorOf(R"({"command":"touch"})").find("\"cmd\"") !=
             std::string::npos);
  BOOST_TEST(ErrorOf(R"({"cmd":"launch-missiles"})").find("unknown cmd") !=
             std::string::npos);
  BOOST_TEST(ErrorOf(R"({"cmd":"touch","now":true})").find("unknown member") !=
             std::string::npos);
  BOOST_TEST(!ErrorOf(R"({"cmd":"clock","offset_s":1.5})").empty());
  BOOST_TEST(!ErrorOf(R"({"cmd":"clock","offset_s":99999999999999})").empty());
  BOOST_TEST(!ErrorOf(std::string(70000, ' ')).empty());
  BOOST_TEST(!ErrorOf(std::string("{\"cmd\":\"touch\"}\0x", 17)).empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keysim
