"""keysim's test-control socket (docs/control.md): presence policies and the
queue of answers, one-shot touches, power cycles, status, reset-state, the
Unix socket and bad requests — without restarting the process."""
import json
import os
import stat
import threading
import time

import pytest
from fido2.ctap import CtapError
from fido2.ctap2 import ClientPin, Ctap2

from tools.harness.keysim import KeySim
from tools.harness.udp_hid import open_udp_device

RESET = bytes.fromhex("0004DEAD")  # NK3 RESET always needs a touch
SW_OK, SW_DENIED = b"\x90\x00", b"\x69\x82"


def test_status_and_errors(sim):
    status = sim.control("status")
    assert status["ok"] is True
    assert status["presence"] == "manual"
    assert status["presence_next"] == []
    assert status["credentials"] == {"oath": 0, "fido_resident": 0}
    assert status["faults"] == {"active": False}
    assert isinstance(status["serial"], int)
    assert sim.control("presence", policy="deny") == {"ok": True}
    assert sim.control("status")["presence"] == "deny"
    bad = sim.control("presence", policy="sometimes")
    assert bad["ok"] is False and "auto, deny, timeout or manual" in bad["error"]
    assert "unknown cmd" in sim.control("launch-missiles")["error"]
    assert "unknown member" in sim.control("touch", now=True)["error"]


@pytest.mark.parametrize("data, words", [
    (b"touch", "not JSON"),
    (b"{\"cmd\":", "not JSON"),
    (b"[1, 2]", "object"),
    (b"{\"cmd\": 5}", "\"cmd\""),
    (b"\xff\xfe{}", "not JSON"),
    (b"", "not JSON"),
    (json.dumps({"cmd": "faults", "drop": 2}).encode(), "from 0 to 1"),
    (json.dumps({"cmd": "export-credential"}).encode(), "credential_id"),
    (json.dumps({"cmd": "inject-credential", "rp_id": "x", "user_id": "AQ",
                 "private_key": "AAAA"}).encode(), "private_key"),
], ids=["text", "truncated", "array", "cmd-type", "binary", "empty",
        "probability", "export-args", "short-key"])
def test_bad_requests_get_clear_errors(sim, data, words):
    answer = json.loads(sim.control_raw(data))
    assert answer["ok"] is False
    assert words in answer["error"]
    assert sim.control("status")["ok"] is True  # still serving


def test_clock_is_refused_with_the_reason(sim):
    answer = sim.control("clock", offset_s=-90)
    assert answer["ok"] is False
    assert "no real-time clock" in answer["error"]


def test_manual_presence_waits_for_touch(sim):
    dev = open_udp_device(sim.port)
    result = {}

    def reset():
        result["resp"] = dev.call(0x70, RESET)

    worker = threading.Thread(target=reset)
    worker.start()
    time.sleep(0.5)
    assert worker.is_alive()  # still waiting for the touch
    assert sim.control("touch") == {"ok": True}
    worker.join(5)
    assert result["resp"][:2] == SW_OK
    # Denied from now on: the touch was used once.
    assert sim.control({"cmd": "presence", "policy": "deny"})["ok"]
    assert dev.call(0x70, RESET)[:2] == SW_DENIED
    dev.close()


def test_presence_queue_answers_the_next_requests(keysim_bin, tmp_path):
    sim = KeySim(keysim_bin, tmp_path / "state", presence="deny",
                 control=True, extra_args=["--touch-timeout-ms", "400"]).start()
    try:
        dev = open_udp_device(sim.port)
        assert sim.control("presence", next=["approve", "deny", "approve"])["ok"]
        assert sim.control("status")["presence_next"] == [
            "approve", "deny", "approve"]
        assert dev.call(0x70, RESET)[:2] == SW_OK
        assert dev.call(0x70, RESET)[:2] == SW_DENIED
        assert dev.call(0x70, RESET)[:2] == SW_OK
        # Queue empty: the policy (deny) resumes.
        assert sim.control("status")["presence_next"] == []
        assert dev.call(0x70, RESET)[:2] == SW_DENIED
        # "timeout" leaves the request pending until the key gives up.
        assert sim.control("presence", next=["timeout", "approve"])["ok"]
        ctap = Ctap2(dev)
        with pytest.raises(CtapError) as err:
            ctap.selection()
        assert err.value.code == CtapError.ERR.USER_ACTION_TIMEOUT
        ctap.selection()  # approved
        dev.close()
    finally:
        sim.stop()


def test_power_cycle_clears_pin_auth_block(sim):
    sim.control("presence", policy="auto")
    dev = open_udp_device(sim.port)
    pin = ClientPin(Ctap2(dev))
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
    assert sim.control("power-cycle") == {"ok": True}
    dev = open_udp_device(sim.port)  # channels were dropped
    pin = ClientPin(Ctap2(dev))
    assert pin.get_pin_retries()[0] == 5  # retries are stored, not per boot
    assert pin.get_pin_token("12345678", ClientPin.PERMISSION.MAKE_CREDENTIAL,
                             "example.com")
    dev.close()


def test_reset_state_wipes_every_applet(auto_sim, keybridge_bin):
    sim = auto_sim
    dev = open_udp_device(sim.port)
    ctap = Ctap2(dev)
    ClientPin(ctap).set_pin("12345678")
    # An OATH credential through the 0x70 applet (PUT TOTP "test").
    put = bytes.fromhex("0001000014" "710474657374" "730C2106"
                        "31323334353637383930")
    assert dev.call(0x70, put)[:2] == SW_OK
    before = sim.control("status")
    assert before["credentials"]["oath"] == 1
    assert before["fido_pin_set"] is True
    dev.close()

    answer = sim.control("reset-state")
    assert answer["ok"] is True
    after = sim.control("status")
    assert after["credentials"] == {"oath": 0, "fido_resident": 0}
    assert after["fido_pin_set"] is False
    assert after["serial"] == answer["serial"]
    dev = open_udp_device(sim.port)
    assert Ctap2(dev).get_info().options.get("clientPin") is False
    dev.close()
    # It stays reset across a restart (the wipe was stored).
    sim.restart()
    assert sim.control("status")["serial"] == answer["serial"]
    assert sim.control("status")["credentials"]["oath"] == 0


def test_unix_socket(keysim_bin, tmp_path):
    path = tmp_path / "control.sock"
    sim = KeySim(keysim_bin, tmp_path / "state", control=f"unix:{path}").start()
    try:
        assert sim.control_path == str(path)
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert stat.S_ISSOCK(os.stat(path).st_mode)
        assert sim.control("status")["presence"] == "auto"
        assert sim.control("presence", policy="deny")["ok"]
        assert sim.control("status")["presence"] == "deny"
        assert json.loads(sim.control_raw(b"nonsense"))["ok"] is False
        # Larger than a UDP datagram can be: refused, still serving.
        big = json.loads(sim.control_raw(b" " * 70000))
        assert big["ok"] is False and "64 KiB" in big["error"]
        assert sim.control("status")["ok"] is True
    finally:
        sim.stop()
    assert not path.exists()  # removed at exit


def test_unix_socket_refuses_an_existing_path(keysim_bin, tmp_path):
    path = tmp_path / "taken"
    path.write_text("")
    with pytest.raises(RuntimeError, match="cannot bind control socket"):
        KeySim(keysim_bin, tmp_path / "state", control=f"unix:{path}").start()
