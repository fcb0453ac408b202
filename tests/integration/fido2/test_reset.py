"""authenticatorReset (fido2-tests test_reset.py, test_reset_credential.py):
allowed with a touch within 10 s of power-up, NOT_ALLOWED afterwards."""
import time

import pytest
from fido2.ctap import CtapError
from fido2.ctap2 import ClientPin, Ctap2

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


def test_reset_after_window_not_allowed(ctap, reboot):
    time.sleep(10.5)
    with pytest.raises(CtapError) as e:
        ctap.reset()
    assert e.value.code == CtapError.ERR.NOT_ALLOWED
    Ctap2(reboot()).reset()  # a new power-up opens the window again
