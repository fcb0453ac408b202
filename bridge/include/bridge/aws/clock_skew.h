// How far the host clock is from AWS's (docs/aws.md §7).
//
// Contract:
//   - ParseHttpDate reads an RFC 9110 §5.6.7 IMF-fixdate
//     (`Sun, 06 Nov 1994 08:49:37 GMT`) into Unix seconds; anything else is
//     nullopt.
//   - DateFromCliDebug finds the `Date` header of the last answer in the
//     AWS CLI's `--debug` log (the botocore line `Response headers: {…,
//     'Date': '…', …}`) and parses it; nullopt if there is none.
//   - The skew record (clock-skew.json in the cache folder, 0600) keeps the
//     last measured offset (AWS time minus host time, whole seconds) and
//     when it was measured; LoadSkew returns it while younger than
//     kSkewRecordLifetime, else nullopt.
//   - A skew under kSkewTolerance is not one: AWS accepts a code one step
//     either side (docs/aws.md §3.1), and the Date header has whole seconds.
//     Beyond kMaxCorrectableSkew (AWS refuses SigV4 requests more than
//     15 minutes off) keybridge stops and names the offset.
#ifndef BRIDGE_AWS_CLOCK_SKEW_H_
#define BRIDGE_AWS_CLOCK_SKEW_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "bridge/error.h"

namespace bridge::aws {

inline constexpr int64_t kSkewTolerance = 10;
inline constexpr int64_t kMaxCorrectableSkew = 15 * 60;
inline constexpr int64_t kSkewRecordLifetime = 24 * 3600;

std::optional<int64_t> ParseHttpDate(std::string_view text);
std::optional<int64_t> DateFromCliDebug(std::string_view debug_log);

// "2 min 5 s ahead of" / "90 s behind": the host relative to AWS.
std::string DescribeSkew(int64_t aws_minus_host);

struct SkewRecord {
  int64_t offset = 0;  // AWS time minus host time
  int64_t measured_at = 0;
};

std::string EncodeSkewRecord(const SkewRecord& r);
std::optional<SkewRecord> DecodeSkewRecord(std::string_view text);

std::optional<int64_t> LoadSkew(const std::string& cache_dir, double now);
Status StoreSkew(const std::string& cache_dir, const SkewRecord& r);

}  // namespace bridge::aws

#endif  // BRIDGE_AWS_CLOCK_SKEW_H_
