"""clientPIN with python-fido2's ClientPin (protocols 2 and 1; fido2-tests
pin/test_set_pin.py, pin/test_pin.py, pin/test_lockout.py). Power cycle =
restart keysim on the same state dir."""
import pytest
from fido2.ctap import CtapError
from fido2.ctap2 import ClientPin, Ctap2
from fido2.ctap2.pin import PinProtocolV1, PinProtocolV2

CDH = b"\x22" * 32
RP = {"id": "example.com", "name": "Example"}
USER = {"id": b"u1", "name": "alice"}
ES256 = [{"type": "public-key", "alg": -7}]
GA = ClientPin.PERMISSION.GET_ASSERTION


@pytest.mark.parametrize("protocol", [PinProtocolV2, PinProtocolV1])
def test_set_change_and_use_pin(ctap, protocol):
    pin = ClientPin(ctap, protocol())
    assert pin.get_pin_retries()[0] == 8
    with pytest.raises(CtapError) as e:
        pin.get_pin_token("1234", GA, "example.com")
    assert e.value.code == CtapError.ERR.PIN_NOT_SET
    pin.set_pin("1234")
    assert ctap.get_info().options["clientPin"] is True
    # CTAP 2.1 §6.5.5.5: setPIN with a PIN set → PIN_AUTH_INVALID.
    with pytest.raises(CtapError) as e:
        pin.set_pin("5678")
    assert e.value.code == CtapError.ERR.PIN_AUTH_INVALID
    pin.change_pin("1234", "56789")
    with pytest.raises(CtapError) as e:
        pin.get_pin_token("1234", GA, "example.com")
    assert e.value.code == CtapError.ERR.PIN_INVALID
    assert pin.get_pin_retries()[0] == 7
    token = pin.get_pin_token("56789", ClientPin.PERMISSION.MAKE_CREDENTIAL, "example.com")
    assert pin.get_pin_retries()[0] == 8
    att = ctap.make_credential(CDH, RP, USER, ES256, options={"rk": True},
                               pin_uv_param=pin.protocol.authenticate(token, CDH),
                               pin_uv_protocol=pin.protocol.VERSION)
    assert att.auth_data.flags & 0x04  # UV
    # rk without a token → PUAT_REQUIRED (PIN_REQUIRED in python-fido2).
    with pytest.raises(CtapError) as e:
        ctap.make_credential(CDH, RP, USER, ES256, options={"rk": True})
    assert e.value.code == CtapError.ERR.PIN_REQUIRED


def test_zero_length_pin_auth(ctap):
    # CTAP 2.1 §6.1.2 step 1: touch, then PIN_NOT_SET / PIN_INVALID.
    with pytest.raises(CtapError) as e:
        ctap.make_credential(CDH, RP, USER, ES256, pin_uv_param=b"", pin_uv_protocol=2)
    assert e.value.code == CtapError.ERR.PIN_NOT_SET
    ClientPin(ctap).set_pin("1234")
    with pytest.raises(CtapError) as e:
        ctap.make_credential(CDH, RP, USER, ES256, pin_uv_param=b"", pin_uv_protocol=2)
    assert e.value.code == CtapError.ERR.PIN_INVALID


def test_permissions_are_required(ctap):
    # python-fido2 sends 0x09 when pinUvAuthToken is advertised; CTAP 2.1
    # §6.5.5.7.2 requires the permissions parameter.
    pin = ClientPin(ctap)
    pin.set_pin("1234")
    with pytest.raises(CtapError) as e:
        pin.get_pin_token("1234")
    assert e.value.code == CtapError.ERR.MISSING_PARAMETER
    with pytest.raises(CtapError) as e:
        pin.get_pin_token("1234", ClientPin.PERMISSION.BIO_ENROLL)
    assert e.value.code == CtapError.ERR.UNAUTHORIZED_PERMISSION
    assert pin.get_pin_retries()[0] == 8


def test_key_agreement(ctap):
    key = ClientPin(ctap, PinProtocolV2())._get_shared_secret()[0]
    assert key[1] == 2 and key[3] == -25 and key[-1] == 1


def test_full_lockout_with_power_cycles(ctap, reboot):
    ClientPin(ctap).set_pin("1234")
    pin = ClientPin(ctap)
    retries = 8
    for attempt in range(1, 9):
        with pytest.raises(CtapError) as e:
            pin.get_pin_token("0000", GA, "example.com")
        retries -= 1
        if retries == 0:
            assert e.value.code == CtapError.ERR.PIN_BLOCKED
        elif attempt % 3 == 0:
            assert e.value.code == CtapError.ERR.PIN_AUTH_BLOCKED
            with pytest.raises(CtapError) as e:
                pin.get_pin_token("1234", GA, "example.com")
            assert e.value.code == CtapError.ERR.PIN_AUTH_BLOCKED
            assert pin.get_pin_retries() == (retries, True)
            pin = ClientPin(Ctap2(reboot()))
            assert pin.get_pin_retries() == (retries, False)  # kept
        else:
            assert e.value.code == CtapError.ERR.PIN_INVALID
        assert pin.get_pin_retries()[0] == retries
    pin = ClientPin(Ctap2(reboot()))
    with pytest.raises(CtapError) as e:
        pin.get_pin_token("1234", GA, "example.com")
    assert e.value.code == CtapError.ERR.PIN_BLOCKED


def test_token_without_permission_or_for_another_rp_is_pin_auth_invalid(ctap):
    # CTAP 2.1 §6.1.2 steps 11.1.2 / 11.1.3, §6.2.2 steps 6.1.4 / 6.1.5
    # (docs/protocol/ctap.md §6.4 "Permission errors").
    pin = ClientPin(ctap)
    pin.set_pin("1234")
    proto = pin.protocol
    ga_only = pin.get_pin_token("1234", ClientPin.PERMISSION.GET_ASSERTION,
                                "example.com")
    with pytest.raises(CtapError) as e:
        ctap.make_credential(CDH, RP, USER, ES256,
                             pin_uv_param=proto.authenticate(ga_only, CDH),
                             pin_uv_protocol=proto.VERSION)
    assert e.value.code == CtapError.ERR.PIN_AUTH_INVALID
    mc = pin.get_pin_token("1234", ClientPin.PERMISSION.MAKE_CREDENTIAL,
                           "example.com")
    with pytest.raises(CtapError) as e:
        ctap.make_credential(CDH, {"id": "other.example"}, USER, ES256,
                             pin_uv_param=proto.authenticate(mc, CDH),
                             pin_uv_protocol=proto.VERSION)
    assert e.value.code == CtapError.ERR.PIN_AUTH_INVALID
    att = ctap.make_credential(CDH, RP, USER, ES256,
                               pin_uv_param=proto.authenticate(mc, CDH),
                               pin_uv_protocol=proto.VERSION)
    cred = [{"type": "public-key",
             "id": att.auth_data.credential_data.credential_id}]
    mc = pin.get_pin_token("1234", ClientPin.PERMISSION.MAKE_CREDENTIAL,
                           "example.com")
    with pytest.raises(CtapError) as e:
        ctap.get_assertion("example.com", CDH, cred,
                           pin_uv_param=proto.authenticate(mc, CDH),
                           pin_uv_protocol=proto.VERSION)
    assert e.value.code == CtapError.ERR.PIN_AUTH_INVALID
    ga = pin.get_pin_token("1234", ClientPin.PERMISSION.GET_ASSERTION,
                           "other.example")
    with pytest.raises(CtapError) as e:
        ctap.get_assertion("example.com", CDH, cred,
                           pin_uv_param=proto.authenticate(ga, CDH),
                           pin_uv_protocol=proto.VERSION)
    assert e.value.code == CtapError.ERR.PIN_AUTH_INVALID
