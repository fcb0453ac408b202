#define BOOST_TEST_MODULE hsm_store
#include <boost/test/unit_test.hpp>
