#define BOOST_TEST_MODULE sk
#include <boost/test/unit_test.hpp>
