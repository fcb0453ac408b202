"""authenticatorReset (fido2-tests test_reset.py, test_reset_credential.py):
allowed with a touch within the window after power-up (10 s by default),
NOT_ALLOWED afterwards."""
import time

import pytest
from fido2.ctap import CtapError
from fido2.ctap2 import ClientPin, Ctap2

from tools.harness.udp_hid import open_udp_device

CDH = b"\x33" * 32


def test_reset_within_window_erases_everything(ctap):
    att = ctap.make_credential(CDH, {"id": "example.com"}, {"id": b"u", "name": "u"},
                               [{"type": "public-key", "alg": -7}], options={"rk": True})
    cred_id = att.auth_data.credential_data.credential_id
    ClientPin(ctap).set_pin("1234")
    ctap.reset()
    info = ctap.get_info()
    assert info.options["clientPin"] is False
    assert info.remaining_disc_creds == 50
    with pytest.raises(CtapError) as e:
        ctap.get_assertion("example.com", CDH, [{"type": "public-key", "id": cred_id}])
    assert e.value.code == CtapError.ERR.NO_CREDENTIALS


def test_reset_after_window_not_allowed(keysim_with):
    # The window is 10 s by default; 1 s keeps the suite short.
    sim = keysim_with("auto", "--reset-window-ms", "1000")
    dev = open_udp_device(sim.port)
    try:
        ctap = Ctap2(dev)
        time.sleep(1.2)
        with pytest.raises(CtapError) as e:
            ctap.reset()
        assert e.value.code == CtapError.ERR.NOT_ALLOWED
    finally:
        dev.close()
    sim.restart()  # a new power-up opens the window again
    dev = open_udp_device(sim.port)
    try:
        Ctap2(dev).reset()
    finally:
        dev.close()
