"""PC/SC fixtures: a real pcscd with the vsmartcard vpcd driver, and keysim
inserted as a YKOATH smart card into its reader "Virtual PCD 00 00"
(docs/testing.md recipe B; docs/testing.md recipe B).

pcscd is started in the foreground (`pcscd -f`) and stopped by its PID. If a
pcscd is already running (its socket answers), that one is used. Tests are
skipped, with the reason, when pcscd, the vpcd driver or ykman is missing or
pcscd cannot start.
"""
import os
import shutil
import socket
import subprocess
import time

import pytest

from tools.harness.keysim import KeySim

READER = "Virtual PCD 00 00"
VPCD_PORT = 35963  # vpcd's first reader
VPCD_CONF = "/etc/reader.conf.d/vpcd"
PCSCD_SOCKET = "/run/pcscd/pcscd.comm"


def _pcscd_answers():
    """True when some pcscd serves its client socket."""
    if not os.path.exists(PCSCD_SOCKET):
        return False
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.connect(PCSCD_SOCKET)
        return True
    except OSError:
        return False
    finally:
        s.close()


def _vpcd_listening():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(0.2)
    try:
        return s.connect_ex(("127.0.0.1", VPCD_PORT)) == 0
    finally:
        s.close()


@pytest.fixture(scope="session")
def pcscd():
    """A running pcscd with vpcd's readers; yields None or our Popen."""
    if shutil.which("pcscd") is None:
        pytest.skip("pcscd is not installed (apt: pcscd)")
    if not os.path.exists(VPCD_CONF):
        pytest.skip("the vpcd driver is not installed (apt: vsmartcard-vpcd)")
    if _pcscd_answers():
        yield None  # someone else's pcscd: use it, leave it running
        return
    proc = subprocess.Popen(["pcscd", "-f"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().strip().splitlines()
            pytest.skip("pcscd could not start: " + (err[-1] if err else
                                                      f"exit {proc.returncode}"))
        if _pcscd_answers() and _vpcd_listening():
            break
        time.sleep(0.05)
    else:
        proc.terminate()
        proc.wait(5)
        pytest.skip("pcscd did not come up within 10 s")
    yield proc
    proc.terminate()
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    proc.stderr.close()


def wait_for_card(keybridge_bin, timeout=10.0):
    """Waits until `keybridge list` shows the OATH card in READER."""
    deadline = time.monotonic() + timeout
    out = ""
    while time.monotonic() < deadline:
        p = subprocess.run([str(keybridge_bin), "list"], capture_output=True,
                           text=True, stdin=subprocess.DEVNULL, timeout=20,
                           env={k: v for k, v in os.environ.items()
                                if k != "KEYBRIDGE_DEVICE"})
        out = p.stdout
        if f"pcsc:{READER}\t" in out:
            return out
        time.sleep(0.1)
    raise AssertionError(f"the card never appeared in {READER!r}: {out!r}")


@pytest.fixture
def card(pcscd, keysim_bin, keybridge_bin, tmp_path):
    """keysim --vpcd with fresh state, visible in READER."""
    sim = KeySim(keysim_bin, tmp_path / "state",
                 extra_args=["--vpcd", f"127.0.0.1:{VPCD_PORT}"]).start()
    # The udp line comes first (KeySim read it); the vpcd line follows any
    # other transport's line.
    lines = [sim.proc.stdout.readline().strip() for _ in range(1)]
    while not lines[-1].startswith("listening vpcd:") and len(lines) < 4:
        lines.append(sim.proc.stdout.readline().strip())
    assert lines[-1] == f"listening vpcd:127.0.0.1:{VPCD_PORT}", lines
    try:
        wait_for_card(keybridge_bin)
        yield sim
    finally:
        sim.stop()


@pytest.fixture(scope="session")
def ykman():
    path = shutil.which("ykman")
    if path is None:
        pytest.skip("ykman is not installed (apt: yubikey-manager)")
    return path
