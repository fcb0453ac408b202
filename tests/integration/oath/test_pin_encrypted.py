"""Nitrokey 3 PIN-encrypted credentials (docs/protocol/oath.md §2.9.1):
keysim through an independent client (python-fido2 + tools/harness/oath.py),
and `keybridge oath accounts code|list --pin` end to end."""
import json
import os
import pty
import select
import subprocess
import time

from tools.harness.oath import (RESET, SECRETS_APP, apdu, calculate, code_from,
                                put, split_sw, tlv)

RFC_SECRET = b"12345678901234567890"
PIN = b"123456"
CODE_AT_59 = "94287082"  # RFC 6238 Appendix B, SHA-1, 8 digits


def call(hid, data):
    return split_sw(hid.call(SECRETS_APP, data))


def verify(pin=PIN):
    return apdu(0xB2, data=tlv(0x80, pin))


def setup_pin_credential(hid, name=b"p", secret=RFC_SECRET):
    assert call(hid, apdu(0xB4, data=tlv(0x80, PIN)))[0] == 0x9000
    assert call(hid, verify())[0] == 0x9000
    assert call(hid, put(name, secret, digits=8, props=0x04))[0] == 0x9000


def test_sealed_credential_survives_kill_and_pin_change(keysim):
    hid = keysim.open_hid()
    secret = b"sealed-secret-0123456"
    setup_pin_credential(hid, secret=secret)
    assert call(hid, calculate(b"p", 1))[0] == 0x6A82  # no VERIFY
    for path in keysim.state_files():
        assert secret[:8] not in open(path, "rb").read()
    hid.close()
    keysim.kill9()
    keysim.start()
    hid = keysim.open_hid()
    assert call(hid, verify())[0] == 0x9000
    sw, data = call(hid, calculate(b"p", 1))
    assert sw == 0x9000
    code = code_from(data)
    # CHANGE PIN rewraps the same key: same code under the new PIN only.
    change = apdu(0xB3, data=tlv(0x80, PIN) + tlv(0x81, b"654321"))
    assert call(hid, change)[0] == 0x9000
    assert call(hid, verify())[0] == 0x6300
    assert call(hid, verify(b"654321"))[0] == 0x9000
    sw, data = call(hid, calculate(b"p", 1))
    assert (sw, code_from(data)) == (0x9000, code)
    # RESET: gone with its PIN.
    assert call(hid, RESET)[0] == 0x9000
    assert call(hid, verify(b"654321"))[0] == 0x6982
    hid.close()


def test_keybridge_code_and_list_with_pin(keysim, keybridge):
    no_pin = keybridge.run("oath", "accounts", "code", "--pin",
                           input="123456\n", check=False)
    assert no_pin.returncode == 2 and "no OATH PIN" in no_pin.stderr
    hid = keysim.open_hid()
    setup_pin_credential(hid, name=b"pinned")
    hid.close()
    keybridge.run("oath", "accounts", "add", "open", "--digits", 8,
                  input="GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\n")
    code = ["oath", "accounts", "code", "--time", 59]

    plain = keybridge.run(*code).stdout
    assert [line.split()[0] for line in plain.splitlines()] == ["open"]

    shown = keybridge.run(*code, "--pin", input="123456\n").stdout
    assert dict(line.split() for line in shown.splitlines()) == {
        "pinned": CODE_AT_59, "open": CODE_AT_59}
    one = keybridge.run(*code, "pinned", "--single", "--pin",
                        input="123456\n")
    assert one.stdout == CODE_AT_59 + "\n"
    listed = json.loads(keybridge.run("oath", "accounts", "list", "--json",
                                      "--pin", input="123456\n").stdout)
    assert {(e["name"], e["pin_protected"]) for e in listed} == {
        ("pinned", True), ("open", False)}

    # Not found without the PIN (stdin not a terminal: no prompt).
    missing = keybridge.run(*code, "pinned", "--single", check=False)
    assert missing.returncode == 8 and "--pin" in missing.stderr

    # Wrong PIN: exit 11, retries left, nothing listed or calculated.
    wrong = keybridge.run(*code, "--pin", input="000000\n", check=False)
    assert wrong.returncode == 11
    assert "wrong PIN, 7 retries left" in wrong.stderr
    assert wrong.stdout == ""
    assert "000000" not in wrong.stderr


def test_keybridge_asks_for_pin_when_a_name_is_not_found(keysim, keybridge):
    """As nitropy's `secrets get-otp`: on a terminal, a query that finds
    nothing leads to a PIN prompt and a second search (stdin is a pty)."""
    hid = keysim.open_hid()
    setup_pin_credential(hid, name=b"pinned")
    hid.close()
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [keybridge.binary, "--device", keybridge.device_uri, "oath",
         "accounts", "code", "pinned", "--single", "--time", "59"],
        stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=keybridge.env, start_new_session=True)
    os.close(slave)
    try:
        stderr = b""
        deadline = time.monotonic() + 20
        while b"Enter PIN: " not in stderr:  # echo is off from here on
            assert time.monotonic() < deadline, stderr
            ready, _, _ = select.select([proc.stderr], [], [], 1)
            if ready:
                chunk = os.read(proc.stderr.fileno(), 4096)
                assert chunk, stderr
                stderr += chunk
        os.write(master, PIN + b"\n")
        out, rest = proc.communicate(timeout=20)
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, stderr + rest
    assert out == (CODE_AT_59 + "\n").encode()
