"""A project's tests against keysim through its pytest plugin.

Nothing here is imported from keysim's sources: with the keysim package
installed, pytest loads the plugin `keysim` by itself (pytest11 entry point)
and these fixtures exist. Run: python3 -m pytest -q
"""
import hashlib
import hmac
import os
import struct
import time

from fido2.ctap2 import Ctap2
from keysim_harness.oath import OathClient

RP = {"id": "example.com", "name": "Example"}
USER = {"id": b"user-1", "name": "alice"}
ES256 = [{"type": "public-key", "alg": -7}]


def test_register_then_sign_in(keysim_hid):
    ctap = Ctap2(keysim_hid)
    client_data_hash = os.urandom(32)
    attestation = ctap.make_credential(client_data_hash, RP, USER, ES256)
    credential = attestation.auth_data.credential_data

    assertion = ctap.get_assertion(
        RP["id"], client_data_hash,
        [{"type": "public-key", "id": credential.credential_id}])
    assertion.verify(client_data_hash, credential.public_key)  # raises if bad


def test_totp_code_matches_rfc6238(keysim_oath):
    secret = b"12345678901234567890"
    keysim_oath.add("alice@example.com", secret)
    now = time.time()
    code = keysim_oath.code("alice@example.com", at=now)
    # RFC 6238 with SHA-1, 6 digits, 30 s steps, computed here independently.
    mac = hmac.new(secret, struct.pack(">Q", int(now // 30)), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF
    assert code == f"{value % 10**6:06d}"


def test_accounts_survive_a_power_cycle(keysim, keysim_oath):
    keysim_oath.add("kept", b"k" * 20)
    keysim.power_cycle()  # like unplugging: the old CTAPHID channel is gone
    replugged = keysim.open_hid()
    try:
        assert OathClient(replugged).names() == ["kept"]
    finally:
        replugged.close()


def test_each_test_gets_a_fresh_key(keysim_oath):
    assert keysim_oath.names() == []
