// bridge/trace/trace_line.h: the keysim trace line format (docs/trace.md).
#include "bridge/trace/trace_line.h"

#include <boost/test/unit_test.hpp>

namespace bridge::trace {
namespace {

BOOST_AUTO_TEST_CASE(ParsesAWellFormedLine) {
  auto r = ParseTraceLine("T+0.001234 udp in 3 0aFf10");
  BOOST_TEST_REQUIRE(r.ok());
  BOOST_TEST_REQUIRE(r->has_value());
  const TraceRecord& t = **r;
  BOOST_TEST(t.time == "T+0.001234");
  BOOST_TEST((t.transport == Transport::kUdp));
  BOOST_TEST(t.in);
  BOOST_TEST(t.bytes == (std::vector<uint8_t>{0x0a, 0xff, 0x10}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(ReadsEveryTransportAndDirection) {
  auto u = ParseTraceLine("T+1.5 uhid out 0");
  BOOST_TEST_REQUIRE(u.ok());
  BOOST_TEST((u->value().transport == Transport::kUhid));
  BOOST_TEST(!u->value().in);
  BOOST_TEST(u->value().bytes.empty());
  auto v = ParseTraceLine("T+2.000000 vpcd in 1 04\r");
  BOOST_TEST_REQUIRE(v.ok());
  BOOST_TEST((v->value().transport == Transport::kVpcd));
}

BOOST_AUTO_TEST_CASE(CommentsAndBlankLinesAreNothing) {
  for (const char* line : {"", "   ", "# keysim trace 1", "#"}) {
    auto r = ParseTraceLine(line);
    BOOST_TEST_REQUIRE(r.ok());
    BOOST_TEST(!r->has_value());
  }
}

BOOST_AUTO_TEST_CASE(RejectsMalformedLinesWithAReason) {
  const std::pair<const char*, const char*> cases[] = {
      {"T+0.1 udp in", "expected"},
      {"0.1 udp in 1 00", "bad time"},
      {"T+x.1 udp in 1 00", "bad time"},
      {"T+0.1 usb in 1 00", "unknown transport"},
      {"T+0.1 udp sideways 1 00", "bad direction"},
      {"T+0.1 udp in -1 00", "bad length"},
      {"T+0.1 udp in 99999999 00", "bad length"},
      {"T+0.1 udp in 2 00", "length 2 but 2 hex digits"},
      {"T+0.1 udp in 1 0g", "bad hex"},
      {"T+0.1 udp in 1 00 extra", "expected"},
  };
  for (const auto& [line, reason] : cases) {
    auto r = ParseTraceLine(line);
    BOOST_TEST_REQUIRE(!r.ok(), line);
    BOOST_TEST((r.error().kind == ErrorKind::kInvalidInput));
    BOOST_TEST(r.error().message.find(reason) != std::string::npos,
               line << " → " << r.error().message);
  }
}

BOOST_AUTO_TEST_CASE(ErrorsShowOnlyPrintableText) {
  auto r = ParseTraceLine("\x01\xff+0.1 udp in 0");
  BOOST_TEST_REQUIRE(!r.ok());
  BOOST_TEST(r.error().message.find("bad time '\\x01\\xff+0.1'") == 0u,
             r.error().message);
}

}  // namespace
}  // namespace bridge::trace
