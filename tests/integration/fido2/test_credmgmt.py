"""credentialManagement (fido2-tests fido2v1/test_credmgmt.py) through
python-fido2's CredentialManagement (0x0A, since getInfo has credMgmt), and the
prototype 0x41 sent raw."""
import pytest
from fido2.ctap import CtapError
from fido2.ctap2 import ClientPin, Ctap2, CredentialManagement
from fido2.utils import sha256

CDH = b"\x44" * 32
PIN = "123456"


def make_rk(ctap, pin, rp, user_id, name):
    token = pin.get_pin_token(PIN, ClientPin.PERMISSION.MAKE_CREDENTIAL, rp)
    return ctap.make_credential(CDH, {"id": rp, "name": rp.upper()},
                                {"id": user_id, "name": name, "displayName": name.title()},
                                [{"type": "public-key", "alg": -7}], options={"rk": True},
                                pin_uv_param=pin.protocol.authenticate(token, CDH),
                                pin_uv_protocol=pin.protocol.VERSION)


def credman(ctap, pin):
    token = pin.get_pin_token(PIN, ClientPin.PERMISSION.CREDENTIAL_MGMT)
    return CredentialManagement(ctap, pin.protocol, token)


@pytest.fixture
def populated(ctap):
    pin = ClientPin(ctap)
    pin.set_pin(PIN)
    make_rk(ctap, pin, "a.example", b"u1", "alice")
    make_rk(ctap, pin, "a.example", b"u2", "bob")
    make_rk(ctap, pin, "b.example", b"u3", "carol")
    return pin


def test_metadata_and_enumeration(ctap, populated):
    cm = credman(ctap, populated)
    meta = cm.get_metadata()
    assert meta[CredentialManagement.RESULT.EXISTING_CRED_COUNT] == 3
    assert meta[CredentialManagement.RESULT.MAX_REMAINING_COUNT] == 47
    rps = cm.enumerate_rps()
    assert sorted(r[CredentialManagement.RESULT.RP]["id"] for r in rps) == ["a.example", "b.example"]
    creds = cm.enumerate_creds(sha256(b"a.example"))
    assert sorted(c[CredentialManagement.RESULT.USER]["name"] for c in creds) == ["alice", "bob"]


def test_delete_and_update(ctap, populated, reboot):
    cm = credman(ctap, populated)
    creds = cm.enumerate_creds(sha256(b"a.example"))
    victim = creds[0][CredentialManagement.RESULT.CREDENTIAL_ID]
    cm.delete_cred(victim)
    with pytest.raises(CtapError) as e:
        ctap.get_assertion("a.example", CDH, [victim])
    assert e.value.code == CtapError.ERR.NO_CREDENTIALS
    # Survives a power cycle; enumeration after deletion.
    ctap2 = Ctap2(reboot())
    pin = ClientPin(ctap2)
    cm = credman(ctap2, pin)
    assert cm.get_metadata()[CredentialManagement.RESULT.EXISTING_CRED_COUNT] == 2
    left = cm.enumerate_creds(sha256(b"a.example"))
    assert len(left) == 1
    user = dict(left[0][CredentialManagement.RESULT.USER])
    cm.update_user_info(left[0][CredentialManagement.RESULT.CREDENTIAL_ID],
                        {"id": user["id"], "name": "renamed"})
    again = credman(ctap2, pin).enumerate_creds(sha256(b"a.example"))
    assert again[0][CredentialManagement.RESULT.USER]["name"] == "renamed"


def test_wrong_auth_and_next_without_begin(ctap, populated):
    with pytest.raises(CtapError) as e:
        ctap.send_cbor(0x0A, {1: 1, 3: 2, 4: b"\0" * 32})
    assert e.value.code == CtapError.ERR.PIN_AUTH_INVALID
    with pytest.raises(CtapError) as e:
        ctap.send_cbor(0x0A, {1: 3})
    assert e.value.code == CtapError.ERR.NOT_ALLOWED


def test_prototype_command_0x41(ctap, populated):
    token = populated.get_pin_token(PIN, ClientPin.PERMISSION.CREDENTIAL_MGMT)
    param = populated.protocol.authenticate(token, b"\x01")
    meta = ctap.send_cbor(0x41, {1: 1, 3: populated.protocol.VERSION, 4: param})
    assert meta[1] == 3
