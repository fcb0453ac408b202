"""Discoverable credentials (fido2-tests test_resident_key.py): user info,
several accounts per RP, getNextAssertion order, replacement, persistence
across a power cycle, through Fido2Client/Fido2Server."""
from fido2.client import Fido2Client
from fido2.ctap2 import Ctap2

CDH = b"\x66" * 32
RP = {"id": "example.com", "name": "Example"}
ES256 = [{"type": "public-key", "alg": -7}]


def make(ctap, user_id, name):
    att = ctap.make_credential(CDH, RP, {"id": user_id, "name": name, "displayName": name},
                               ES256, options={"rk": True})
    return att.auth_data.credential_data


def test_several_accounts_and_next_assertion(ctap):
    creds = {b"u1": make(ctap, b"u1", "alice"), b"u2": make(ctap, b"u2", "bob"),
             b"u3": make(ctap, b"u3", "carol")}
    make(ctap, b"u2", "bob-again")  # same (rp, user.id) replaces
    creds[b"u2"] = ctap.make_credential(CDH, RP, {"id": b"u2", "name": "bob2"}, ES256,
                                        options={"rk": True}).auth_data.credential_data
    assertions = ctap.get_assertions(RP["id"], CDH)
    assert assertions[0].number_of_credentials == 3
    users = [a.user["id"] for a in assertions]
    assert users == [b"u2", b"u3", b"u1"]  # newest first
    for a in assertions:
        assert set(a.user) == {"id"}  # no UV: no user details
        a.verify(CDH, creds[a.user["id"]].public_key)
    assert ctap.get_info().remaining_disc_creds == 47


def test_client_flow_and_reboot(server, client, reboot):
    options, state = server.register_begin({"id": b"rk-user", "name": "dana", "displayName": "Dana"},
                                           resident_key=True, user_verification="discouraged")
    res = client.make_credential(options["publicKey"])
    cred = server.register_complete(state, res.client_data, res.attestation_object).credential_data
    dev = reboot()
    client2 = Fido2Client(dev, "https://example.com")
    options, state = server.authenticate_begin(user_verification="discouraged")
    selection = client2.get_assertion(options["publicKey"])
    assert selection.get_assertions()[0].user["id"] == b"rk-user"
    response = selection.get_response(0)
    server.authenticate_complete(state, [cred], response.credential_id, response.client_data,
                                 response.authenticator_data, response.signature)
    assert Ctap2(dev).get_info().remaining_disc_creds == 49
