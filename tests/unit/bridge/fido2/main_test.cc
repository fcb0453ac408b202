#define BOOST_TEST_MODULE bridge_fido2
#include <boost/test/unit_test.hpp>
