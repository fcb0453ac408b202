#include "bridge/aws/ini.h"

#include <boost/test/unit_test.hpp>

using bridge::aws::IniDocument;

BOOST_AUTO_TEST_SUITE(ini)

BOOST_AUTO_TEST_CASE(reads_sections_keys_comments_and_continuations) {
  auto doc = IniDocument::Parse(
      "# comment\n"
      "; other comment\n"
      "[default]\n"
      "Region = eu-west-1\n"
      "output: json\n"
      "\n"
      "[profile dev]\n"
      "  mfa_serial=arn:aws:iam::123456789012:mfa/alice  \n"
      "note = a # not a comment\n"
      "s3 =\n"
      "    max_concurrent_requests = 10\n"
      "    # ignored\n"
      "    addressing_style = path\n"
      "[DEFAULT]\n"
      "cli_pager = less\n");
  BOOST_REQUIRE(doc.ok());
  BOOST_TEST(doc->SectionNames() ==
                 (std::vector<std::string>{"default", "profile dev"}),
             boost::test_tools::per_element());
  BOOST_TEST(*doc->Get("default", "region") == "eu-west-1");
  BOOST_TEST(*doc->Get("default", "OUTPUT") == "json");
  BOOST_TEST(*doc->Get("profile dev", "mfa_serial") ==
             "arn:aws:iam::123456789012:mfa/alice");
  BOOST_TEST(*doc->Get("profile dev", "note") == "a # not a comment");
  BOOST_TEST(*doc->Get("profile dev", "s3") ==
             "\nmax_concurrent_requests = 10\naddressing_style = path");
  BOOST_TEST(*doc->Get("profile dev", "cli_pager") == "less");  // [DEFAULT]
  BOOST_TEST(!doc->Get("profile dev", "region").has_value());
  BOOST_TEST(!doc->Get("nope", "region").has_value());
  BOOST_TEST(!doc->HasSection("DEFAULT"));
}

BOOST_AUTO_TEST_CASE(rejects_what_configparser_rejects) {
  const char* bad[] = {
      "key = before any section\n",
      "[a]\nno delimiter here\n",
      "[a]\n= empty key\n",
      "[a]\nx = 1\nX = 2\n",
      "[a]\n[a]\n",
  };
  for (const char* text : bad) {
    auto doc = IniDocument::Parse(text);
    BOOST_TEST(!doc.ok(), text);
    if (!doc.ok()) {
      BOOST_TEST(doc.error().message.rfind("line ", 0) == 0);
    }
  }
}

BOOST_AUTO_TEST_CASE(set_replaces_in_place_and_keeps_everything_else) {
  const std::string text =
      "# my settings\n"
      "[profile dev]\n"
      "region=us-east-1\n"
      "mfa_serial =   old\n"
      "    continued\n"
      "output = json\n"
      "\n"
      "[profile prod]\n"
      "region = eu-west-1\n";
  auto doc = IniDocument::Parse(text);
  BOOST_REQUIRE(doc.ok());
  BOOST_REQUIRE(doc->Set("profile dev", "mfa_serial", "NEW").ok());
  BOOST_TEST(doc->Serialize() ==
             "# my settings\n"
             "[profile dev]\n"
             "region=us-east-1\n"
             "mfa_serial =   NEW\n"
             "output = json\n"
             "\n"
             "[profile prod]\n"
             "region = eu-west-1\n");
  BOOST_REQUIRE(doc->Set("profile prod", "mfa_serial", "P").ok());
  BOOST_TEST(*doc->Get("profile prod", "mfa_serial") == "P");
  BOOST_TEST(doc->Serialize().find("region = eu-west-1\nmfa_serial = P\n") !=
             std::string::npos);
  BOOST_REQUIRE(doc->Set("profile new", "mfa_serial", "Q").ok());
  BOOST_TEST(doc->Serialize().ends_with(
      "mfa_serial = P\n\n[profile new]\nmfa_serial = Q\n"));
  BOOST_TEST(!doc->Set("profile new", "k", "two\nlines").ok());
  BOOST_TEST(!doc->Set("profile new", "a=b", "v").ok());
}

BOOST_AUTO_TEST_CASE(set_keeps_crlf_and_missing_final_newline) {
  auto doc = IniDocument::Parse("[default]\r\nregion = x\r\n[b]\r\nk = v");
  BOOST_REQUIRE(doc.ok());
  BOOST_TEST(*doc->Get("default", "region") == "x");
  BOOST_REQUIRE(doc->Set("default", "mfa_serial", "s").ok());
  BOOST_TEST(doc->Serialize() ==
             "[default]\r\nregion = x\r\nmfa_serial = s\r\n[b]\r\nk = v");
  auto empty = IniDocument::Parse("");
  BOOST_REQUIRE(empty.ok());
  BOOST_REQUIRE(empty->Set("default", "region", "r").ok());
  BOOST_TEST(empty->Serialize() == "[default]\nregion = r\n");
}

// Found by bridge_aws_config_fuzz: a key added right after a header went
// in unindented although the next line was indented deeper, so that line
// became the new key's continuation and changed its value.
BOOST_AUTO_TEST_CASE(set_after_header_keeps_a_deeper_next_line_apart) {
  const std::string text(
      "[profile dev]*\xff"
      "1\xff"
      "\n\n  \n\t\t\t\t\t\t\t\t \r\r[\x00"
      "]\x00"
      "\x00"
      "\x00"
      "*;\r\r\r\"\r",
      46);
  auto doc = IniDocument::Parse(text);
  BOOST_REQUIRE(doc.ok());
  const std::string value = "arn:aws:iam::123456789012:mfa/a";
  BOOST_REQUIRE(doc->Set("profile dev", "mfa_serial", value).ok());
  auto again = IniDocument::Parse(doc->Serialize());
  BOOST_REQUIRE(again.ok());
  BOOST_TEST(*again->Get("profile dev", "mfa_serial") == value);
}

BOOST_AUTO_TEST_SUITE_END()
