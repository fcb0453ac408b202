// SharedLibrary: dlopen on first use, one symbol per Bind(), ok() false
// once the library or any symbol is missing (callers then name the package).
#include "bridge/shared_library.h"

#include <boost/test/unit_test.hpp>
#include <cstring>

namespace bridge {
namespace {

BOOST_AUTO_TEST_CASE(BindsFunctionsOfALoadedLibrary) {
  SharedLibrary libc("libc.so.6");
  decltype(&std::strlen) strlen_fn = nullptr;
  libc.Bind(strlen_fn, "strlen");
  BOOST_TEST(libc.ok());
  BOOST_REQUIRE(strlen_fn != nullptr);
  BOOST_TEST(strlen_fn("four") == 4u);
}

BOOST_AUTO_TEST_CASE(MissingLibraryIsNotOk) {
  SharedLibrary missing("libkeybridge-no-such-library.so.0");
  BOOST_TEST(!missing.ok());
  decltype(&std::strlen) strlen_fn = &std::strlen;
  missing.Bind(strlen_fn, "strlen");
  BOOST_TEST(strlen_fn == nullptr);
  BOOST_TEST(!missing.ok());
}

BOOST_AUTO_TEST_CASE(OneMissingSymbolMakesTheLibraryNotOk) {
  SharedLibrary libc("libc.so.6");
  decltype(&std::strlen) strlen_fn = nullptr;
  decltype(&std::strlen) missing_fn = nullptr;
  libc.Bind(strlen_fn, "strlen");
  libc.Bind(missing_fn, "keybridge_no_such_symbol");
  BOOST_TEST(strlen_fn != nullptr);
  BOOST_TEST(missing_fn == nullptr);
  BOOST_TEST(!libc.ok());
}

}  // namespace
}  // namespace bridge
