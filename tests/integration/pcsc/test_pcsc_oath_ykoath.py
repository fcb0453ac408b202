"""keybridge's YKOATH client against keysim as a smart card, checked with
ykman (docs/protocol/oath.md §3): codes come from one CALCULATE ALL (counted
in a `keysim --trace` file, docs/trace.md), and `oath access
change|remember|forget` (SET CODE / VALIDATE) interoperates with ykman's
password handling."""
import json
import os
import re
import stat
import subprocess
import time

import pytest

from tools.harness.keysim import KeySim
from tools.harness.pcscd import READER, wait_for_card

from test_pcsc_oath import ALICE, BOB, kb, oathtool, same_window, yk


def codes(text):
    """`NAME  CODE` lines (CODE may be "[HOTP Account]") → {name: code}."""
    return dict(re.split(r"\s{2,}", line.strip(), maxsplit=1)
                for line in text.strip().splitlines())


@pytest.fixture
def traced_card(keysim_binary, keysim_pcscd, keybridge_bin, tmp_path):
    """keysim in the private pcscd's reader, tracing to `.trace`."""
    trace = tmp_path / "card.trace"
    sim = KeySim(keysim_binary, tmp_path / "state", presence="auto",
                 extra_args=["--vpcd", keysim_pcscd.vpcd_address,
                             "--trace", str(trace)]).start()
    sim.trace = trace
    try:
        wait_for_card(READER)
    except ImportError:
        pass
    # As conftest.py's `card`: until keybridge itself sees the fresh card.
    deadline = time.monotonic() + 10
    env = {k: v for k, v in os.environ.items() if k != "KEYBRIDGE_DEVICE"}
    while f"pcsc:{READER}\t" not in subprocess.run(
            [str(keybridge_bin), "list"], capture_output=True, text=True,
            stdin=subprocess.DEVNULL, env=env, timeout=20).stdout:
        assert time.monotonic() < deadline, "keybridge never saw the card"
        time.sleep(0.1)
    yield sim
    sim.stop()


def apdus(trace, start):
    """(INS, P1) of every command APDU keysim received after byte `start`."""
    out = []
    with open(trace) as f:
        f.seek(start)
        for line in f:
            words = line.split()
            if len(words) == 5 and words[1:3] == ["vpcd", "in"] and \
                    int(words[3]) >= 4:
                b = bytes.fromhex(words[4])
                out.append((b[1], b[2]))
    return out


CALCULATE_ALL = (0xA4, 0x00)
SELECT = (0xA4, 0x04)


def test_codes_from_one_calculate_all_equal_ykmans(traced_card, ykman,
                                                   keybridge_bin):
    kb(keybridge_bin, "oath", "accounts", "add", "Example:alice",
       input=ALICE + "\n")
    kb(keybridge_bin, "oath", "accounts", "add", "-i", "Corp", "-d", "8",
       "-a", "SHA256", "bob", input=BOB + "\n")
    kb(keybridge_bin, "oath", "accounts", "add", "-p", "60", "slow",
       input=BOB + "\n")
    kb(keybridge_bin, "oath", "accounts", "add", "--touch", "touchy",
       input=ALICE + "\n")
    kb(keybridge_bin, "oath", "accounts", "add", "--hotp", "counter",
       input=ALICE + "\n")

    def both():
        start = os.path.getsize(traced_card.trace)
        mine = kb(keybridge_bin, "oath", "accounts", "code").stdout
        sent = apdus(traced_card.trace, start)
        return (codes(mine), codes(yk(ykman, "accounts", "code").stdout), sent,
                oathtool(ALICE, "--totp"),
                oathtool(BOB, "--totp", "--time-step-size=60"))
    mine, theirs, sent, alice, slow = same_window(both, period=60)
    assert mine == theirs
    assert mine["Example:alice"] == alice
    assert mine["60/slow"] == slow
    assert mine["touchy"] == "[Requires Touch]"
    assert mine["counter"] == "[HOTP Account]"
    # SELECT, one CALCULATE ALL, one CALCULATE for the 60-s account; no LIST.
    assert sent == [SELECT, CALCULATE_ALL, (0xA2, 0x00)], sent

    # --json also names the hash algorithm, which CALCULATE ALL does not
    # carry: one LIST more.
    start = os.path.getsize(traced_card.trace)
    rows = json.loads(kb(keybridge_bin, "oath", "accounts", "code",
                         "--json").stdout)
    assert {r["name"]: r["algorithm"] for r in rows}["Corp:bob"] == "SHA256"
    assert {r["name"]: r["type"] for r in rows}["counter"] == "HOTP"
    assert apdus(traced_card.trace, start) == [
        SELECT, CALCULATE_ALL, (0xA1, 0x00), (0xA2, 0x00)]

    # One account singled out: CALCULATE ALL, then CALCULATE for touch and
    # HOTP accounts only (as ykman).
    start = os.path.getsize(traced_card.trace)
    got, want = same_window(lambda: (
        kb(keybridge_bin, "oath", "accounts", "code", "-s",
           "touchy").stdout.strip(),
        codes(yk(ykman, "accounts", "code", "touchy").stdout)["touchy"]))
    assert got == want == oathtool(ALICE, "--totp")
    assert kb(keybridge_bin, "oath", "accounts", "code", "-s",
              "counter").stdout.strip() == oathtool(ALICE, "--hotp", "-c", "0")
    assert codes(yk(ykman, "accounts", "code", "counter").stdout)["counter"] \
        == oathtool(ALICE, "--hotp", "-c", "1")
    start = os.path.getsize(traced_card.trace)
    alice = kb(keybridge_bin, "oath", "accounts", "code", "-s",
               "alice").stdout.strip()
    assert len(alice) == 6
    assert apdus(traced_card.trace, start) == [SELECT, CALCULATE_ALL]


def keys_file(home):
    return home / "keybridge" / "oath_keys.json"


def test_access_change_remember_forget_with_ykman(card, ykman, keybridge_bin,
                                                  tmp_path, monkeypatch):
    data_home = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(data_home))
    kb(keybridge_bin, "oath", "accounts", "add", "Example:alice",
       input=ALICE + "\n")

    # No password yet: `change` reads only the new one.
    out = kb(keybridge_bin, "oath", "access", "change", input="s3cret\n")
    assert "Password updated." in out.stdout
    assert "s3cret" not in out.stdout + out.stderr
    assert yk(ykman, "accounts", "list", check=False).returncode != 0
    assert yk(ykman, "accounts", "list", "-p", "s3cret").stdout.split() == \
        ["Example:alice"]
    assert not keys_file(data_home).exists()

    # A wrong password: a clear error, and nothing remembered.
    wrong = kb(keybridge_bin, "oath", "access", "remember", input="nope\n",
               check=False)
    assert wrong.returncode == 11, wrong.stderr  # as a wrong PIN
    assert "wrong password" in wrong.stderr
    assert "nope" not in wrong.stderr
    assert not keys_file(data_home).exists()

    out = kb(keybridge_bin, "oath", "access", "remember", input="s3cret\n")
    assert "Password remembered." in out.stdout
    path = keys_file(data_home)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "s3cret" not in path.read_text()
    # The next command needs no password (stdin is /dev/null).
    assert kb(keybridge_bin, "oath", "accounts", "list").stdout.split() == \
        ["Example:alice"]

    # change: the remembered key unlocks, the new password is read, and the
    # remembered key follows it.
    kb(keybridge_bin, "oath", "access", "change", input="other\n")
    assert yk(ykman, "accounts", "list", "-p", "other").stdout.split() == \
        ["Example:alice"]
    assert kb(keybridge_bin, "oath", "accounts", "list").stdout.split() == \
        ["Example:alice"]

    # ykman changes the password: the remembered key is refused, keybridge
    # says so and asks (after a fresh SELECT challenge).
    yk(ykman, "access", "change", "-p", "other", "-n", "third")
    stale = kb(keybridge_bin, "oath", "accounts", "list", input="third\n")
    assert stale.stdout.split() == ["Example:alice"]

    out = kb(keybridge_bin, "oath", "access", "forget")
    assert "Password forgotten." in out.stdout
    locked = kb(keybridge_bin, "oath", "accounts", "list", check=False)
    assert locked.returncode != 0
    assert locked.stderr.strip()
    assert kb(keybridge_bin, "oath", "accounts", "list",
              input="third\n").stdout.split() == ["Example:alice"]

    # --clear (current password on stdin) unlocks the card for ykman too.
    kb(keybridge_bin, "oath", "access", "change", "--clear", input="third\n")
    assert yk(ykman, "accounts", "list").stdout.split() == ["Example:alice"]
    out = kb(keybridge_bin, "oath", "access", "forget", "--all")
    assert "All passwords have been forgotten." in out.stdout
    assert not path.exists()
