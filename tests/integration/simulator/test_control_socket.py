"""keysim's test-control socket: presence policies, one-shot touches and
power cycles without restarting the process."""
import threading
import time

import pytest
from fido2.ctap import CtapError
from fido2.ctap2 import ClientPin, Ctap2

from tools.harness.keysim import KeySim
from tools.harness.udp_hid import open_udp_device

RESET = bytes.fromhex("0004DEAD")


@pytest.fixture
def sim(keysim_bin, tmp_path):
    s = KeySim(keysim_bin, tmp_path / "state", presence="manual",
               control=True).start()
    yield s
    s.stop()


def test_status_and_errors(sim):
    assert sim.control("status") == "ok presence=manual"
    assert sim.control("presence deny") == "ok"
    assert sim.control("status") == "ok presence=deny"
    assert sim.control("presence sometimes").startswith("error")
    assert sim.control("launch-missiles").startswith("error")
    assert sim.control("touch now").startswith("error")


def test_manual_presence_waits_for_touch(sim):
    dev = open_udp_device(sim.port)
    result = {}

    def reset():
        result["resp"] = dev.call(0x70, RESET)  # NK3 RESET always needs a touch

    worker = threading.Thread(target=reset)
    worker.start()
    time.sleep(0.5)
    assert worker.is_alive()  # still waiting for the touch
    assert sim.control("touch") == "ok"
    worker.join(5)
    assert result["resp"][:2] == b"\x90\x00"
    # Denied from now on: the touch was used once.
    assert sim.control("presence deny") == "ok"
    assert dev.call(0x70, RESET)[:2] == b"\x69\x82"
    dev.close()


def test_power_cycle_clears_pin_auth_block(sim):
    sim.control("presence auto")
    dev = open_udp_device(sim.port)
    ctap = Ctap2(dev)
    pin = ClientPin(ctap)
    pin.set_pin("12345678")
    for _ in range(3):
        with pytest.raises(CtapError):
            pin.get_pin_token("wrong-pin", ClientPin.PERMISSION.MAKE_CREDENTIAL,
                              "example.com")
    with pytest.raises(CtapError) as err:
        pin.get_pin_token("12345678", ClientPin.PERMISSION.MAKE_CREDENTIAL,
                          "example.com")
    assert err.value.code == CtapError.ERR.PIN_AUTH_BLOCKED
    dev.close()
    assert sim.control("power-cycle") == "ok"
    dev = open_udp_device(sim.port)  # channels were dropped
    pin = ClientPin(Ctap2(dev))
    assert pin.get_pin_retries()[0] == 5  # retries are stored, not per boot
    assert pin.get_pin_token("12345678", ClientPin.PERMISSION.MAKE_CREDENTIAL,
                             "example.com")
    dev.close()
