#include "bridge/aws/time_step.h"

#include <boost/test/unit_test.hpp>
#include <cmath>

#include "bridge/aws/clock.h"

using namespace bridge::aws;

BOOST_AUTO_TEST_SUITE(time_step)

constexpr double kStep = 1000;  // step 1000 starts at 30000

BOOST_AUTO_TEST_CASE(fresh_serial_uses_the_current_step) {
  auto p = PlanStep(kStep * 30 + 3, std::nullopt);
  BOOST_REQUIRE(p.ok());
  BOOST_TEST(p->step == 1000);
  BOOST_TEST(p->wait_until == 0);
}

BOOST_AUTO_TEST_CASE(waits_when_too_little_is_left) {
  auto p = PlanStep(kStep * 30 + 26, std::nullopt);  // 4 s left < 5
  BOOST_REQUIRE(p.ok());
  BOOST_TEST(p->step == 1001);
  BOOST_TEST(p->wait_until == 1001 * 30.0);
  p = PlanStep(kStep * 30 + 25, std::nullopt);  // exactly 5 s left
  BOOST_TEST(p->step == 1000);
}

BOOST_AUTO_TEST_CASE(never_reuses_or_goes_back) {
  auto p = PlanStep(kStep * 30 + 1, 1000);  // current step used
  BOOST_REQUIRE(p.ok());
  BOOST_TEST(p->step == 1001);
  BOOST_TEST(p->wait_until == 1001 * 30.0);
  p = PlanStep(kStep * 30 + 1, 999);  // an older step used: fine
  BOOST_TEST(p->step == 1000);
  BOOST_TEST(p->wait_until == 0);
  p = PlanStep(kStep * 30 + 1, 1001);  // clock a bit behind: wait 2 steps
  BOOST_TEST(p->step == 1002);
  BOOST_TEST(p->wait_until == 1002 * 30.0);
  p = PlanStep(kStep * 30 + 1, 1010);  // far ahead: refuse
  BOOST_TEST(!p.ok());
}

BOOST_AUTO_TEST_CASE(two_sessions_in_one_step_with_a_fake_clock) {
  FakeClock clock(kStep * 30 + 10);
  std::optional<int64_t> used;
  std::vector<int64_t> sent;
  for (int i = 0; i < 3; ++i) {
    auto p = PlanStep(clock.Now(), used);
    BOOST_REQUIRE(p.ok());
    if (p->wait_until > 0) clock.SleepUntil(p->wait_until);
    BOOST_TEST(StepAt(clock.Now()) == p->step);
    sent.push_back(p->step);
    used = p->step;
    clock.Advance(1);
  }
  BOOST_TEST(sent == (std::vector<int64_t>{1000, 1001, 1002}),
             boost::test_tools::per_element());
  BOOST_TEST(clock.sleeps() == 2);
}

BOOST_AUTO_TEST_CASE(time_offset_parsing) {
  BOOST_TEST(*ParseTimeOffset(std::nullopt) == 0.0);
  BOOST_TEST(*ParseTimeOffset(std::string("-12.5")) == -12.5);
  BOOST_TEST(!ParseTimeOffset(std::string("12s")).ok());
}

BOOST_AUTO_TEST_CASE(whole_seconds_are_floor_and_ceil) {
  for (double t : {0.0, 0.25, 0.999, 1.0, 29.5, -0.5, -1.0, -1.75, 1733400000.0,
                   1733400000.999999, -1733400000.5}) {
    BOOST_TEST_CONTEXT("t = " << t) {
      BOOST_TEST(FloorSeconds(t) == static_cast<int64_t>(std::floor(t)));
      BOOST_TEST(CeilSeconds(t) == static_cast<int64_t>(std::ceil(t)));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
