"""getInfo (CTAP 2.1 §6.4; fido2-tests test_getinfo.py), through python-fido2's
strict canonical-CBOR decoder."""


def test_get_info(ctap, hid):
    info = ctap.get_info()
    assert "FIDO_2_0" in info.versions and "FIDO_2_1" in info.versions
    # CTAP 2.1 §6.4: CTAP1/U2F is spoken too (docs/protocol/ctap.md §7).
    assert "U2F_V2" in info.versions
    assert info.extensions == ["credBlob", "credProtect", "hmac-secret",
                               "largeBlobKey", "minPinLength"]
    assert len(info.aaguid) == 16
    assert all(isinstance(v, bool) for v in info.options.values())
    assert info.options["rk"] is True and info.options["up"] is True
    assert info.options["plat"] is False and info.options["clientPin"] is False
    assert info.options["credMgmt"] is True
    assert info.options["pinUvAuthToken"] is True
    assert "uv" not in info.options
    assert info.pin_uv_protocols == [2, 1]
    assert info.transports == ["usb"]
    assert {"alg": -7, "type": "public-key"} in info.algorithms
    assert info.remaining_disc_creds == 50
    assert hid.capabilities & 0x04  # CTAPHID CBOR capability
    assert not hid.capabilities & 0x08  # NMSG clear: CTAPHID_MSG is U2F
