#define BOOST_TEST_MODULE secret
#include "secret/secret_bytes.h"

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace secret {
namespace {

const std::vector<uint8_t> kBytes = {1, 2, 3, 4, 5};

BOOST_AUTO_TEST_CASE(clone_and_equals_compare_contents_and_size) {
  SecretBytes s(kBytes);
  SecretBytes copy = s.Clone();
  BOOST_TEST(copy.Equals(kBytes));
  BOOST_TEST(!copy.Equals(std::vector<uint8_t>{1, 2, 3, 4, 6}));
  BOOST_TEST(!copy.Equals(std::vector<uint8_t>{1, 2, 3, 4}));
  BOOST_TEST(SecretBytes().Equals({}));
  BOOST_TEST(SecretBytes(size_t{3}).Equals(std::vector<uint8_t>(3, 0)));
}

// Every length from 0 to 40 (under a word, whole words, and words with an
// overlapping tail) and a difference at every position, in every bit.
BOOST_AUTO_TEST_CASE(equals_sees_a_difference_anywhere) {
  for (size_t n = 0; n <= 40; ++n) {
    std::vector<uint8_t> bytes(n);
    for (size_t i = 0; i < n; ++i) bytes[i] = static_cast<uint8_t>(7 * i + 1);
    const SecretBytes s(bytes);
    BOOST_TEST(s.Equals(bytes), "length " << n);
    for (size_t i = 0; i < n; ++i) {
      for (int bit = 0; bit < 8; ++bit) {
        std::vector<uint8_t> other = bytes;
        other[i] ^= static_cast<uint8_t>(1 << bit);
        BOOST_TEST(!s.Equals(other), "length " << n << " byte " << i);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(move_leaves_the_source_empty) {
  SecretBytes a(kBytes);
  SecretBytes b(std::move(a));
  BOOST_TEST(a.empty());  // NOLINT(bugprone-use-after-move): the contract
  BOOST_TEST(b.Equals(kBytes));
  SecretBytes c;
  c = std::move(b);
  BOOST_TEST(b.empty());  // NOLINT(bugprone-use-after-move)
  BOOST_TEST(c.Equals(kBytes));
}

BOOST_AUTO_TEST_CASE(append_keeps_contents_across_growth) {
  SecretBytes s;
  s.Reserve(2);
  std::string text;
  for (int i = 0; i < 300; ++i) {
    const char ch = static_cast<char>('a' + i % 26);
    s.Append(static_cast<uint8_t>(ch));
    text.push_back(ch);
  }
  BOOST_TEST(s.as_string_view() == text);
  s.Clear();
  BOOST_TEST(s.empty());
}

BOOST_AUTO_TEST_CASE(wipe_helpers_empty_their_buffers) {
  std::string text = "a secret that is longer than the small-string buffer";
  WipeString(text);
  BOOST_TEST(text.empty());
  std::vector<uint8_t> bytes = kBytes;
  WipeBytes(bytes);
  BOOST_TEST(bytes.empty());
}

}  // namespace
}  // namespace secret
