#define BOOST_TEST_MODULE bridge_aws
#include <boost/test/unit_test.hpp>
