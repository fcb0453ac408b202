#define BOOST_TEST_MODULE hsm_cbor
#include <boost/test/unit_test.hpp>
