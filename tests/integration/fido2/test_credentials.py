"""makeCredential / getAssertion (fido2-tests test_make_credential.py,
test_get_assertion.py), every attestation and assertion verified with
fido2.server.Fido2Server (packed attestation, fido2.attestation)."""
import pytest
from fido2.attestation import PackedAttestation
from fido2.ctap import CtapError

CDH = b"\x11" * 32
USER = {"id": b"user-1", "name": "alice", "displayName": "Alice"}


def verify_attestation(att, cdh):
    """fido2.attestation packed verification: certificate checks + signature."""
    assert att.fmt == "packed"
    PackedAttestation().verify(att.att_statement, att.auth_data, cdh)


def register(server, client, user=USER, **kwargs):
    options, state = server.register_begin(user, user_verification="discouraged", **kwargs)
    res = client.make_credential(options["publicKey"])
    auth_data = server.register_complete(state, res.client_data, res.attestation_object)
    assert res.attestation_object.fmt == "packed"
    return auth_data.credential_data


def authenticate(server, client, creds):
    options, state = server.authenticate_begin(creds, user_verification="discouraged")
    selection = client.get_assertion(options["publicKey"])
    response = selection.get_response(0)
    server.authenticate_complete(state, creds, response.credential_id,
                                 response.client_data, response.authenticator_data,
                                 response.signature)
    return response


def test_register_and_authenticate(server, client):
    cred = register(server, client)
    first = authenticate(server, client, [cred])
    second = authenticate(server, client, [cred])
    assert second.authenticator_data.counter > first.authenticator_data.counter
    assert first.authenticator_data.flags & 0x01  # UP


def test_eddsa(ctap):
    att = ctap.make_credential(CDH, {"id": "example.com"}, USER,
                               [{"type": "public-key", "alg": -8}])
    verify_attestation(att, CDH)
    key = att.auth_data.credential_data.public_key
    assert key[3] == -8
    assertion = ctap.get_assertion("example.com", CDH, [
        {"type": "public-key", "id": att.auth_data.credential_data.credential_id}])
    assertion.verify(CDH, key)


def test_exclude_list(server, client):
    cred = register(server, client)
    options, _ = server.register_begin(USER, credentials=[cred],
                                       user_verification="discouraged")
    with pytest.raises(Exception) as err:
        client.make_credential(options["publicKey"])
    assert "CREDENTIAL_EXCLUDED" in repr(err.value) or "19" in repr(err.value)


def test_errors(ctap):
    with pytest.raises(CtapError) as e:
        ctap.make_credential(CDH, {"id": "example.com"}, USER,
                             [{"type": "public-key", "alg": -999}])
    assert e.value.code == CtapError.ERR.UNSUPPORTED_ALGORITHM
    with pytest.raises(CtapError) as e:
        ctap.make_credential(CDH, {"id": "example.com"}, USER,
                             [{"type": "public-key", "alg": -7}], options={"up": False})
    assert e.value.code == CtapError.ERR.INVALID_OPTION
    with pytest.raises(CtapError) as e:
        ctap.get_assertion("example.com", CDH, [{"type": "public-key", "id": b"\0" * 64}])
    assert e.value.code == CtapError.ERR.NO_CREDENTIALS
    with pytest.raises(CtapError) as e:
        ctap.send_cbor(ctap.CMD.GET_ASSERTION, {2: CDH})
    assert e.value.code == CtapError.ERR.MISSING_PARAMETER


def test_silent_assertion(ctap):
    att = ctap.make_credential(CDH, {"id": "example.com"}, USER,
                               [{"type": "public-key", "alg": -7}])
    cred = att.auth_data.credential_data
    res = ctap.get_assertion("example.com", CDH, [{"type": "public-key", "id": cred.credential_id}],
                             options={"up": False})
    assert not res.auth_data.flags & 0x01
    res.verify(CDH, cred.public_key)


def test_assertion_after_reboot(ctap, reboot):
    from fido2.ctap2 import Ctap2
    att = ctap.make_credential(CDH, {"id": "example.com"}, USER,
                               [{"type": "public-key", "alg": -7}])
    verify_attestation(att, CDH)
    cred = att.auth_data.credential_data
    before = ctap.get_assertion("example.com", CDH, [{"type": "public-key", "id": cred.credential_id}])
    ctap2 = Ctap2(reboot())
    after = ctap2.get_assertion("example.com", CDH, [{"type": "public-key", "id": cred.credential_id}])
    after.verify(CDH, cred.public_key)
    assert after.auth_data.counter > before.auth_data.counter


@pytest.mark.parametrize("size", [16, 33])
def test_client_data_hash_not_32_bytes_is_invalid_length(ctap, size):
    # docs/protocol/ctap.md §6.4 "clientDataHash length".
    with pytest.raises(CtapError) as e:
        ctap.make_credential(b"\x11" * size, {"id": "example.com"}, USER,
                             [{"type": "public-key", "alg": -7}])
    assert e.value.code == CtapError.ERR.INVALID_LENGTH
    att = ctap.make_credential(CDH, {"id": "example.com"}, USER,
                               [{"type": "public-key", "alg": -7}])
    cred = {"type": "public-key",
            "id": att.auth_data.credential_data.credential_id}
    with pytest.raises(CtapError) as e:
        ctap.get_assertion("example.com", b"\x11" * size, [cred])
    assert e.value.code == CtapError.ERR.INVALID_LENGTH
    ctap.get_assertion("example.com", CDH, [cred])
