#include "bridge/aws/clock_skew.h"

#include <boost/test/unit_test.hpp>

#include "test_util.h"

using namespace bridge::aws;
using namespace bridge::aws::testing;

BOOST_AUTO_TEST_SUITE(clock_skew)

// RFC 9110 §5.6.7's own example.
BOOST_AUTO_TEST_CASE(imf_fixdate_parses) {
  BOOST_TEST(*ParseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT") == 784111777);
  BOOST_TEST(*ParseHttpDate("Sat, 05 Dec 2026 04:24:12 GMT") == 1796444652);
  BOOST_TEST(!ParseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT"));
  BOOST_TEST(!ParseHttpDate("Sun, 06 Xyz 1994 08:49:37 GMT"));
  BOOST_TEST(!ParseHttpDate("Sun, 06 Nov 1994 25:49:37 GMT"));
  BOOST_TEST(!ParseHttpDate(""));
}

BOOST_AUTO_TEST_CASE(date_comes_from_the_response_headers_line) {
  std::string log =
      "2026-12-05 04:24:12,804 - MainThread - botocore.endpoint - DEBUG - "
      "Sending http request: <AWSPreparedRequest headers={'X-Amz-Date': "
      "b'20261205T042412Z'}>\n"
      "2026-12-05 04:24:12,825 - MainThread - botocore.parsers - DEBUG - "
      "Response headers: {'Server': 'x', 'Date': 'Sat, 05 Dec 2026 04:25:42 "
      "GMT', 'Content-Type': 'text/xml'}\n";
  BOOST_TEST(*DateFromCliDebug(log) == 1796444742);
  BOOST_TEST(!DateFromCliDebug("Response headers: {'Server': 'x'}\n"));
  BOOST_TEST(!DateFromCliDebug("Response headers: {'Date': 'garbage'}"));
}

BOOST_AUTO_TEST_CASE(skew_is_described_from_the_host_side) {
  BOOST_TEST(DescribeSkew(90) == "1 min 30 s behind");
  BOOST_TEST(DescribeSkew(-45) == "45 s ahead of");
}

BOOST_AUTO_TEST_CASE(record_round_trips_and_expires) {
  TempDir dir;
  BOOST_TEST(!LoadSkew(dir.path(), 1000));
  BOOST_REQUIRE(StoreSkew(dir.path(), SkewRecord{-90, 1000}).ok());
  BOOST_TEST(*LoadSkew(dir.path(), 1000 + 3600) == -90);
  BOOST_TEST(!LoadSkew(dir.path(), 1000 + kSkewRecordLifetime + 1));
  BOOST_TEST(
      !DecodeSkewRecord("{\"Version\":1,\"Offset\":100000,"
                        "\"MeasuredAt\":1}"));
  BOOST_TEST(!DecodeSkewRecord("[]"));
}

BOOST_AUTO_TEST_SUITE_END()
