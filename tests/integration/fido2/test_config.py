"""authenticatorConfig (CTAP 2.1 §6.11) through python-fido2 0.9.1's
fido2.ctap2.Config: toggleAlwaysUv, setMinPINLength (with the minPinLength
extension, §12.4, and forcePINChange), their getInfo keys, persistence
across a power cycle and authenticatorReset."""
import pytest
from fido2.ctap import CtapError
from fido2.ctap2 import ClientPin, Config, Ctap2

CDH = b"\x33" * 32
RP = {"id": "example.com", "name": "Example"}
USER = {"id": b"u1", "name": "alice"}
ES256 = [{"type": "public-key", "alg": -7}]


def config_with_pin(ctap, pin):
    client_pin = ClientPin(ctap)
    token = client_pin.get_pin_token(pin, ClientPin.PERMISSION.AUTHENTICATOR_CFG)
    return Config(ctap, client_pin.protocol, token)


def test_get_info_advertises_config(ctap):
    info = ctap.get_info()
    assert info.options["authnrCfg"] is True
    assert info.options["setMinPINLength"] is True
    assert info.options["alwaysUv"] is False
    assert info.options["makeCredUvNotRqd"] is True
    assert info.min_pin_length == 4
    assert info.force_pin_change is False
    assert "minPinLength" in info.extensions


def test_toggle_always_uv_without_and_with_pin(ctap):
    Config(ctap).toggle_always_uv()
    info = ctap.get_info()
    assert info.options["alwaysUv"] is True
    assert info.options["makeCredUvNotRqd"] is False
    # §6.1.2 step 6: no token → PUAT_REQUIRED, even non-discoverable.
    with pytest.raises(CtapError) as e:
        ctap.make_credential(CDH, RP, USER, ES256)
    assert e.value.code == CtapError.ERR.PIN_REQUIRED
    ClientPin(ctap).set_pin("1234")
    # §6.11 step 1: with a PIN the command needs a token with acfg.
    with pytest.raises(CtapError) as e:
        Config(ctap).toggle_always_uv()
    assert e.value.code == CtapError.ERR.PIN_REQUIRED
    client_pin = ClientPin(ctap)
    cm = client_pin.get_pin_token("1234", ClientPin.PERMISSION.CREDENTIAL_MGMT)
    with pytest.raises(CtapError) as e:
        Config(ctap, client_pin.protocol, cm).toggle_always_uv()
    assert e.value.code == CtapError.ERR.PIN_AUTH_INVALID
    config_with_pin(ctap, "1234").toggle_always_uv()
    assert ctap.get_info().options["alwaysUv"] is False


def test_min_pin_length_forces_a_change_and_survives_power_cycle(ctap, reboot):
    ClientPin(ctap).set_pin("1234")
    config_with_pin(ctap, "1234").set_min_pin_length(
        min_pin_length=6, rp_ids=["example.com"])
    info = ctap.get_info()
    assert info.min_pin_length == 6
    assert info.force_pin_change is True
    # A minimum never decreases (§6.11.4 step 2) — checked after a reboot.
    ctap = Ctap2(reboot())
    assert ctap.get_info().min_pin_length == 6
    client_pin = ClientPin(ctap)
    with pytest.raises(CtapError) as e:
        client_pin.get_pin_token("1234", ClientPin.PERMISSION.MAKE_CREDENTIAL,
                                 "example.com")
    assert e.value.code == CtapError.ERR.PIN_INVALID
    assert client_pin.get_pin_retries()[0] == 8
    with pytest.raises(CtapError) as e:
        client_pin.change_pin("1234", "12345")
    assert e.value.code == CtapError.ERR.PIN_POLICY_VIOLATION
    client_pin.change_pin("1234", "123456")
    assert ctap.get_info().force_pin_change is False
    with pytest.raises(CtapError) as e:
        config_with_pin(ctap, "123456").set_min_pin_length(min_pin_length=5)
    assert e.value.code == CtapError.ERR.PIN_POLICY_VIOLATION
    # §12.4: the listed RP learns the minimum, another does not.
    token = client_pin.get_pin_token(
        "123456", ClientPin.PERMISSION.MAKE_CREDENTIAL, "example.com")
    att = ctap.make_credential(
        CDH, RP, USER, ES256, extensions={"minPinLength": True},
        pin_uv_param=client_pin.protocol.authenticate(token, CDH),
        pin_uv_protocol=client_pin.protocol.VERSION)
    assert att.auth_data.extensions == {"minPinLength": 6}
    att = ctap.make_credential(CDH, {"id": "other.example"}, USER, ES256,
                               extensions={"minPinLength": True})
    assert att.auth_data.extensions is None


def test_force_change_pin_and_reset_clears_config(ctap, reboot):
    client_pin = ClientPin(ctap)
    client_pin.set_pin("123456")
    config_with_pin(ctap, "123456").set_min_pin_length(force_change_pin=True)
    assert ctap.get_info().force_pin_change is True
    with pytest.raises(CtapError) as e:
        client_pin.change_pin("123456", "123456")
    assert e.value.code == CtapError.ERR.PIN_POLICY_VIOLATION
    ctap = Ctap2(reboot())
    ctap.reset()
    info = ctap.get_info()
    assert info.force_pin_change is False
    assert info.min_pin_length == 4
    assert info.options["clientPin"] is False
