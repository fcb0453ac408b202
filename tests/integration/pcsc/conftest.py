"""PC/SC fixtures: keysim inserted as a YKOATH smart card into the vpcd
reader "Virtual PCD 00 00" of a private pcscd (the harness's keysim_pcscd and
keysim_card fixtures, tools/harness/pcscd.py: own socket, own vpcd port, so
parallel jobs and the machine's pcscd never meet; docs/testing.md recipe B).
Tests are skipped, with the reason, when pcscd, the vpcd driver or ykman is
missing.
"""
import os
import shutil
import subprocess
import time

import pytest

from tools.harness.pcscd import READER


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
def card(keysim_card, keybridge_bin):
    """keysim --vpcd with fresh state, visible to keybridge in READER."""
    wait_for_card(keybridge_bin)
    return keysim_card


@pytest.fixture(scope="session")
def ykman():
    path = shutil.which("ykman")
    if path is None:
        pytest.skip("ykman is not installed (apt: yubikey-manager)")
    return path
