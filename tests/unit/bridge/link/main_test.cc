#define BOOST_TEST_MODULE bridge_link
#include <boost/test/unit_test.hpp>
