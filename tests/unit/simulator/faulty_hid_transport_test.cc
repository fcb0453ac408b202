// FaultyHidTransport (simulator/src/faulty_hid_transport.h) between a fake
// transport and an echoing device: faults reach the device and the host as
// decided, held reports come out on time, and the statistics count what the
// device saw.
#include "faulty_hid_transport.h"

#include <boost/test/unit_test.hpp>
#include <deque>
#include <vector>

namespace keysim {
namespace {

using hsm::ctaphid::Report;

Report Numbered(uint8_t n) {
  Report r{};
  r[0] = 0x01;  // CID 01000000
  r[4] = 0x81;  // PING init packet
  r[6] = 1;
  r[7] = n;
  return r;
}

class FakeTransport : public HidTransport {
 public:
  std::string description() const override { return "fake"; }
  int fd() const override { return -1; }
  void Receive(HidSink& sink) override {
    while (!incoming.empty()) {
      Report r = incoming.front();
      incoming.pop_front();
      for (const Report& a : sink.OnReport(r)) sent.push_back(a);
    }
  }
  void Offer(std::span<const Report> reports) override {
    sent.insert(sent.end(), reports.begin(), reports.end());
  }
  std::deque<Report> incoming;
  std::vector<Report> sent;
};

// Answers every report with itself, byte 63 set.
class EchoDevice : public HidSink {
 public:
  std::vector<Report> OnReport(std::span<const uint8_t> report) override {
    Report r{};
    std::copy(report.begin(), report.end(), r.begin());
    seen.push_back(r);
    r[63] = 0xAA;
    return {r};
  }
  std::vector<Report> seen;
};

struct Fixture {
  Fixture() {
    auto t = std::make_unique<FakeTransport>();
    fake = t.get();
    transport = std::make_unique<FaultyHidTransport>(
        std::move(t), faults, stats, [this] { return now; });
  }
  void Send(std::initializer_list<uint8_t> numbers) {
    for (uint8_t n : numbers) fake->incoming.push_back(Numbered(n));
    transport->Receive(device);
  }
  std::vector<uint8_t> SeenNumbers() const {
    std::vector<uint8_t> out;
    for (const Report& r : device.seen) out.push_back(r[7]);
    return out;
  }
  std::vector<uint8_t> SentNumbers() const {
    std::vector<uint8_t> out;
    for (const Report& r : fake->sent) out.push_back(r[7]);
    return out;
  }

  uint64_t now = 1000;
  FaultInjector faults;
  WireStats stats;
  EchoDevice device;
  FakeTransport* fake = nullptr;
  std::unique_ptr<FaultyHidTransport> transport;
};

using Numbers = std::vector<uint8_t>;

BOOST_AUTO_TEST_SUITE(faulty_hid_transport)

BOOST_AUTO_TEST_CASE(passes_everything_when_off) {
  Fixture f;
  f.Send({1, 2, 3});
  BOOST_TEST((f.SeenNumbers() == (Numbers{1, 2, 3})));
  BOOST_TEST((f.SentNumbers() == (Numbers{1, 2, 3})));
  BOOST_TEST(f.stats.counts().reports_in == 3u);
  BOOST_TEST(f.stats.counts().reports_out == 3u);
  BOOST_TEST(f.stats.counts().ctaphid_commands.at("PING") == 3u);
}

BOOST_AUTO_TEST_CASE(drop_in_never_reaches_the_device) {
  Fixture f;
  FaultConfig c;
  c.drop = 1;
  c.out = false;
  f.faults.Configure(c);
  f.Send({1, 2});
  BOOST_TEST(f.device.seen.empty());
  BOOST_TEST(f.fake->sent.empty());
  BOOST_TEST(f.stats.counts().reports_in == 0u);
  BOOST_TEST(f.faults.counts().dropped == 2u);
}

BOOST_AUTO_TEST_CASE(duplicate_and_corrupt_out) {
  Fixture f;
  FaultConfig c;
  c.duplicate = 1;
  c.corrupt = 1;
  c.in = false;
  f.faults.Configure(c);
  f.Send({5});
  BOOST_TEST((f.SeenNumbers() == (Numbers{5})));
  BOOST_REQUIRE_EQUAL(f.fake->sent.size(), 2u);
  BOOST_TEST((f.fake->sent[0] == f.fake->sent[1]));
  Report expected = Numbered(5);
  expected[63] = 0xAA;
  BOOST_TEST((f.fake->sent[0] != expected));       // one bit flipped
  BOOST_TEST(f.stats.counts().reports_out == 1u);  // the device made one
}

BOOST_AUTO_TEST_CASE(delayed_reports_come_out_on_time) {
  Fixture f;
  FaultConfig c;
  c.delay = 1;
  c.delay_min_ms = 20;
  c.delay_max_ms = 20;
  c.out = false;
  f.faults.Configure(c);
  f.Send({7});
  BOOST_TEST(f.device.seen.empty());
  f.now += 19;
  f.transport->Offer({});
  BOOST_TEST(f.device.seen.empty());
  f.now += 1;
  f.transport->Offer({});
  BOOST_TEST((f.SeenNumbers() == (Numbers{7})));
  BOOST_TEST((f.SentNumbers() == (Numbers{7})));  // answer offered on release
}

BOOST_AUTO_TEST_CASE(reorder_swaps_with_the_next_report) {
  Fixture f;
  FaultConfig c;
  c.reorder = 1;
  c.in = true;
  c.out = false;
  f.faults.Configure(c);
  f.Send({1});  // held
  f.faults.Off();
  f.Send({2});  // passes, then releases 1
  BOOST_TEST((f.SeenNumbers() == (Numbers{2, 1})));
  // Alone, a reordered report comes out after the hold time.
  f.faults.Configure(c);
  f.Send({3});
  f.now += FaultyHidTransport::kReorderHoldMs;
  f.transport->Offer({});
  BOOST_TEST((f.SeenNumbers() == (Numbers{2, 1, 3})));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keysim
