// IniDocument: an INI file in the dialect the AWS CLI reads, kept line by
// line so that an edit changes only the lines it must (docs/aws.md §2.2, §2.3).
//
// Contract: Parse() follows botocore's configloader, which uses Python's
// configparser.RawConfigParser with its defaults:
//   - `[name]` headers: the name is everything between the first `[` and the
//     last `]`, untrimmed (`[ profile x ]` is not a profile, as in botocore);
//   - `key = value` or `key : value`; keys are lower-cased, keys and values
//     are trimmed; no interpolation, no inline comments (`a = b # c` has the
//     value `b # c`);
//   - lines whose first non-blank character is `#` or `;` are comments;
//   - a line indented deeper than its key's line continues that value (the
//     value gets `\n` + the trimmed line: botocore's nested `s3 =` blocks);
//   - a `[DEFAULT]` section gives fallback values to every section;
//   - errors: a key line before any header, a line with no `=`/`:`, an empty
//     key, a repeated section or a repeated key in one section. Each error is
//     kInvalidInput naming the 1-based line; the CLI itself refuses such a
//     file ("Unable to parse config file").
// Set() replaces a key's line (and its continuation lines) in place, or adds
// `key = value` after the section's last entry, or appends a new section at
// the end; all other bytes (comments, blank lines, spacing, CRLF endings) are
// kept. Values with a newline are refused. Serialize() returns the text.
#ifndef BRIDGE_AWS_INI_H_
#define BRIDGE_AWS_INI_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bridge/error.h"

namespace bridge::aws {

class IniDocument {
 public:
  static Result<IniDocument> Parse(std::string_view text);

  // Section names in file order ([DEFAULT] excluded, as in configparser).
  std::vector<std::string> SectionNames() const;
  bool HasSection(std::string_view section) const;
  // The value of `key` (matched lower-cased) in `section`, or in [DEFAULT].
  std::optional<std::string> Get(std::string_view section,
                                 std::string_view key) const;

  Status Set(std::string_view section, std::string_view key,
             std::string_view value);

  std::string Serialize() const;

 private:
  struct Entry {
    std::string key;  // lower-cased
    std::string value;
    size_t first_line = 0;  // index into lines_
    size_t last_line = 0;   // inclusive, continuation lines included
  };
  struct Section {
    std::string name;
    size_t header_line = 0;
    std::vector<Entry> entries;
  };

  Status Index();
  const Section* FindSection(std::string_view name) const;

  std::vector<std::string> lines_;  // without their '\n'
  bool trailing_newline_ = true;
  bool crlf_ = false;
  std::vector<Section> sections_;
};

}  // namespace bridge::aws

#endif  // BRIDGE_AWS_INI_H_
