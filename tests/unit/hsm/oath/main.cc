#define BOOST_TEST_MODULE hsm_oath
#include <boost/test/unit_test.hpp>
