"""authenticatorLargeBlobs (CTAP 2.1 §6.10) and the largeBlobKey extension
(§12.3) through python-fido2 0.9.1: fido2.ctap2.blob.LargeBlobs
put_blob/get_blob/delete_blob keyed by the largeBlobKey of resident
credentials, the lbw permission, a kill -9 and a reset.

python-fido2 0.9.1's write_blob_array sends `length` with every fragment
(the fragment's, not the total), so it can only write arrays that fit one
fragment (maxMsgSize - 64 = 1136 bytes) on an authenticator that follows
§6.10.2; the blobs here stay small. Multi-fragment writes are covered by
libfido2 (tests/integration/fido2_bridge) and the unit tests."""
import os

import pytest
from fido2.ctap import CtapError
from fido2.ctap2 import ClientPin, Ctap2, CredentialManagement
from fido2.ctap2.blob import LargeBlobs
from fido2.utils import sha256

from tools.harness.udp_hid import open_udp_device

CDH = b"\x44" * 32
RP = {"id": "example.com", "name": "Example"}
ES256 = [{"type": "public-key", "alg": -7}]
INITIAL = bytes.fromhex("8076be8b528d0075f7aae98d6fa57a6d3c")  # §6.10.1


def make_rk_with_key(ctap, user_id, pin=None):
    kwargs = {}
    if pin:
        client_pin = ClientPin(ctap)
        token = client_pin.get_pin_token(
            pin, ClientPin.PERMISSION.MAKE_CREDENTIAL, RP["id"])
        kwargs = dict(pin_uv_param=client_pin.protocol.authenticate(token, CDH),
                      pin_uv_protocol=client_pin.protocol.VERSION)
    att = ctap.make_credential(CDH, RP, {"id": user_id, "name": "u"}, ES256,
                               extensions={"largeBlobKey": True},
                               options={"rk": True}, **kwargs)
    assert len(att.large_blob_key) == 32
    return att


def test_get_info_advertises_large_blobs(ctap):
    info = ctap.get_info()
    assert info.options["largeBlobs"] is True
    assert info.max_large_blob >= 1024
    assert "largeBlobKey" in info.extensions and "credBlob" in info.extensions
    # §6.10.1: a fresh authenticator holds the initial array.
    assert ctap.large_blobs(0, get=info.max_msg_size - 64)[1] == INITIAL
    assert INITIAL[1:] == sha256(b"\x80")[:16]


def test_blobs_with_pin_survive_kill(ctap, keysim):
    ClientPin(ctap).set_pin("1234")
    att1 = make_rk_with_key(ctap, b"user-1", "1234")
    att2 = make_rk_with_key(ctap, b"user-2", "1234")
    key1, key2 = att1.large_blob_key, att2.large_blob_key
    assert key1 != key2
    # §6.10.2 set step 5.1: no token with a PIN set → PUAT_REQUIRED.
    with pytest.raises(CtapError) as e:
        LargeBlobs(ctap).put_blob(key1, b"no token")
    assert e.value.code == CtapError.ERR.PIN_REQUIRED  # PUAT_REQUIRED (0x36)
    # Step 5.5: a token without lbw → PIN_AUTH_INVALID.
    client_pin = ClientPin(ctap)
    cm = client_pin.get_pin_token("1234", ClientPin.PERMISSION.CREDENTIAL_MGMT)
    with pytest.raises(CtapError) as e:
        LargeBlobs(ctap, client_pin.protocol, cm).put_blob(key1, b"cm token")
    assert e.value.code == CtapError.ERR.PIN_AUTH_INVALID

    lbw = client_pin.get_pin_token("1234", ClientPin.PERMISSION.LARGE_BLOB_WRITE)
    blobs = LargeBlobs(ctap, client_pin.protocol, lbw)
    data1, data2 = os.urandom(200), b"second credential's blob" * 4
    blobs.put_blob(key1, data1)
    blobs.put_blob(key2, data2)
    assert blobs.get_blob(key1) == data1
    assert blobs.get_blob(key2) == data2
    blobs.delete_blob(key1)
    assert blobs.get_blob(key1) is None
    assert len(blobs.read_blob_array()) == 1

    # The same key comes back from getAssertion and credentialManagement.
    res = ctap.get_assertion(RP["id"], CDH,
                             [{"type": "public-key",
                               "id": att2.auth_data.credential_data.credential_id}],
                             extensions={"largeBlobKey": True})
    assert res.large_blob_key == key2
    cm = client_pin.get_pin_token("1234", ClientPin.PERMISSION.CREDENTIAL_MGMT)
    creds = CredentialManagement(ctap, client_pin.protocol, cm).enumerate_creds(
        sha256(RP["id"].encode()))
    assert sorted(c[CredentialManagement.RESULT.LARGE_BLOB_KEY] for c in creds) \
        == sorted([key1, key2])

    # Committed state survives SIGKILL; reading needs no token.
    keysim.kill9()
    keysim.start()
    dev = open_udp_device(keysim.port)
    try:
        ctap = Ctap2(dev)
        assert LargeBlobs(ctap).get_blob(key2) == data2
        assert LargeBlobs(ctap).get_blob(key1) is None
    finally:
        dev.close()


def test_reset_wipes_blobs(ctap):
    # No PIN: writing needs no token (§6.10.2 set step 5).
    att = make_rk_with_key(ctap, b"user-1")
    blobs = LargeBlobs(ctap)
    blobs.put_blob(att.large_blob_key, b"before reset")
    assert blobs.get_blob(att.large_blob_key) == b"before reset"
    ctap.reset()
    assert ctap.large_blobs(0, get=1136)[1] == INITIAL
    assert LargeBlobs(ctap).read_blob_array() == []


def test_large_blob_key_needs_rk_and_bad_checksum_is_refused(ctap):
    # §12.3 (docs/protocol/ctap.md §6.6): no largeBlobKey for a
    # non-discoverable credential.
    with pytest.raises(CtapError) as e:
        ctap.make_credential(CDH, RP, {"id": b"u", "name": "u"}, ES256,
                             extensions={"largeBlobKey": True})
    assert e.value.code == CtapError.ERR.INVALID_OPTION
    # §6.10.2 set step 10.1: a wrong checksum → INTEGRITY_FAILURE.
    data = b"\x81\x41\x00" + b"\x00" * 16
    with pytest.raises(CtapError) as e:
        ctap.large_blobs(0, set=data, length=len(data))
    assert e.value.code == CtapError.ERR.INTEGRITY_FAILURE
    assert ctap.large_blobs(0, get=1136)[1] == INITIAL
