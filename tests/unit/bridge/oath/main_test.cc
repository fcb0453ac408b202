#define BOOST_TEST_MODULE bridge_oath
#include <boost/test/unit_test.hpp>
