#define BOOST_TEST_MODULE hsm_crypto
#include <boost/test/unit_test.hpp>
