"""keysim --trace FILE and keybridge trace FILE end to end (docs/trace.md):
real clients (keybridge's OATH commands, python-fido2's makeCredential and
clientPIN) against a tracing keysim, then the decoded trace names the
commands and masks the secrets."""
import os
import re
import stat
import subprocess

import pytest
from fido2.ctap2 import ClientPin, Ctap2

from tools.harness.keysim import KeySim
from tools.harness.udp_hid import open_udp_device

SECRET_B32 = "JBSWY3DPEHPK3PXP"  # b"Hello!\xde\xad\xbe\xef"
SECRET_HEX = "48656c6c6f21deadbeef"


def decode(keybridge_bin, path, *args, check=True):
    proc = subprocess.run([str(keybridge_bin), "trace", *args, str(path)],
                          capture_output=True, text=True, timeout=30)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture
def traced(keysim_bin, tmp_path):
    path = tmp_path / "keysim.trace"
    sim = KeySim(keysim_bin, tmp_path / "state",
                 extra_args=["--trace", str(path)]).start()
    sim.trace = path
    yield sim
    sim.stop()


def keybridge(keybridge_bin, sim, *args, input=None):
    env = dict(os.environ)
    env.pop("KEYBRIDGE_DEVICE", None)
    proc = subprocess.run([str(keybridge_bin), "--device", sim.uri, *args],
                          input=input, capture_output=True, text=True,
                          env=env, timeout=60,
                          stdin=None if input is not None else subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_trace_names_commands_and_masks_secrets(traced, keybridge_bin):
    keybridge(keybridge_bin, traced, "oath", "accounts", "add",
              "Example:alice", input=SECRET_B32 + "\n")
    keybridge(keybridge_bin, traced, "oath", "accounts", "list")
    keybridge(keybridge_bin, traced, "oath", "accounts", "code", "alice",
              "--single")
    dev = open_udp_device(traced.port)
    try:
        ctap = Ctap2(dev)
        ctap.make_credential(
            os.urandom(32), {"id": "example.org", "name": "Example"},
            {"id": b"user-1", "name": "alice"},
            [{"type": "public-key", "alg": -7}])
        ClientPin(ctap).set_pin("12345678")
    finally:
        dev.close()
    traced.stop()

    mode = stat.S_IMODE(os.stat(traced.trace).st_mode)
    assert mode == 0o600
    raw = traced.trace.read_text()
    assert raw.startswith("# keysim trace 1\n")
    assert SECRET_HEX in raw  # the trace holds what crossed the wire

    out = decode(keybridge_bin, traced.trace).stdout
    for expected in (
            " INIT nonce ", "OATH PUT (00010000) name \"Example:alice\"",
            "key TOTP/SHA1 digits 6 <secret 10 bytes>", "SW 9000 success to PUT",
            "OATH LIST", "OATH CALCULATE (00a20001)", "truncated digits 6",
            "CBOR authenticatorMakeCredential {clientDataHash(1): h'",
            "rp(2): {\"id\": \"example.org\"", "user(3): {", "pubKeyCredParams(4): [",
            "CBOR CTAP2_OK (authenticatorMakeCredential) {fmt(1): \"packed\"",
            "KEEPALIVE UPNEEDED", "subCommand(2): 3 (setPIN)"):
        assert expected in out, f"{expected!r} not in:\n{out}"
    # CTAP 2.1 §6.5.5.5 setPIN: newPinEnc and pinUvAuthParam are masked.
    assert re.search(r"newPinEnc\(5\): <secret (64|80) bytes>", out), out
    assert re.search(r"pinUvAuthParam\(4\): <secret (16|32) bytes>", out), out
    assert SECRET_HEX not in out
    assert "! " not in out  # every message reassembled

    shown = decode(keybridge_bin, traced.trace, "--show-secrets").stdout
    assert "key h'2106" + SECRET_HEX + "'" in shown


def test_a_killed_keysim_leaves_a_readable_trace(traced, keybridge_bin):
    keybridge(keybridge_bin, traced, "oath", "accounts", "list")
    traced.kill9()
    out = decode(keybridge_bin, traced.trace).stdout
    assert "OATH LIST" in out
    assert "SW 9000 success to LIST" in out


def test_bad_trace_is_an_error_with_its_line(tmp_path, keybridge_bin):
    bad = tmp_path / "bad.trace"
    bad.write_text("# keysim trace 1\n"
                   "T+0.000001 vpcd in 1 01\n"
                   "T+0.000002 vpcd in 2 0g00\n")
    proc = decode(keybridge_bin, bad, check=False)
    assert proc.returncode == 2
    assert f"{bad}: line 3: bad hex digit" in proc.stderr
    assert "reader power on" in proc.stdout  # what came before is decoded
    missing = decode(keybridge_bin, tmp_path / "none.trace", check=False)
    assert missing.returncode == 2
    assert "cannot read trace file" in missing.stderr
    binary = tmp_path / "binary.trace"
    binary.write_bytes(b"\x00\xff" + os.urandom(4096))
    proc = decode(keybridge_bin, binary, check=False)
    assert proc.returncode == 2, proc.stderr  # a clear error, not a crash
    assert "line 1:" in proc.stderr
