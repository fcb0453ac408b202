"""`keybridge fido pin|credentials|reset` against keysim, with python-fido2
0.9.1 as the independent client that sets up and checks the key's state.
Every test here needs keysim's CTAP2 and skips (with the reason) without it."""
import json

import pytest
from fido2.ctap import CtapError
from fido2.ctap2 import ClientPin, Ctap2

from fido2_bridge_util import (RP_ID, ctap2_keysim, discoverable_user_ids,
                               get_pin_token, make_resident_credential,
                               require_ctap2)

PIN = "123456"


def pin_set(hid):
    return Ctap2(hid).get_info().options.get("clientPin")


def set_pin(keybridge, pin=PIN):
    proc = keybridge.run("fido", "pin", "set", input=pin + "\n")
    assert proc.stdout.strip() == "FIDO2 PIN set."
    return proc


def list_json(keybridge, pin=PIN):
    proc = keybridge.run("fido", "credentials", "list", "--json",
                         input=pin + "\n")
    return json.loads(proc.stdout)


# --- PIN ------------------------------------------------------------------

def test_pin_set_makes_the_pin_usable(keybridge, hid):
    require_ctap2(hid)
    assert pin_set(hid) is False
    set_pin(keybridge)
    assert pin_set(hid) is True
    cp = ClientPin(Ctap2(hid))
    assert get_pin_token(hid, PIN)  # the key accepts the PIN keybridge set
    assert cp.get_pin_retries()[0] == 8
    j = json.loads(keybridge.run("info", "--json").stdout)
    assert j["fido2"]["pin"] == {"set": True, "retries": 8, "error": None}


def test_pin_set_twice_is_refused(keybridge, hid):
    require_ctap2(hid)
    set_pin(keybridge)
    proc = keybridge.run("fido", "pin", "set", input="654321\n", check=False)
    assert proc.returncode == 10
    assert "already set" in proc.stderr
    assert get_pin_token(hid, PIN)  # unchanged


def test_short_pin_is_rejected_before_the_key(keybridge, hid):
    require_ctap2(hid)
    proc = keybridge.run("fido", "pin", "set", input="123\n", check=False)
    assert proc.returncode == 2
    assert "4 to 63 bytes" in proc.stderr
    assert pin_set(hid) is False


def test_pins_are_never_taken_from_argv(keybridge, hid):
    require_ctap2(hid)
    proc = keybridge.run("fido", "pin", "set", PIN, check=False)
    assert proc.returncode == 2
    assert pin_set(hid) is False
    proc = keybridge.run("fido", "pin", "set", check=False)  # no stdin
    assert proc.returncode == 2
    assert "stdin" in proc.stderr


def test_pin_change(keybridge, hid):
    require_ctap2(hid)
    set_pin(keybridge)
    proc = keybridge.run("fido", "pin", "change", input=f"{PIN}\n24681357\n")
    assert proc.stdout.strip() == "FIDO2 PIN changed."
    with pytest.raises(CtapError) as e:
        get_pin_token(hid, PIN)
    assert e.value.code == CtapError.ERR.PIN_INVALID
    assert get_pin_token(hid, "24681357")


def test_pin_change_with_wrong_pin_reports_retries(keybridge, hid):
    require_ctap2(hid)
    set_pin(keybridge)
    proc = keybridge.run("fido", "pin", "change", input="000000\n24681357\n",
                         check=False)
    assert proc.returncode == 11
    assert "wrong PIN (7 retries left)" in proc.stderr
    assert get_pin_token(hid, PIN)


# --- credential management --------------------------------------------------

def test_credentials_list_shows_a_resident_credential(keybridge, hid):
    require_ctap2(hid)
    set_pin(keybridge)
    cred_id = make_resident_credential(hid, PIN, b"user-1", "alice",
                                       "Alice Example")
    j = list_json(keybridge)
    assert j["existing"] == 1
    assert j["remaining"] >= 1
    assert len(j["credentials"]) == 1
    c = j["credentials"][0]
    assert c["rp_id"] == RP_ID
    assert c["credential_id"] == cred_id.hex()
    assert c["user_id"] == b"user-1".hex()
    assert c["user_name"] == "alice"
    assert c["user_display_name"] == "Alice Example"
    text = keybridge.run("fido", "credentials", "list",
                         input=PIN + "\n").stdout
    assert text.splitlines() == [
        f"{RP_ID}\talice\tAlice Example\t{cred_id.hex()}"]


def test_credentials_list_empty_and_wrong_pin(keybridge, hid):
    require_ctap2(hid)
    set_pin(keybridge)
    out = keybridge.run("fido", "credentials", "list", input=PIN + "\n").stdout
    assert out.strip() == "No discoverable credentials."
    proc = keybridge.run("fido", "credentials", "list", input="999999\n",
                         check=False)
    assert proc.returncode == 11
    assert "wrong PIN (7 retries left)" in proc.stderr


def test_credentials_need_a_pin(keybridge, hid):
    require_ctap2(hid)
    proc = keybridge.run("fido", "credentials", "list", input="123456\n",
                         check=False)
    assert proc.returncode != 0
    assert "fido pin set" in proc.stderr


def test_credentials_delete_by_id_and_prefix(keybridge, hid):
    require_ctap2(hid)
    set_pin(keybridge)
    id_a = make_resident_credential(hid, PIN, b"user-a", "ann", "Ann")
    id_b = make_resident_credential(hid, PIN, b"user-b", "bob", "Bob")
    assert discoverable_user_ids(hid, PIN) == [b"user-a", b"user-b"]
    proc = keybridge.run("fido", "credentials", "delete", id_a.hex(),
                         input=PIN + "\n")
    assert id_a.hex() in proc.stdout
    assert discoverable_user_ids(hid, PIN) == [b"user-b"]
    # A unique prefix is enough; an unknown one is "not found" (exit 8).
    proc = keybridge.run("fido", "credentials", "delete", "ffff" + "00" * 20,
                         input=PIN + "\n", check=False)
    assert proc.returncode == 8
    keybridge.run("fido", "credentials", "delete", id_b.hex()[:12],
                  input=PIN + "\n")
    assert discoverable_user_ids(hid, PIN) == []
    assert list_json(keybridge)["credentials"] == []


def test_credentials_delete_rejects_non_hex_ids(keybridge, hid):
    require_ctap2(hid)
    proc = keybridge.run("fido", "credentials", "delete", "not-hex",
                         input=PIN + "\n", check=False)
    assert proc.returncode == 2


# --- reset ----------------------------------------------------------------

def test_reset_wipes_pin_and_credentials(keybridge, hid):
    require_ctap2(hid)
    set_pin(keybridge)
    make_resident_credential(hid, PIN, b"user-1", "alice", "Alice")
    proc = keybridge.run("fido", "reset", "--force")
    assert proc.stdout.strip() == "FIDO2 application reset."
    assert pin_set(hid) is False
    j = json.loads(keybridge.run("info", "--json").stdout)
    assert j["fido2"]["pin"]["set"] is False
    # Credentials are gone: set a PIN again and look for them.
    set_pin(keybridge)
    assert discoverable_user_ids(hid, PIN) == []


def test_reset_without_force_needs_a_terminal(keybridge, hid):
    require_ctap2(hid)
    set_pin(keybridge)
    proc = keybridge.run("fido", "reset", check=False)
    assert proc.returncode == 2
    assert "--force" in proc.stderr
    assert pin_set(hid) is True


def test_reset_denied_by_the_user(keybridge_bin, keysim_bin, tmp_path):
    with ctap2_keysim(keysim_bin, tmp_path / "deny", "deny") as sim:
        import subprocess
        proc = subprocess.run(
            [str(keybridge_bin), "--device", sim.uri, "fido", "reset",
             "--force"], capture_output=True, text=True, timeout=60,
            stdin=subprocess.DEVNULL)
        assert proc.returncode == 10  # CTAP2_ERR_OPERATION_DENIED
        assert "OPERATION_DENIED" in proc.stderr


def test_ctrl_c_cancels_a_reset_waiting_for_touch(keybridge_bin, keysim_bin,
                                                  tmp_path):
    """Ctrl-C → fido_dev_cancel (CTAPHID CANCEL, CTAP 2.1 §11.2.9.1.5): the
    key stops waiting for presence and keybridge exits 130 at once."""
    import signal
    import subprocess
    import time
    from tools.harness.udp_hid import open_udp_device
    with ctap2_keysim(keysim_bin, tmp_path / "wait", "timeout") as sim:
        proc = subprocess.Popen(
            [str(keybridge_bin), "--device", sim.uri, "fido", "reset",
             "--force"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True)
        time.sleep(1.0)
        assert proc.poll() is None  # still waiting for the touch
        started = time.monotonic()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=10)
        assert proc.returncode == 130
        assert "cancelled" in err
        assert time.monotonic() - started < 3.0
        # The key is usable right away (no request left pending).
        dev = open_udp_device(sim.port)
        try:
            assert Ctap2(dev).get_info().versions
        finally:
            dev.close()


# --- config (CTAP 2.1 §6.11) ----------------------------------------------

def test_config_toggle_always_uv_without_and_with_pin(keybridge, hid):
    require_ctap2(hid)
    proc = keybridge.run("fido", "config", "toggle-always-uv")
    assert proc.stdout.strip() == "alwaysUv is now on."
    assert Ctap2(hid).get_info().options["alwaysUv"] is True
    set_pin(keybridge)
    proc = keybridge.run("fido", "config", "toggle-always-uv",
                         input="000000\n", check=False)
    assert proc.returncode != 0
    assert "wrong PIN" in proc.stderr
    assert Ctap2(hid).get_info().options["alwaysUv"] is True
    proc = keybridge.run("fido", "config", "toggle-always-uv",
                         input=PIN + "\n")
    assert proc.stdout.strip() == "alwaysUv is now off."
    assert Ctap2(hid).get_info().options["alwaysUv"] is False


def test_config_set_min_pin_length_forces_a_change(keybridge, hid):
    require_ctap2(hid)
    set_pin(keybridge)  # 6 digits
    proc = keybridge.run("fido", "config", "set-min-pin-length", "8",
                         "--rp-id", "a.example", "--rp-id", RP_ID,
                         input=PIN + "\n")
    assert proc.stdout.splitlines() == [
        "Minimum PIN length is now 8.",
        "The PIN must be changed before its next use: "
        "'keybridge fido pin change'."]
    info = Ctap2(hid).get_info()
    assert info.min_pin_length == 8
    assert info.force_pin_change is True
    proc = keybridge.run("fido", "config", "set-min-pin-length", "6",
                         input=PIN + "\n", check=False)
    assert proc.returncode != 0
    assert "requires a new PIN" in proc.stderr
    assert Ctap2(hid).get_info().min_pin_length == 8
    proc = keybridge.run("fido", "credentials", "list", input="000000\n",
                         check=False)
    assert "wrong PIN (7 retries left)" in proc.stderr
    keybridge.run("fido", "pin", "change", input=PIN + "\n12345678\n")
    assert Ctap2(hid).get_info().force_pin_change is False
    # The RP IDs given are the ones the minPinLength extension answers.
    cp = ClientPin(Ctap2(hid))
    token = cp.get_pin_token("12345678", ClientPin.PERMISSION.MAKE_CREDENTIAL,
                             RP_ID)
    cdh = b"\x44" * 32
    att = Ctap2(hid).make_credential(
        cdh, {"id": RP_ID}, {"id": b"u", "name": "u"},
        [{"type": "public-key", "alg": -7}],
        extensions={"minPinLength": True},
        pin_uv_param=cp.protocol.authenticate(token, cdh),
        pin_uv_protocol=cp.protocol.VERSION)
    assert att.auth_data.extensions == {"minPinLength": 8}
    proc = keybridge.run("fido", "config", "set-min-pin-length", "8",
                         "--force-change-pin", input="12345678\n")
    assert Ctap2(hid).get_info().force_pin_change is True
