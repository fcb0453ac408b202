// FaultInjector (simulator/src/fault_injector.h): seeded and reproducible.
#include "fault_injector.h"

#include <boost/test/unit_test.hpp>
#include <vector>

namespace keysim {
namespace {

std::vector<FaultDecision> Run(FaultInjector& f, int n,
                               FaultDirection d = FaultDirection::kIn) {
  std::vector<FaultDecision> out;
  for (int i = 0; i < n; ++i) out.push_back(f.Decide(d));
  return out;
}

bool Same(const FaultDecision& a, const FaultDecision& b) {
  return a.drop == b.drop && a.duplicate == b.duplicate &&
         a.corrupt == b.corrupt && a.corrupt_index == b.corrupt_index &&
         a.corrupt_mask == b.corrupt_mask && a.delay_ms == b.delay_ms &&
         a.reorder == b.reorder;
}

FaultConfig Mixed(uint64_t seed) {
  FaultConfig c;
  c.seed = seed;
  c.drop = 0.2;
  c.duplicate = 0.2;
  c.corrupt = 0.2;
  c.delay = 0.1;
  c.reorder = 0.1;
  c.delay_min_ms = 5;
  c.delay_max_ms = 9;
  return c;
}

BOOST_AUTO_TEST_SUITE(fault_injector)

BOOST_AUTO_TEST_CASE(off_by_default_and_after_off) {
  FaultInjector f;
  BOOST_TEST(!f.active());
  for (const auto& d : Run(f, 100)) BOOST_TEST(!d.any());
  f.Configure(Mixed(1));
  f.Off();
  for (const auto& d : Run(f, 100)) BOOST_TEST(!d.any());
}

BOOST_AUTO_TEST_CASE(same_seed_same_decisions) {
  FaultInjector a, b;
  a.Configure(Mixed(42));
  b.Configure(Mixed(42));
  auto da = Run(a, 500), db = Run(b, 500);
  for (size_t i = 0; i < da.size(); ++i) BOOST_TEST(Same(da[i], db[i]));
  // Configuring again restarts the sequence.
  a.Configure(Mixed(42));
  auto again = Run(a, 500);
  for (size_t i = 0; i < da.size(); ++i) BOOST_TEST(Same(da[i], again[i]));
  // Another seed gives another sequence.
  FaultInjector c;
  c.Configure(Mixed(43));
  auto dc = Run(c, 500);
  size_t differ = 0;
  for (size_t i = 0; i < da.size(); ++i) differ += Same(da[i], dc[i]) ? 0 : 1;
  BOOST_TEST(differ > 50u);
}

BOOST_AUTO_TEST_CASE(rates_follow_probabilities_and_are_counted) {
  FaultInjector f;
  FaultConfig c;
  c.seed = 7;
  c.drop = 0.25;
  f.Configure(c);
  int dropped = 0;
  for (const auto& d : Run(f, 4000)) {
    dropped += d.drop ? 1 : 0;
    BOOST_TEST(!d.duplicate);
    BOOST_TEST(!d.corrupt);
  }
  BOOST_TEST(dropped > 850);
  BOOST_TEST(dropped < 1150);
  BOOST_TEST(f.counts().dropped == static_cast<uint64_t>(dropped));
  BOOST_TEST(f.counts().corrupted == 0u);
}

BOOST_AUTO_TEST_CASE(certain_faults_and_their_shape) {
  FaultInjector f;
  FaultConfig c;
  c.corrupt = 1;
  c.duplicate = 1;
  c.delay = 1;
  c.reorder = 1;  // delay wins
  c.delay_min_ms = 5;
  c.delay_max_ms = 9;
  f.Configure(c);
  for (const auto& d : Run(f, 200)) {
    BOOST_TEST(d.corrupt);
    BOOST_TEST(d.corrupt_index < 64);
    BOOST_TEST(
        (d.corrupt_mask != 0 && (d.corrupt_mask & (d.corrupt_mask - 1)) == 0));
    BOOST_TEST(d.duplicate);
    BOOST_TEST(d.delay_ms >= 5u);
    BOOST_TEST(d.delay_ms <= 9u);
    BOOST_TEST(!d.reorder);
  }
  BOOST_TEST(f.counts().delayed == 200u);
  BOOST_TEST(f.counts().reordered == 0u);
}

BOOST_AUTO_TEST_CASE(direction_selects_reports) {
  FaultInjector f;
  FaultConfig c;
  c.drop = 1;
  c.in = false;
  f.Configure(c);
  BOOST_TEST(!f.Decide(FaultDirection::kIn).drop);
  BOOST_TEST(f.Decide(FaultDirection::kOut).drop);
  // Unselected reports draw nothing: the out sequence is the same with or
  // without in-reports between.
  FaultInjector a, b;
  FaultConfig m = Mixed(9);
  m.in = false;
  a.Configure(m);
  b.Configure(m);
  for (int i = 0; i < 100; ++i) {
    a.Decide(FaultDirection::kIn);
    BOOST_TEST(
        Same(a.Decide(FaultDirection::kOut), b.Decide(FaultDirection::kOut)));
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keysim
