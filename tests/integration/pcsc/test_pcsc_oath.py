"""keysim as a YKOATH smart card in pcscd's vpcd reader, driven by Yubico's
ykman and by keybridge over `pcsc:` (docs/protocol/oath.md §CCID; docs/protocol/oath.md §3). Codes
are checked against oathtool (docs/testing.md recipe C)."""
import os
import subprocess
import time

import pytest

READER = "Virtual PCD 00 00"  # as in conftest.py

DEVICE = f"pcsc:{READER}"
ALICE = "JBSWY3DPEHPK3PXP"
BOB = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"


def run(cmd, input=None, check=True, timeout=30):
    env = {k: v for k, v in os.environ.items() if k != "KEYBRIDGE_DEVICE"}
    p = subprocess.run([str(c) for c in cmd], input=input, capture_output=True,
                       text=True, timeout=timeout, env=env,
                       stdin=None if input is not None else subprocess.DEVNULL)
    if check and p.returncode != 0:
        raise AssertionError(f"{cmd} exited {p.returncode}: {p.stderr.strip()}")
    return p


def yk(ykman, *args, **kw):
    return run([ykman, "--reader", READER, "oath", *args], **kw)


def kb(keybridge_bin, *args, **kw):
    return run([keybridge_bin, "--device", DEVICE, *args], **kw)


def oathtool(secret, *opts):
    return run(["oathtool", "-b", *opts, "-"], input=secret + "\n").stdout.strip()


def same_window(fn, period=30):
    """Runs fn() so that it starts and ends in one TOTP window."""
    for _ in range(3):
        start = int(time.time()) // period
        result = fn()
        if int(time.time()) // period == start:
            return result
    raise AssertionError("could not stay inside one TOTP window")


def codes(text):
    """`NAME  CODE` lines → {name: code}."""
    out = {}
    for line in text.strip().splitlines():
        name, _, code = line.rpartition(" ")
        out[name.strip()] = code
    return out


def test_ykman_add_list_code_delete(card, ykman):
    # ykman prompts for the secret; it is given on stdin.
    yk(ykman, "accounts", "add", "Example:alice", input=ALICE + "\n")
    yk(ykman, "accounts", "add", "-i", "Corp", "-d", "8", "-a", "SHA256",
       "bob", input=BOB + "\n")
    listed = yk(ykman, "accounts", "list").stdout.split()
    assert listed == ["Corp:bob", "Example:alice"] or \
        sorted(listed) == ["Corp:bob", "Example:alice"]

    def both():
        got = codes(yk(ykman, "accounts", "code").stdout)
        want = {"Example:alice": oathtool(ALICE, "--totp"),
                "Corp:bob": oathtool(BOB, "--totp=sha256", "-d", "8")}
        return got, want
    got, want = same_window(both)
    assert got == want

    # PUT overwrites on a YubiKey (§3.1): same name, other secret.
    yk(ykman, "accounts", "add", "-f", "Example:alice", input=BOB + "\n")
    got, want = same_window(lambda: (
        codes(yk(ykman, "accounts", "code", "alice").stdout)["Example:alice"],
        oathtool(BOB, "--totp")))
    assert got == want

    yk(ykman, "accounts", "delete", "-f", "Example:alice")
    assert yk(ykman, "accounts", "list").stdout.split() == ["Corp:bob"]


def test_keybridge_and_ykman_share_the_card(card, ykman, keybridge_bin):
    listing = run([keybridge_bin, "list"]).stdout
    assert f"pcsc\t{DEVICE}\tsmart card\toath: yes (version 5.4.3)" in listing

    kb(keybridge_bin, "oath", "accounts", "add", "-i", "Corp", "bob",
       input=BOB + "\n")
    yk(ykman, "accounts", "add", "Example:alice", input=ALICE + "\n")
    assert sorted(yk(ykman, "accounts", "list").stdout.split()) == \
        ["Corp:bob", "Example:alice"]
    assert sorted(kb(keybridge_bin, "oath", "accounts", "list").stdout.split()) \
        == ["Corp:bob", "Example:alice"]

    def all_three():
        return (kb(keybridge_bin, "oath", "accounts", "code", "-s",
                   "alice").stdout.strip(),
                codes(yk(ykman, "accounts", "code", "bob").stdout)["Corp:bob"],
                oathtool(ALICE, "--totp"), oathtool(BOB, "--totp"))
    kb_alice, yk_bob, want_alice, want_bob = same_window(all_three)
    assert kb_alice == want_alice
    assert yk_bob == want_bob

    # HOTP: ykman sends the empty challenge `74 00` (§3); the counter is
    # shared by both clients.
    kb(keybridge_bin, "oath", "accounts", "add", "--hotp", "counter",
       input=ALICE + "\n")
    assert codes(yk(ykman, "accounts", "code", "counter").stdout)["counter"] \
        == oathtool(ALICE, "--hotp", "-c", "0")
    assert kb(keybridge_bin, "oath", "accounts", "code", "-s",
              "counter").stdout.strip() == oathtool(ALICE, "--hotp", "-c", "1")

    kb(keybridge_bin, "oath", "accounts", "delete", "Corp:bob")
    assert "Corp:bob" not in yk(ykman, "accounts", "list").stdout
    missing = kb(keybridge_bin, "oath", "accounts", "delete", "nobody",
                 check=False)
    assert missing.returncode != 0


def test_send_remaining_many_accounts(card, ykman, keybridge_bin):
    # 24 long names: LIST and CALCULATE ALL exceed one short APDU (61xx).
    names = [f"Issuer-{i:02d}:{'a' * 40}{i:02d}@example.com" for i in range(24)]
    for n in names:
        kb(keybridge_bin, "oath", "accounts", "add", n, input=ALICE + "\n")
    assert sorted(yk(ykman, "accounts", "list").stdout.split()) == sorted(names)
    assert sorted(kb(keybridge_bin, "oath", "accounts", "list").stdout.split()) \
        == sorted(names)
    got, want = same_window(lambda: (codes(yk(ykman, "accounts", "code").stdout),
                                     oathtool(ALICE, "--totp")))
    assert set(got) == set(names)
    assert set(got.values()) == {want}


def test_password(card, ykman, keybridge_bin):
    yk(ykman, "accounts", "add", "Example:alice", input=ALICE + "\n")
    # New password on stdin (ykman asks twice).
    yk(ykman, "access", "change", input="s3cret\ns3cret\n")
    assert "password set" in run([keybridge_bin, "list"]).stdout

    locked = yk(ykman, "accounts", "list", check=False)
    assert locked.returncode != 0
    assert yk(ykman, "accounts", "list", "-p", "s3cret").stdout.split() == \
        ["Example:alice"]
    wrong = yk(ykman, "accounts", "list", "-p", "nope", check=False)
    assert wrong.returncode != 0

    # keybridge reads the password from stdin (a no-echo prompt on a tty).
    assert kb(keybridge_bin, "oath", "accounts", "list",
              input="s3cret\n").stdout.split() == ["Example:alice"]
    bad = kb(keybridge_bin, "oath", "accounts", "list", input="nope\n",
             check=False)
    assert bad.returncode != 0
    assert "wrong password" in bad.stderr
    no_input = kb(keybridge_bin, "oath", "accounts", "list", check=False)
    assert no_input.returncode != 0
    got, want = same_window(lambda: (
        kb(keybridge_bin, "oath", "accounts", "code", "-s", "alice",
           input="s3cret\n").stdout.strip(),
        oathtool(ALICE, "--totp")))
    assert got == want
    # add: the secret first, then the password (as ykman prompts).
    kb(keybridge_bin, "oath", "accounts", "add", "-i", "Corp", "bob",
       input=BOB + "\ns3cret\n")
    assert "Corp:bob" in yk(ykman, "accounts", "list", "-p", "s3cret").stdout

    # Clearing the password unlocks the card for both clients.
    yk(ykman, "access", "change", "-p", "s3cret", "-c")
    assert sorted(kb(keybridge_bin, "oath", "accounts", "list").stdout.split()) \
        == ["Corp:bob", "Example:alice"]
    assert "password set" not in run([keybridge_bin, "list"]).stdout


# What yubikey-manager's own device tests expect of RENAME onto an existing
# name (docs/protocol/oath.md §3 "RENAME"), through yubikit, which sends
# RENAME without ykman's CLI-side name check.
RENAME_ONTO_ITSELF = f"""
import sys
from ykman.pcsc import list_devices
from yubikit.core.smartcard import ApduError, SmartCardConnection
from yubikit.oath import CredentialData, HASH_ALGORITHM, OATH_TYPE, OathSession

dev = next(iter(list_devices({READER!r})))
with dev.open_connection(SmartCardConnection) as conn:
    oath = OathSession(conn)
    cred = oath.put_credential(
        CredentialData("name", OATH_TYPE.TOTP, HASH_ALGORITHM.SHA1, b"secret"))
    new_id = oath.rename_credential(cred.id, "newname", "newissuer")
    try:
        oath.rename_credential(new_id, "newname", "newissuer")
    except ApduError as e:
        print(hex(e.sw))
        print(sorted(c.id.decode() for c in oath.list_credentials()))
        sys.exit(0)
    sys.exit("renaming onto its own name succeeded")
"""


def test_yubikit_rename_onto_own_name_is_an_error(card, ykman):
    out = run(["/usr/bin/python3", "-c", RENAME_ONTO_ITSELF]).stdout.split("\n")
    assert out[0] == "0x6a80"
    assert out[1] == "['newissuer:newname']"


def test_the_one_reader_with_an_oath_applet_is_chosen(card, keybridge_bin):
    # No --device, no KEYBRIDGE_DEVICE, no FIDO HID key: keybridge picks the
    # only reader whose card answers the OATH SELECT, as ykman does
    # (bridge/cli/device_resolve.h ResolveOathKey). "Virtual PCD 00 01" is
    # empty and is passed over.
    kb(keybridge_bin, "oath", "accounts", "add", "alice", input=ALICE + "\n")
    listed = run([keybridge_bin, "oath", "accounts", "list"])
    assert listed.stdout.split() == ["alice"], listed.stdout
    # FIDO commands do not fall back to a smart card.
    fido = run([keybridge_bin, "fido", "info"], check=False)
    assert fido.returncode == 3, fido.stderr
