"""hmac-secret and credProtect (fido2-tests extensions/test_hmac_secret.py,
fido2v1/extensions/test_cred_protect.py) and credBlob (CTAP 2.1 §12.2) with
python-fido2's extension classes and Fido2Client."""
import os

import pytest
from fido2.ctap import CtapError
from fido2.ctap2 import ClientPin
from fido2.ctap2.extensions import (CredBlobExtension, CredProtectExtension,
                                    HmacSecretExtension)

CDH = b"\x55" * 32
RP = {"id": "example.com", "name": "Example"}
ES256 = [{"type": "public-key", "alg": -7}]


def test_hmac_secret(ctap):
    ext = HmacSecretExtension(ctap)
    att = ctap.make_credential(CDH, RP, {"id": b"u", "name": "u"}, ES256,
                               extensions={"hmac-secret": ext.process_create_input({"hmacCreateSecret": True})},
                               options={"rk": True})
    assert att.auth_data.extensions["hmac-secret"] is True
    cred = att.auth_data.credential_data
    salt1, salt2 = os.urandom(32), os.urandom(32)

    def get(salts):
        ext = HmacSecretExtension(ctap)
        inp = ext.process_get_input({"hmacGetSecret": {"salt1": salts[0], **({"salt2": salts[1]} if len(salts) > 1 else {})}})
        res = ctap.get_assertion(RP["id"], CDH, [{"type": "public-key", "id": cred.credential_id}],
                                 extensions={"hmac-secret": inp})
        res.verify(CDH, cred.public_key)
        return ext.process_get_output(res.auth_data)["hmacGetSecret"]

    two = get([salt1, salt2])
    one = get([salt1])
    assert one["output1"] == two["output1"]
    assert two["output1"] != two["output2"]
    assert len(two["output1"]) == 32 and len(two["output2"]) == 32
    # Bad saltAuth → EXTENSION_FIRST (Solo/fido2-tests; see get_assertion.cc).
    ext = HmacSecretExtension(ctap)
    inp = ext.process_get_input({"hmacGetSecret": {"salt1": salt1}})
    inp[3] = bytes(b ^ 1 for b in inp[3])
    with pytest.raises(CtapError) as e:
        ctap.get_assertion(RP["id"], CDH, [{"type": "public-key", "id": cred.credential_id}],
                           extensions={"hmac-secret": inp})
    assert e.value.code == 0xE0


def test_hmac_secret_differs_with_uv(ctap):
    pin = ClientPin(ctap)
    pin.set_pin("1234")
    att = ctap.make_credential(CDH, RP, {"id": b"u", "name": "u"}, ES256,
                               extensions={"hmac-secret": True})
    cred = att.auth_data.credential_data
    salt = os.urandom(32)

    def get(with_uv):
        ext = HmacSecretExtension(ctap)
        inp = ext.process_get_input({"hmacGetSecret": {"salt1": salt}})
        kwargs = {}
        if with_uv:
            token = pin.get_pin_token("1234", ClientPin.PERMISSION.GET_ASSERTION, RP["id"])
            kwargs = dict(pin_uv_param=pin.protocol.authenticate(token, CDH),
                          pin_uv_protocol=pin.protocol.VERSION)
        res = ctap.get_assertion(RP["id"], CDH, [{"type": "public-key", "id": cred.credential_id}],
                                 extensions={"hmac-secret": inp}, **kwargs)
        assert bool(res.auth_data.flags & 0x04) == with_uv
        return ext.process_get_output(res.auth_data)["hmacGetSecret"]["output1"]

    assert get(False) == get(False)
    assert get(True) != get(False)


@pytest.mark.parametrize("level", [1, 2, 3])
def test_cred_protect(ctap, level):
    pin = ClientPin(ctap)
    pin.set_pin("1234")
    token = pin.get_pin_token("1234", ClientPin.PERMISSION.MAKE_CREDENTIAL, RP["id"])
    att = ctap.make_credential(CDH, RP, {"id": b"u", "name": "u"}, ES256,
                               extensions={"credProtect": level}, options={"rk": True},
                               pin_uv_param=pin.protocol.authenticate(token, CDH),
                               pin_uv_protocol=pin.protocol.VERSION)
    assert att.auth_data.extensions["credProtect"] == level
    cred = att.auth_data.credential_data
    allow = [{"type": "public-key", "id": cred.credential_id}]

    def found(allow_list):
        try:
            ctap.get_assertion(RP["id"], CDH, allow_list).verify(CDH, cred.public_key)
            return True
        except CtapError as e:
            assert e.code == CtapError.ERR.NO_CREDENTIALS
            return False

    assert found(None) == (level == 1)
    assert found(allow) == (level < 3)
    token = pin.get_pin_token("1234", ClientPin.PERMISSION.GET_ASSERTION, RP["id"])
    res = ctap.get_assertion(RP["id"], CDH, None,
                             pin_uv_param=pin.protocol.authenticate(token, CDH),
                             pin_uv_protocol=pin.protocol.VERSION)
    res.verify(CDH, cred.public_key)
    # excludeList: a uvRequired credential is not revealed without UV.
    try:
        ctap.make_credential(CDH, RP, {"id": b"v", "name": "v"}, ES256, exclude_list=allow)
        excluded = False
    except CtapError as e:
        assert e.code == CtapError.ERR.CREDENTIAL_EXCLUDED
        excluded = True
    assert excluded == (level < 3)


def test_cred_blob_round_trip_through_fido2_client(server, client, ctap):
    # Fido2Client (CredBlobExtension): create input "credBlob", get input
    # "getCredBlob"; the outputs are authData extensions (§12.2).
    blob = b"\xcb" * ctap.get_info().max_cred_blob_length
    options, state = server.register_begin(
        {"id": b"blob-user", "name": "blob"}, resident_key=True,
        user_verification="discouraged")
    options["publicKey"]["extensions"] = {"credBlob": blob}
    res = client.make_credential(options["publicKey"])
    auth_data = server.register_complete(state, res.client_data,
                                         res.attestation_object)
    assert res.attestation_object.auth_data.extensions == {"credBlob": True}
    cred = auth_data.credential_data

    options, state = server.authenticate_begin([cred],
                                               user_verification="discouraged")
    options["publicKey"]["extensions"] = {"getCredBlob": True}
    response = client.get_assertion(options["publicKey"]).get_response(0)
    server.authenticate_complete(state, [cred], response.credential_id,
                                 response.client_data,
                                 response.authenticator_data,
                                 response.signature)
    assert response.authenticator_data.extensions == {"credBlob": blob}


def test_cred_blob_too_long_or_not_discoverable_is_not_stored(ctap):
    # §12.2: longer than maxCredBlobLength → credBlob: false, nothing kept
    # (python-fido2 itself would drop the input, so it is sent raw here).
    too_long = b"x" * (ctap.get_info().max_cred_blob_length + 1)
    att = ctap.make_credential(CDH, RP, {"id": b"u", "name": "u"}, ES256,
                               extensions={"credBlob": too_long},
                               options={"rk": True})
    assert att.auth_data.extensions == {"credBlob": False}
    ext = CredBlobExtension(ctap)
    res = ctap.get_assertion(RP["id"], CDH, None,
                             extensions={"credBlob": ext.process_get_input(
                                 {"getCredBlob": True})})
    assert res.auth_data.extensions == {"credBlob": b""}
    # A non-discoverable credential keeps none (docs/protocol/ctap.md §6.6).
    att = ctap.make_credential(CDH, RP, {"id": b"v", "name": "v"}, ES256,
                               extensions={"credBlob": b"short"})
    assert att.auth_data.extensions == {"credBlob": False}
