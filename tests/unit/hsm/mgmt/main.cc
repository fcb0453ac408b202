#define BOOST_TEST_MODULE hsm_mgmt
#include <boost/test/unit_test.hpp>
