"""The YubiKey management applet on keysim's smart card
(docs/protocol/management.md), checked with Yubico's ykman as the independent
client: `ykman info` reads keysim's firmware version and serial,
`ykman --device SERIAL` and `keybridge --device SERIAL` pick the key by
serial, and `keysim --serial` sets the serial of fresh state only (§5)."""
import os
import re
import subprocess
import time

import pytest

from tools.harness.keysim import KeySim
from tools.harness.pcscd import PcscdUnavailable, PrivatePcscd

READER = "Virtual PCD 00 00"  # the `card` fixture's reader (conftest.py)
# The hsm yubikey5 profile's version (docs/protocol/oath.md §3): the OATH
# SELECT's tag 79, which management reports too (management.md §2).
VERSION = "5.4.3"
SERIAL = 31415926


def run(cmd, env=None, check=True, timeout=60):
    base = {k: v for k, v in os.environ.items() if k != "KEYBRIDGE_DEVICE"}
    base.update(env or {})
    p = subprocess.run([str(c) for c in cmd], capture_output=True, text=True,
                       timeout=timeout, env=base, stdin=subprocess.DEVNULL)
    if check and p.returncode != 0:
        raise AssertionError(f"{cmd} exited {p.returncode}: {p.stderr.strip()}")
    return p


def add_account(keybridge_bin, device, name, secret, env=None):
    """`keybridge --device DEVICE oath accounts add NAME`, secret on stdin."""
    p = subprocess.run(
        [str(keybridge_bin), "--device", device, "oath", "accounts", "add",
         name], input=secret + "\n", capture_output=True, text=True,
        timeout=60, env={**os.environ, **(env or {})})
    assert p.returncode == 0, p.stderr


def listed_serial(keybridge_bin, reader, env=None):
    """The serial `keybridge list` shows for the card in `reader`."""
    out = run([keybridge_bin, "list"], env=env).stdout
    for line in out.splitlines():
        if line.startswith(f"pcsc\tpcsc:{reader}\t"):
            m = re.search(r", serial (\d+)", line)
            return int(m.group(1)) if m else None
    raise AssertionError(f"{reader!r} is not in `keybridge list`: {out!r}")


def test_ykman_info_reports_version_and_serial(card, ykman, keybridge_bin):
    out = run([ykman, "--reader", READER, "info"]).stdout
    assert f"Firmware version: {VERSION}" in out
    assert "3.0.0" not in out  # ykman's guess without a management applet
    m = re.search(r"^Serial number: (\d+)$", out, re.M)
    assert m, out
    # keybridge reads the same serial through its own client.
    assert listed_serial(keybridge_bin, READER) == int(m.group(1))
    # Only what keysim implements is listed (management.md §4).
    assert re.search(r"^OATH\s+Enabled", out, re.M), out
    assert re.search(r"^FIDO2\s+Enabled", out, re.M), out
    assert re.search(r"^FIDO U2F\s+Enabled", out, re.M), out
    for absent in ("PIV", "OpenPGP", "OTP"):
        assert re.search(rf"^{absent}\s+Not available", out, re.M), out


def test_serial_is_stable_across_restarts(card, keybridge_bin):
    before = listed_serial(keybridge_bin, READER)
    assert before
    card.stop()
    card.start()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            assert listed_serial(keybridge_bin, READER) == before
            return
        except AssertionError:
            time.sleep(0.2)
    assert listed_serial(keybridge_bin, READER) == before


def test_keybridge_device_serial(card, keybridge_bin):
    serial = listed_serial(keybridge_bin, READER)
    add_account(keybridge_bin, str(serial), "Example:alice",
                "JBSWY3DPEHPK3PXP")
    listed = run([keybridge_bin, "--device", str(serial), "oath", "accounts",
                  "list"]).stdout
    assert "Example:alice" in listed, listed
    # The same list as through the reader's URI.
    assert listed == run([keybridge_bin, "--device", f"pcsc:{READER}", "oath",
                          "accounts", "list"]).stdout


def test_keybridge_wrong_serial_fails_cleanly(card, keybridge_bin):
    serial = listed_serial(keybridge_bin, READER)
    wrong = serial % 4294967295 + 1
    p = run([keybridge_bin, "--device", str(wrong), "oath", "accounts", "list"],
            check=False)
    assert p.returncode == 3, p  # as every "no key found" (exit_codes.h)
    assert f"no key with serial {wrong}" in p.stderr
    assert "Traceback" not in p.stderr and "terminate" not in p.stderr
    # An unknown device on another path gives the same exit code.
    q = run([keybridge_bin, "--device", "pcsc:No Such Reader 00 00", "oath",
             "accounts", "list"], check=False)
    assert q.returncode == p.returncode


@pytest.fixture(scope="module")
def yubikey_pcscd(tmp_path_factory):
    """A second private pcscd whose vpcd reader is named like a YubiKey's:
    ykman --device SERIAL looks only at such readers (management.md §5)."""
    daemon = PrivatePcscd(tmp_path_factory.mktemp("yk-pcscd"),
                          friendly_name="Yubico YubiKey CCID")
    try:
        daemon.start()
    except PcscdUnavailable as e:
        pytest.skip(str(e))
    yield daemon
    daemon.stop()


def start_card(keysim_bin, pcscd, state_dir, serial):
    args = ["--vpcd", pcscd.vpcd_address]
    if serial is not None:
        args += ["--serial", str(serial)]
    return KeySim(keysim_bin, state_dir, extra_args=args).start()


def wait_listed(keybridge_bin, pcscd, timeout=10.0):
    deadline = time.monotonic() + timeout
    while True:
        try:
            return listed_serial(keybridge_bin, pcscd.reader, env=pcscd.env)
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_ykman_and_keybridge_pick_the_key_by_serial(
        yubikey_pcscd, keysim_bin, keybridge_bin, ykman, tmp_path):
    sim = start_card(keysim_bin, yubikey_pcscd, tmp_path / "state", SERIAL)
    try:
        assert wait_listed(keybridge_bin, yubikey_pcscd) == SERIAL
        env = yubikey_pcscd.env
        out = run([ykman, "--device", str(SERIAL), "info"], env=env).stdout
        assert f"Serial number: {SERIAL}" in out
        assert f"Firmware version: {VERSION}" in out
        # A TOTP account added by keybridge, its code read by ykman by serial.
        add_account(keybridge_bin, str(SERIAL), "Example:bob",
                    "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", env=env)
        codes = run([ykman, "--device", str(SERIAL), "oath", "accounts",
                     "code"], env=env).stdout
        assert re.search(r"^Example:bob\s+\d{6}$", codes, re.M), codes
        assert "Example:bob" in run(
            [keybridge_bin, "--device", str(SERIAL), "oath", "accounts",
             "list"], env=env).stdout
        # A serial no key has: ykman and keybridge both fail cleanly.
        bad = run([ykman, "--device", str(SERIAL + 1), "oath", "accounts",
                   "code"], env=env, check=False)
        assert bad.returncode != 0
        assert "Traceback" not in bad.stderr
        assert str(SERIAL + 1) in bad.stderr
    finally:
        sim.stop()


def test_keysim_serial_applies_to_fresh_state_only(
        yubikey_pcscd, keysim_bin, keybridge_bin, tmp_path):
    state = tmp_path / "state"
    sim = start_card(keysim_bin, yubikey_pcscd, state, SERIAL)
    try:
        assert wait_listed(keybridge_bin, yubikey_pcscd) == SERIAL
    finally:
        sim.stop()
    # Same serial again, or none: the stored serial is kept.
    for again in (SERIAL, None):
        sim = start_card(keysim_bin, yubikey_pcscd, state, again)
        try:
            assert wait_listed(keybridge_bin, yubikey_pcscd) == SERIAL
        finally:
            sim.stop()
    # A different serial for existing state is refused (exit 2, one line).
    p = run([keysim_bin, "--udp", "127.0.0.1:0", "--state", state,
             "--serial", str(SERIAL + 1)], check=False, timeout=20)
    assert p.returncode == 2
    assert f"already has serial {SERIAL}" in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1
    # Out of range: a usage error.
    for bad in ("0", "4294967296", "-1", "x"):
        p = run([keysim_bin, "--udp", "127.0.0.1:0", "--state",
                 tmp_path / "fresh", "--serial", bad], check=False, timeout=20)
        assert p.returncode == 2, (bad, p.stderr)
