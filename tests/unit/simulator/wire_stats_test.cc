// WireStats (simulator/src/wire_stats.h): commands and errors by name from
// the init packets only.
#include "wire_stats.h"

#include <boost/test/unit_test.hpp>
#include <vector>

namespace keysim {
namespace {

std::vector<uint8_t> Init(uint8_t cmd, std::vector<uint8_t> payload) {
  std::vector<uint8_t> r(64, 0);
  r[0] = 0x11;
  r[4] = 0x80 | cmd;
  r[5] = static_cast<uint8_t>(payload.size() >> 8);
  r[6] = static_cast<uint8_t>(payload.size());
  for (size_t i = 0; i < payload.size() && i < 57; ++i) r[7 + i] = payload[i];
  return r;
}

BOOST_AUTO_TEST_SUITE(wire_stats)

BOOST_AUTO_TEST_CASE(names_commands_and_errors) {
  WireStats s;
  s.ReportIn(Init(0x06, std::vector<uint8_t>(8, 1)));
  s.ReportIn(Init(0x10, {0x04}));
  s.ReportIn(Init(0x10, {0x02, 0xA1}));
  s.ReportIn(Init(0x70, {0x00, 0xA2, 0x00, 0x01}));
  s.ReportIn(std::vector<uint8_t>(64, 0));  // continuation: counted only
  s.ReportOut(Init(0x3F, {0x0B}));
  s.ReportOut(Init(0x10, {0x2E}));
  s.ReportOut(Init(0x10, {0x00, 0xA0}));
  s.ReportOut(Init(0x70, {0x6A, 0x82}));
  s.ReportOut(Init(0x70, {0x90, 0x00}));
  s.ApduIn(std::vector<uint8_t>{0x00, 0xA4, 0x04, 0x00});
  s.ApduOut(std::vector<uint8_t>{0x61, 0x10});
  s.ApduOut(std::vector<uint8_t>{0x69, 0x82});
  const WireCounts& c = s.counts();
  BOOST_TEST(c.reports_in == 5u);
  BOOST_TEST(c.reports_out == 5u);
  BOOST_TEST(c.ctaphid_commands.at("INIT") == 1u);
  BOOST_TEST(c.ctaphid_commands.at("CBOR") == 2u);
  BOOST_TEST(c.ctaphid_commands.at("SECRETS") == 1u);
  BOOST_TEST(c.ctap2_commands.at("authenticatorGetInfo") == 1u);
  BOOST_TEST(c.ctap2_commands.at("authenticatorGetAssertion") == 1u);
  BOOST_TEST(c.oath_commands.at("CALCULATE") == 1u);
  BOOST_TEST(c.oath_commands.at("SELECT") == 1u);
  BOOST_TEST(c.ctaphid_errors.at("INVALID_CHANNEL") == 1u);
  BOOST_TEST(c.ctap2_errors.at("CTAP2_ERR_NO_CREDENTIALS") == 1u);
  BOOST_TEST(c.ctap2_errors.size() == 1u);
  BOOST_TEST(c.oath_errors.at("6A82") == 1u);
  BOOST_TEST(c.oath_errors.at("6982") == 1u);
  BOOST_TEST(c.oath_errors.size() == 2u);
  s.Clear();
  BOOST_TEST(s.counts().reports_in == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keysim
