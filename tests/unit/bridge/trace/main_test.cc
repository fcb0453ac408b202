#define BOOST_TEST_MODULE bridge_trace
#include <boost/test/unit_test.hpp>
