#define BOOST_TEST_MODULE bridge_cli
#include <boost/test/unit_test.hpp>
