#define BOOST_TEST_MODULE hsm_ctap2
#include <boost/test/unit_test.hpp>
