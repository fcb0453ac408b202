"""Credential injection and export through the control socket
(docs/control.md): python-fido2 getAssertion against an injected credential,
checked with the known key (python3-cryptography); export after a
python-fido2 makeCredential."""
import base64
import hashlib
import os

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from fido2 import cbor
from fido2.ctap2 import Ctap2

from tools.harness.udp_hid import open_udp_device


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def verify(public_key, auth_data, cdh, signature):
    public_key.verify(signature, bytes(auth_data) + cdh,
                      ec.ECDSA(hashes.SHA256()))


def test_get_assertion_with_an_injected_pkcs8_key(auto_sim):
    key = ec.generate_private_key(ec.SECP256R1())
    pkcs8 = key.private_bytes(serialization.Encoding.DER,
                              serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption())
    answer = auto_sim.control("inject-credential", rp_id="example.com",
                              user_id=b64url(b"user-1"), user_name="alice",
                              private_key=b64url(pkcs8), resident=True)
    assert answer["ok"] is True, answer
    assert "private_key" not in answer
    cred_id = unb64url(answer["credential_id"])
    pem_key = serialization.load_pem_public_key(
        answer["public_key_pem"].encode())
    assert pem_key.public_numbers() == key.public_key().public_numbers()
    cose = cbor.decode(unb64url(answer["public_key_cose"]))
    numbers = key.public_key().public_numbers()
    assert cose[3] == -7 and cose[-1] == 1
    assert int.from_bytes(cose[-2], "big") == numbers.x
    assert int.from_bytes(cose[-3], "big") == numbers.y
    assert auto_sim.control("status")["credentials"]["fido_resident"] == 1

    dev = open_udp_device(auto_sim.port)
    ctap = Ctap2(dev)
    cdh = os.urandom(32)
    # Discoverable: no allow list.
    resp = ctap.get_assertion("example.com", cdh)
    assert resp.credential["id"] == cred_id
    assert resp.user["id"] == b"user-1"
    verify(key.public_key(), resp.auth_data, cdh, resp.signature)
    assert resp.auth_data.rp_id_hash == hashlib.sha256(b"example.com").digest()
    counter = resp.auth_data.counter
    export = auto_sim.control("export-credential",
                              credential_id=answer["credential_id"])
    assert export["ok"] is True
    assert export["credentials"][0]["sign_count"] == counter
    dev.close()


def test_non_resident_raw_scalar(auto_sim):
    key = ec.generate_private_key(ec.SECP256R1())
    scalar = key.private_numbers().private_value.to_bytes(32, "big")
    answer = auto_sim.control("inject-credential", rp_id="example.org",
                              user_id=b64url(b"u"), private_key=b64url(scalar),
                              resident=False)
    assert answer["ok"] is True, answer
    assert answer["resident"] is False
    assert auto_sim.control("status")["credentials"]["fido_resident"] == 0
    dev = open_udp_device(auto_sim.port)
    cdh = os.urandom(32)
    resp = Ctap2(dev).get_assertion(
        "example.org", cdh,
        allow_list=[{"type": "public-key",
                     "id": unb64url(answer["credential_id"])}])
    verify(key.public_key(), resp.auth_data, cdh, resp.signature)
    dev.close()
    # Exportable with its RP only (its ID is not stored on the key).
    assert auto_sim.control("export-credential", rp_id="example.org",
                            credential_id=answer["credential_id"])["ok"]
    alone = auto_sim.control("export-credential",
                             credential_id=answer["credential_id"])
    assert alone == {"ok": False,
                     "error": "export-credential: no such credential"}


def test_export_after_make_credential(auto_sim):
    dev = open_udp_device(auto_sim.port)
    ctap = Ctap2(dev)
    att = ctap.make_credential(
        os.urandom(32), {"id": "example.net", "name": "Example"},
        {"id": b"bob-id", "name": "bob", "displayName": "Bob"},
        [{"type": "public-key", "alg": -7}], options={"rk": True})
    data = att.auth_data.credential_data
    dev.close()
    answer = auto_sim.control("export-credential", rp_id="example.net")
    assert answer["ok"] is True
    [cred] = answer["credentials"]
    assert unb64url(cred["credential_id"]) == data.credential_id
    assert cred["user_id"] == b64url(b"bob-id")
    assert cred["user_name"] == "bob"
    assert cred["user_display_name"] == "Bob"
    assert cbor.decode(unb64url(cred["public_key_cose"])) == dict(
        data.public_key)
    pem = serialization.load_pem_public_key(cred["public_key_pem"].encode())
    assert pem.public_numbers().x == int.from_bytes(data.public_key[-2], "big")
    assert "private_key" not in cred
    # By ID too; unknown RP gives an empty list.
    by_id = auto_sim.control("export-credential",
                             credential_id=b64url(data.credential_id))
    assert by_id["credentials"] == [cred]
    assert auto_sim.control("export-credential",
                            rp_id="nobody.example")["credentials"] == []


def test_bad_injections_change_nothing(auto_sim):
    good = {"cmd": "inject-credential", "rp_id": "example.com",
            "user_id": b64url(b"u"), "private_key": b64url(b"\x01" * 32)}
    for bad in (dict(good, private_key=b64url(b"\x00" * 32)),
                dict(good, private_key=b64url(b"\xff" * 32)),
                dict(good, private_key=b64url(b"\x01" * 31)),
                dict(good, user_id=""),
                dict(good, rp_id=""),
                dict(good, resident="yes")):
        answer = auto_sim.control(bad)
        assert answer["ok"] is False, bad
        assert answer["error"].startswith("inject-credential")
    assert auto_sim.control("status")["credentials"]["fido_resident"] == 0
