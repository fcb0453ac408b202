#define BOOST_TEST_MODULE bridge_ctaphid
#include <boost/test/unit_test.hpp>
