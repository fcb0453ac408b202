"""Helpers for the keybridge FIDO2 tests: CTAP2 availability and resident
credentials created with python-fido2 0.9.1 (an independent client)."""
import contextlib
import hashlib
import os

import pytest
from fido2.ctap2 import ClientPin, Ctap2
from fido2.hid import CAPABILITY

SECRETS_APP = 0x70
SELECT = bytes.fromhex("00A4040007A0000005272101")  # docs/protocol/oath.md §2.2
RP_ID = "example.com"


def require_ctap2(hid):
    """Skips the calling test while keysim lacks CTAP2 (no CBOR capability):
    the test starts checking by itself once keysim speaks CTAP2."""
    if not hid.capabilities & CAPABILITY.CBOR:
        pytest.skip("keysim does not advertise the CTAPHID CBOR capability "
                    f"(capabilities 0x{hid.capabilities:02x}): its CTAP2 "
                    "authenticator has not landed yet")
    return Ctap2(hid)


@contextlib.contextmanager
def ctap2_keysim(keysim_bin, state_dir, presence):
    """A keysim of its own (state in state_dir, presence mode `presence`),
    stopped on exit; skips like require_ctap2 when it lacks CTAP2."""
    from tools.harness.keysim import KeySim
    from tools.harness.udp_hid import open_udp_device
    sim = KeySim(keysim_bin, state_dir, presence=presence).start()
    try:
        dev = open_udp_device(sim.port)
        try:
            require_ctap2(dev)
        finally:
            dev.close()
        yield sim
    finally:
        sim.stop()


def make_resident_credential(hid, pin, user_id, user_name, display_name,
                             rp_id=RP_ID):
    """authenticatorMakeCredential with rk=true and a PIN token (CTAP 2.1
    §6.1); returns the credential ID."""
    ctap = Ctap2(hid)
    cp = ClientPin(ctap)
    token = cp.get_pin_token(pin, ClientPin.PERMISSION.MAKE_CREDENTIAL, rp_id)
    cdh = hashlib.sha256(os.urandom(32)).digest()
    att = ctap.make_credential(
        cdh, {"id": rp_id, "name": "Example"},
        {"id": user_id, "name": user_name, "displayName": display_name},
        [{"type": "public-key", "alg": -7}], options={"rk": True},
        pin_uv_param=cp.protocol.authenticate(token, cdh),
        pin_uv_protocol=cp.protocol.VERSION)
    return att.auth_data.credential_data.credential_id


def discoverable_user_ids(hid, pin, rp_id=RP_ID):
    """User IDs of the discoverable credentials getAssertion finds for
    rp_id (CTAP 2.1 §6.2, no allowList); [] on NO_CREDENTIALS."""
    from fido2.ctap import CtapError
    ctap = Ctap2(hid)
    cp = ClientPin(ctap)
    token = cp.get_pin_token(pin, ClientPin.PERMISSION.GET_ASSERTION, rp_id)
    cdh = hashlib.sha256(os.urandom(32)).digest()
    try:
        assertions = ctap.get_assertions(
            rp_id, cdh, pin_uv_param=cp.protocol.authenticate(token, cdh),
            pin_uv_protocol=cp.protocol.VERSION)
    except CtapError as e:
        if e.code == CtapError.ERR.NO_CREDENTIALS:
            return []
        raise
    return sorted(a.user["id"] for a in assertions)


def oath_version(hid):
    """The OATH applet version from SELECT tag 79, as 'M.m.p'."""
    resp = hid.call(SECRETS_APP, SELECT)
    assert resp[:2] == b"\x90\x00"
    data, i = resp[2:], 0
    while i + 2 <= len(data):
        tag, length = data[i], data[i + 1]
        value = data[i + 2:i + 2 + length]
        if tag == 0x79:
            return ".".join(str(b) for b in value)
        i += 2 + length
    return None


def get_pin_token(hid, pin, rp_id=RP_ID):
    """clientPIN getPinUvAuthTokenUsingPinWithPermissions (CTAP 2.1
    §6.5.5.7.2; sub-command 9 needs permissions) — raises CtapError."""
    cp = ClientPin(Ctap2(hid))
    return cp.get_pin_token(pin, ClientPin.PERMISSION.GET_ASSERTION, rp_id)
