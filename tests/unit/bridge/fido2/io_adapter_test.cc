// The libfido2 I/O adapter against a fake PacketLink (docs/protocol/ctap.md §4:
// write gets 65 bytes with report ID 0 and returns 65; read returns exactly 64
// or -1).
#include "bridge/fido2/io_adapter.h"

#include <array>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <numeric>
#include <ostream>

#include "fake_key.h"

namespace bridge::fido2 {

// For Boost.Test messages (found by ADL).
std::ostream& operator<<(std::ostream& os, IoFailure f) {
  return os << "IoFailure(" << static_cast<int>(f) << ")";
}

namespace {

using testing::FakeKey;
using testing::ScriptedLink;
using Clock = std::chrono::steady_clock;

link::Report Numbered(uint8_t first) {
  link::Report r;
  std::iota(r.begin(), r.end(), first);
  return r;
}

long ElapsedMs(Clock::time_point since) {
  return static_cast<long>(
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() -
                                                            since)
          .count());
}

BOOST_AUTO_TEST_SUITE(io_adapter)

BOOST_AUTO_TEST_CASE(write_strips_report_id_and_returns_65) {
  ScriptedLink link;
  IoHandle h(link);
  std::array<unsigned char, 65> buf{};
  buf[0] = 0x00;
  for (size_t i = 1; i < buf.size(); ++i) buf[i] = static_cast<uint8_t>(i);
  BOOST_TEST(h.Write(buf.data(), buf.size()) == 65);
  BOOST_REQUIRE(link.written.size() == 1u);
  const link::Report& sent = link.written[0];
  BOOST_TEST(sent[0] == 1);    // buf[1]
  BOOST_TEST(sent[63] == 64);  // buf[64]
  BOOST_TEST(h.last_failure() == IoFailure::kNone);
}

BOOST_AUTO_TEST_CASE(write_rejects_other_sizes_and_report_ids) {
  ScriptedLink link;
  IoHandle h(link);
  std::array<unsigned char, 66> buf{};
  BOOST_TEST(h.Write(buf.data(), 64) == -1);
  BOOST_TEST(h.Write(buf.data(), 66) == -1);
  BOOST_TEST(h.Write(nullptr, 65) == -1);
  buf[0] = 0x01;  // a report ID we do not use
  BOOST_TEST(h.Write(buf.data(), 65) == -1);
  BOOST_TEST(link.written.empty());
  BOOST_TEST(h.last_failure() == IoFailure::kContract);
}

BOOST_AUTO_TEST_CASE(write_failure_of_the_link_is_minus_one) {
  ScriptedLink link;
  link.fail_io = true;
  IoHandle h(link);
  std::array<unsigned char, 65> buf{};
  BOOST_TEST(h.Write(buf.data(), 65) == -1);
  BOOST_TEST(h.last_failure() == IoFailure::kTransport);
}

BOOST_AUTO_TEST_CASE(read_returns_exactly_64_bytes) {
  ScriptedLink link;
  link.to_host.push_back(Numbered(7));
  IoHandle h(link);
  std::array<unsigned char, 64> buf{};
  BOOST_TEST(h.Read(buf.data(), buf.size(), 1000) == 64);
  BOOST_TEST(buf[0] == 7);
  BOOST_TEST(buf[63] == 70);
}

BOOST_AUTO_TEST_CASE(read_rejects_other_lengths) {
  ScriptedLink link;
  link.to_host.push_back(Numbered(0));
  IoHandle h(link);
  std::array<unsigned char, 65> buf{};
  BOOST_TEST(h.Read(buf.data(), 65, 100) == -1);
  BOOST_TEST(h.Read(buf.data(), 63, 100) == -1);
  BOOST_TEST(h.last_failure() == IoFailure::kContract);
  BOOST_TEST(link.to_host.size() == 1u);  // nothing consumed
}

BOOST_AUTO_TEST_CASE(read_timeout_is_minus_one_and_honours_the_budget) {
  ScriptedLink link;
  IoHandle h(link);
  std::array<unsigned char, 64> buf{};
  auto start = Clock::now();
  BOOST_TEST(h.Read(buf.data(), 64, 250) == -1);
  long ms = ElapsedMs(start);
  BOOST_TEST(ms >= 240);
  BOOST_TEST(ms < 1000);
  BOOST_TEST(h.last_failure() == IoFailure::kTimeout);
  // Waits are sliced so that cancel requests are noticed.
  for (int t : link.read_timeouts) {
    BOOST_TEST(t <= kIoPollSliceMs);
    BOOST_TEST(t >= 0);
  }
}

BOOST_AUTO_TEST_CASE(read_with_zero_budget_still_polls_once) {
  ScriptedLink link;
  link.to_host.push_back(Numbered(1));
  IoHandle h(link);
  std::array<unsigned char, 64> buf{};
  BOOST_TEST(h.Read(buf.data(), 64, 0) == 64);
  BOOST_TEST(h.Read(buf.data(), 64, 0) == -1);
  BOOST_TEST(h.last_failure() == IoFailure::kTimeout);
}

BOOST_AUTO_TEST_CASE(negative_budget_waits_past_many_slices) {
  ScriptedLink link;
  link.to_host.push_back(Numbered(9));
  link.empty_reads_before_data = 25;
  IoHandle h(link);
  std::array<unsigned char, 64> buf{};
  BOOST_TEST(h.Read(buf.data(), 64, -1) == 64);
  BOOST_TEST(buf[0] == 9);
  BOOST_TEST(link.read_timeouts.size() == 26u);
}

BOOST_AUTO_TEST_CASE(read_failure_of_the_link_is_minus_one) {
  ScriptedLink link;
  link.fail_io = true;
  IoHandle h(link);
  std::array<unsigned char, 64> buf{};
  BOOST_TEST(h.Read(buf.data(), 64, -1) == -1);
  BOOST_TEST(h.last_failure() == IoFailure::kTransport);
}

BOOST_AUTO_TEST_CASE(keepalives_are_shown_to_the_hook_and_passed_on) {
  ScriptedLink link;
  link.to_host.push_back(FakeKey::Frame(0x11223344, 0x3B, {0x02}));
  IoHandle h(link);
  std::vector<uint8_t> seen;
  h.hooks().on_keepalive = [&](uint8_t s) { seen.push_back(s); };
  std::array<unsigned char, 64> buf{};
  BOOST_TEST(h.Read(buf.data(), 64, 100) == 64);
  BOOST_TEST(buf[4] == 0xBB);
  BOOST_REQUIRE(seen.size() == 1u);
  BOOST_TEST(seen[0] == 2);
}

BOOST_AUTO_TEST_CASE(cancel_is_sent_once_and_bounded_by_the_grace_period) {
  ScriptedLink link;
  IoHandle h(link);
  std::atomic<bool> cancel{true};
  int sent = 0;
  h.hooks().cancel = &cancel;
  h.hooks().send_cancel = [&] { ++sent; };
  std::array<unsigned char, 64> buf{};
  auto start = Clock::now();
  BOOST_TEST(h.Read(buf.data(), 64, -1) == -1);
  long ms = ElapsedMs(start);
  BOOST_TEST(h.last_failure() == IoFailure::kCancelled);
  BOOST_TEST(sent == 1);
  BOOST_TEST(ms >= kCancelGraceMs - 20);
  BOOST_TEST(ms < kCancelGraceMs + 1000);
  // The next read in the same operation sends no second CANCEL.
  BOOST_TEST(h.Read(buf.data(), 64, -1) == -1);
  BOOST_TEST(sent == 1);
  h.BeginOperation();
  BOOST_TEST(h.last_failure() == IoFailure::kNone);
}

BOOST_AUTO_TEST_CASE(answer_after_cancel_is_still_delivered) {
  ScriptedLink link;
  IoHandle h(link);
  std::atomic<bool> cancel{true};
  h.hooks().cancel = &cancel;
  h.hooks().send_cancel = [&] {
    link.to_host.push_back(FakeKey::Frame(0x11223344, 0x10, {0x2D}));
  };
  std::array<unsigned char, 64> buf{};
  BOOST_TEST(h.Read(buf.data(), 64, -1) == 64);
  BOOST_TEST(buf[7] == 0x2D);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(registry_and_open)

BOOST_AUTO_TEST_CASE(registered_links_open_by_path_until_unregistered) {
  ScriptedLink link;
  std::string path;
  {
    ScopedLinkRegistration reg(link);
    path = reg.path();
    BOOST_TEST(path.rfind(kRegisteredPathPrefix, 0) == 0u);
    BOOST_TEST(path.rfind(kNfcPathPrefix, 0) != 0u);
    void* h = LinkIo().open(path.c_str());
    BOOST_REQUIRE(h != nullptr);
    std::array<unsigned char, 65> buf{};
    buf[1] = 0xAB;
    BOOST_TEST(LinkIo().write(h, buf.data(), buf.size()) == 65);
    BOOST_REQUIRE(link.written.size() == 1u);
    BOOST_TEST(link.written[0][0] == 0xAB);
    LinkIo().close(h);
  }
  BOOST_TEST(LinkIo().open(path.c_str()) == nullptr);
}

BOOST_AUTO_TEST_CASE(two_registrations_get_distinct_paths) {
  ScriptedLink a, b;
  ScopedLinkRegistration ra(a), rb(b);
  BOOST_TEST(ra.path() != rb.path());
  BOOST_TEST(LinkRegistry::Global().Find(ra.path()) == &a);
  BOOST_TEST(LinkRegistry::Global().Find(rb.path()) == &b);
}

BOOST_AUTO_TEST_CASE(nfc_and_unknown_paths_do_not_open) {
  BOOST_TEST(IoOpen("nfc:/dev/whatever") == nullptr);
  BOOST_TEST(IoOpen("keybridge-link:999999") == nullptr);
  BOOST_TEST(IoOpen("not-a-device") == nullptr);
  BOOST_TEST(IoOpen(nullptr) == nullptr);
  BOOST_TEST(IoRead(nullptr, nullptr, 64, 0) == -1);
  BOOST_TEST(IoWrite(nullptr, nullptr, 65) == -1);
}

BOOST_AUTO_TEST_CASE(udp_paths_open_an_owned_link) {
  // UDP needs no peer to open; the adapter owns and closes the link.
  void* h = IoOpen("udp:127.0.0.1:9");
  BOOST_REQUIRE(h != nullptr);
  IoClose(h);
}

BOOST_AUTO_TEST_CASE(all_four_functions_are_set) {
  const fido_dev_io_t& io = LinkIo();
  BOOST_TEST(io.open != nullptr);
  BOOST_TEST(io.close != nullptr);
  BOOST_TEST(io.read != nullptr);
  BOOST_TEST(io.write != nullptr);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace bridge::fido2
