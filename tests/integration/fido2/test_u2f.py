"""CTAP1/U2F on CTAPHID_MSG (FIDO U2F Raw Message Formats; CTAP 2.1 §10;
docs/protocol/ctap.md §7) through python-fido2 0.9.1's own U2F client,
`fido2.ctap1.Ctap1`, which checks the formats and signatures itself."""
import hashlib
import os
import struct

import pytest
from fido2.ctap import CtapError
from fido2.ctap1 import APDU, ApduError, Ctap1, SignatureData
from fido2.cose import ES256
from fido2.ctap2 import Ctap2
from fido2.hid import CAPABILITY, CTAPHID

from tools.harness.keysim import KeySim
from tools.harness.udp_hid import open_udp_device

APP_ID = "https://u2f.example.com"
APP = hashlib.sha256(APP_ID.encode()).digest()


def challenge():
    return os.urandom(32)


@pytest.fixture
def u2f(hid):
    return Ctap1(hid)


def test_init_capabilities_clear_nmsg_and_version_answers_u2f_v2(hid, u2f):
    # CTAP 2.1 §11.2.9.1.3: NMSG set means "no CTAPHID_MSG"; we speak U2F.
    assert not hid.capabilities & CAPABILITY.NMSG
    assert hid.capabilities & CAPABILITY.CBOR
    assert u2f.get_version() == "U2F_V2"


def test_register_signature_verifies_with_attestation_cert(u2f):
    client_param = challenge()
    reg = u2f.register(client_param, APP)
    reg.verify(APP, client_param)  # raises on a bad signature
    assert len(reg.public_key) == 65 and reg.public_key[0] == 0x04
    assert len(reg.key_handle) == 64
    # Another client parameter does not verify (InvalidSignature).
    with pytest.raises(Exception):
        reg.verify(APP, challenge())


def test_authenticate_check_enforce_dont_enforce_and_counter(hid, u2f):
    reg = u2f.register(challenge(), APP)
    # 0x07 check-only: 6985 for our key handle ("test of user presence
    # required", i.e. a valid handle).
    with pytest.raises(ApduError) as e:
        u2f.authenticate(challenge(), APP, reg.key_handle, check_only=True)
    assert e.value.code == APDU.USE_NOT_SATISFIED
    # 0x03 enforce-user-presence-and-sign (keysim approves at once).
    c1 = challenge()
    s1 = u2f.authenticate(c1, APP, reg.key_handle)
    assert s1.user_presence & 0x01
    s1.verify(APP, c1, reg.public_key)
    c2 = challenge()
    s2 = u2f.authenticate(c2, APP, reg.key_handle)
    s2.verify(APP, c2, reg.public_key)
    assert s2.counter > s1.counter
    # 0x08 dont-enforce-user-presence-and-sign: presence bit clear.
    c3 = challenge()
    data = c3 + APP + bytes([len(reg.key_handle)]) + reg.key_handle
    s3 = SignatureData(u2f.send_apdu(ins=Ctap1.INS.AUTHENTICATE, p1=0x08,
                                     data=data))
    assert s3.user_presence & 0x01 == 0
    s3.verify(APP, c3, reg.public_key)
    assert s3.counter > s2.counter


def test_wrong_key_handle_and_wrong_app_answer_6a80(u2f):
    reg = u2f.register(challenge(), APP)
    other_app = hashlib.sha256(b"https://other.example.com").digest()
    for check_only in (True, False):
        with pytest.raises(ApduError) as e:
            u2f.authenticate(challenge(), other_app, reg.key_handle,
                             check_only=check_only)
        assert e.value.code == APDU.WRONG_DATA
        bad = bytearray(reg.key_handle)
        bad[30] ^= 0x40
        with pytest.raises(ApduError) as e:
            u2f.authenticate(challenge(), APP, bytes(bad),
                             check_only=check_only)
        assert e.value.code == APDU.WRONG_DATA


def test_bad_cla_ins_and_length(hid, u2f):
    with pytest.raises(ApduError) as e:
        u2f.send_apdu(cla=0x80, ins=Ctap1.INS.VERSION)
    assert e.value.code == 0x6E00
    with pytest.raises(ApduError) as e:
        u2f.send_apdu(ins=0x55)
    assert e.value.code == 0x6D00
    with pytest.raises(ApduError) as e:
        u2f.send_apdu(ins=Ctap1.INS.REGISTER, data=b"\x00" * 63)
    assert e.value.code == 0x6700
    # Raw bytes that are no APDU: still an answer, 6700.
    answer = hid.call(CTAPHID.MSG, b"\x00\x03")
    assert struct.unpack(">H", answer[-2:])[0] == 0x6700


def test_u2f_credential_usable_by_ctap2_get_assertion(hid, u2f):
    # CTAP 2.1 §10.2: rpIdHash = application parameter, so the appId as
    # rpId finds the U2F key handle through the allowList.
    reg = u2f.register(challenge(), APP)
    before = u2f.authenticate(challenge(), APP, reg.key_handle).counter
    cdh = challenge()
    ctap = Ctap2(hid)
    assertion = ctap.get_assertion(
        APP_ID, cdh, [{"type": "public-key", "id": reg.key_handle}])
    assert assertion.credential["id"] == reg.key_handle
    assert assertion.auth_data.rp_id_hash == APP
    assert assertion.auth_data.counter > before
    ES256.from_ctap1(reg.public_key).verify(
        bytes(assertion.auth_data) + cdh, assertion.signature)


def test_ctap2_credential_usable_by_u2f_authenticate(hid, u2f):
    ctap = Ctap2(hid)
    att = ctap.make_credential(challenge(), {"id": "example.com"},
                               {"id": b"u2f-user"},
                               [{"type": "public-key", "alg": -7}])
    cred = att.auth_data.credential_data
    app = hashlib.sha256(b"example.com").digest()
    c = challenge()
    sig = u2f.authenticate(c, app, cred.credential_id)
    m = app + sig[:5] + c
    cred.public_key.verify(m, sig.signature)
    assert sig.counter > att.auth_data.counter


def test_presence_denied_answers_6985(keysim_bin, tmp_path):
    sim = KeySim(keysim_bin, tmp_path / "deny", presence="deny").start()
    dev = open_udp_device(sim.port)
    try:
        u2f = Ctap1(dev)
        with pytest.raises(ApduError) as e:
            u2f.register(challenge(), APP)
        assert e.value.code == APDU.USE_NOT_SATISFIED
        # Nothing was made, and no keepalive wait: CTAP2 still refuses too.
        with pytest.raises(CtapError):
            Ctap2(dev).make_credential(challenge(), {"id": "example.com"},
                                       {"id": b"u"},
                                       [{"type": "public-key", "alg": -7}])
    finally:
        dev.close()
        sim.stop()


def test_manual_presence_6985_until_touched(keysim_bin, tmp_path):
    # The U2F way (docs/protocol/ctap.md §7.5): the key answers 6985 while
    # untouched and the client asks again; a touch in between is used by the
    # next request.
    sim = KeySim(keysim_bin, tmp_path / "manual", presence="manual",
                 control=True).start()
    dev = open_udp_device(sim.port)
    try:
        u2f = Ctap1(dev)
        c = challenge()
        for _ in range(2):
            with pytest.raises(ApduError) as e:
                u2f.register(c, APP)
            assert e.value.code == APDU.USE_NOT_SATISFIED
        assert sim.control("touch")["ok"]
        reg = u2f.register(c, APP)
        reg.verify(APP, c)
        with pytest.raises(ApduError) as e:
            u2f.authenticate(challenge(), APP, reg.key_handle)
        assert e.value.code == APDU.USE_NOT_SATISFIED
        assert sim.control("touch")["ok"]
        c2 = challenge()
        u2f.authenticate(c2, APP, reg.key_handle).verify(APP, c2,
                                                         reg.public_key)
    finally:
        dev.close()
        sim.stop()
