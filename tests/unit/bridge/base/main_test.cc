#define BOOST_TEST_MODULE bridge_base
#include <boost/test/unit_test.hpp>
