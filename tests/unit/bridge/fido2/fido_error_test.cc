// libfido2 return codes → bridge::Error (fido2/fido_error.h).
#include "bridge/fido2/fido_error.h"

#include <fido.h>

#include <boost/test/unit_test.hpp>

namespace bridge::fido2 {
namespace {

int Kind(const Error& e) { return static_cast<int>(e.kind); }
int Kind(ErrorKind k) { return static_cast<int>(k); }

BOOST_AUTO_TEST_SUITE(fido_error)

BOOST_AUTO_TEST_CASE(ctap2_status_is_kept_as_device_code) {
  Error e = FidoError(FIDO_ERR_PIN_INVALID, "setPIN");
  BOOST_TEST(Kind(e) == Kind(ErrorKind::kCtap2));
  BOOST_TEST(e.code == 0x31);
  BOOST_TEST(e.message ==
             "setPIN: the key answered CTAP2_ERR_PIN_INVALID (0x31)");
  BOOST_TEST(FidoError(FIDO_ERR_NO_CREDENTIALS, "x").code == 0x2E);
  BOOST_TEST(Ctap2StatusName(0x01) == "CTAP1_ERR_INVALID_COMMAND");
  BOOST_TEST(Ctap2StatusName(0x36) == "CTAP2_ERR_PUAT_REQUIRED");
  BOOST_TEST(Ctap2StatusName(0xF3) == "status 0xF3");
}

BOOST_AUTO_TEST_CASE(keepalive_cancel_is_cancelled) {
  BOOST_TEST(Kind(FidoError(FIDO_ERR_KEEPALIVE_CANCEL, "reset")) ==
             Kind(ErrorKind::kCancelled));
}

BOOST_AUTO_TEST_CASE(rx_tx_take_the_adapter_failure) {
  BOOST_TEST(Kind(FidoError(FIDO_ERR_RX, "x", IoFailure::kTimeout)) ==
             Kind(ErrorKind::kTimeout));
  BOOST_TEST(Kind(FidoError(FIDO_ERR_RX, "x", IoFailure::kCancelled)) ==
             Kind(ErrorKind::kCancelled));
  BOOST_TEST(Kind(FidoError(FIDO_ERR_TX, "x", IoFailure::kTransport)) ==
             Kind(ErrorKind::kTransport));
  BOOST_TEST(Kind(FidoError(FIDO_ERR_RX, "x")) == Kind(ErrorKind::kTransport));
}

BOOST_AUTO_TEST_CASE(host_errors) {
  BOOST_TEST(Kind(FidoError(FIDO_ERR_RX_INVALID_CBOR, "x")) ==
             Kind(ErrorKind::kProtocol));
  BOOST_TEST(Kind(FidoError(FIDO_ERR_INVALID_ARGUMENT, "x")) ==
             Kind(ErrorKind::kInvalidInput));
  BOOST_TEST(Kind(FidoError(FIDO_ERR_INTERNAL, "x")) ==
             Kind(ErrorKind::kProtocol));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace bridge::fido2
