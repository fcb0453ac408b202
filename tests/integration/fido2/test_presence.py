"""User presence outcomes (fido2-tests user_presence/test_user_presence.py,
skipped there with --sim): keysim --presence deny|timeout, and CANCEL."""
import threading
import time

import pytest
from fido2.ctap import CtapError
from fido2.ctap2 import Ctap2

from tools.harness.udp_hid import open_udp_device

CDH = b"\x77" * 32
ARGS = (CDH, {"id": "example.com"}, {"id": b"u", "name": "u"},
        [{"type": "public-key", "alg": -7}])


def test_keepalive_upneeded_even_when_approved(ctap):
    statuses = []
    ctap.make_credential(*ARGS, on_keepalive=statuses.append)
    assert 2 in statuses  # STATUS.UPNEEDED


def test_denied(keysim_with):
    sim = keysim_with("deny")
    dev = open_udp_device(sim.port)
    try:
        ctap = Ctap2(dev)
        with pytest.raises(CtapError) as e:
            ctap.make_credential(*ARGS)
        assert e.value.code == CtapError.ERR.OPERATION_DENIED
        with pytest.raises(CtapError) as e:
            ctap.selection()
        assert e.value.code == CtapError.ERR.OPERATION_DENIED
    finally:
        dev.close()


def test_cancel(keysim_with):
    sim = keysim_with("timeout")
    dev = open_udp_device(sim.port)
    try:
        ctap = Ctap2(dev)
        event = threading.Event()
        threading.Timer(0.3, event.set).start()
        start = time.monotonic()
        with pytest.raises(CtapError) as e:
            ctap.make_credential(*ARGS, event=event)
        assert e.value.code == CtapError.ERR.KEEPALIVE_CANCEL
        assert time.monotonic() - start < 5
    finally:
        dev.close()


def test_timeout(keysim_with):
    # The touch timeout is 30 s by default; 2 s keeps the suite short.
    sim = keysim_with("timeout", "--touch-timeout-ms", "2000")
    dev = open_udp_device(sim.port, timeout=60)
    try:
        ctap = Ctap2(dev)
        start = time.monotonic()
        with pytest.raises(CtapError) as e:
            ctap.selection()
        assert e.value.code == CtapError.ERR.USER_ACTION_TIMEOUT
        assert time.monotonic() - start >= 1.9
    finally:
        dev.close()
