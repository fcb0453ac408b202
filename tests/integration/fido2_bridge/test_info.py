"""`keybridge info [--json]` against keysim, checked against what
python-fido2 (an independent client) reads from the same key."""
import json

import pytest
from fido2.ctap2 import ClientPin
from fido2.hid import CAPABILITY

from fido2_bridge_util import oath_version, require_ctap2

FIDO2_USE = ("console sign-in security key (register it as a FIDO security "
             "key in the IAM console)")
OATH_USE = ("CLI MFA codes (virtual MFA device: keybridge aws enroll / aws "
            "session)")


def info_json(keybridge, *extra):
    proc = keybridge.run("info", "--json", *extra)
    return json.loads(proc.stdout)


def test_info_json_ctaphid_fields_match_init(keybridge, keysim, hid):
    j = info_json(keybridge)
    assert j["device"] == {"transport": "udp", "path": keysim.uri}
    c = j["ctaphid"]
    assert c["protocol_version"] == hid.version
    assert c["device_version"] == "%d.%d.%d" % hid.device_version
    assert c["capabilities"] == hid.capabilities
    assert c["wink"] == bool(hid.capabilities & CAPABILITY.WINK)
    assert c["cbor"] == bool(hid.capabilities & CAPABILITY.CBOR)
    assert c["nmsg"] == bool(hid.capabilities & CAPABILITY.NMSG)


def test_info_json_reports_the_oath_applet(keybridge, hid):
    j = info_json(keybridge)
    assert j["oath"]["present"] is True
    assert j["oath"]["error"] is None
    assert j["oath"]["version"] == oath_version(hid)
    assert j["oath"]["version"].startswith("4.")  # docs/protocol/oath.md §2.2
    assert j["aws"]["cli_mfa_codes"] is True
    assert OATH_USE in j["aws"]["uses"]


def test_info_text(keybridge, keysim, hid):
    out = keybridge.run("info").stdout
    assert f"{keysim.uri} (transport udp)" in out
    assert "device version %d.%d.%d" % hid.device_version in out
    assert "0x%02X (" % hid.capabilities in out
    assert f"yes, version {oath_version(hid)}" in out
    assert OATH_USE in out
    if hid.capabilities & CAPABILITY.CBOR:
        assert FIDO2_USE in out
    else:
        assert "no FIDO2 (CTAP2) support" in out
        assert FIDO2_USE not in out


def test_info_without_ctap2_is_graceful(keybridge, hid):
    if hid.capabilities & CAPABILITY.CBOR:
        pytest.skip("keysim speaks CTAP2; the no-CTAP2 path is covered by "
                    "the bridge_fido2_test unit tests")
    j = info_json(keybridge)
    assert j["fido2"]["supported"] is False
    assert "no FIDO2 (CTAP2) support" in j["fido2"]["error"]
    assert j["fido2"]["info"] is None
    assert j["aws"]["console_security_key"] is False


def test_info_json_getinfo_fields_match_python_fido2(keybridge, hid):
    ctap = require_ctap2(hid)
    ref = ctap.info
    j = info_json(keybridge)
    f = j["fido2"]
    assert f["supported"] is True and f["error"] is None
    i = f["info"]
    assert i["versions"] == list(ref.versions)
    assert i["extensions"] == list(ref.extensions)
    aaguid = bytes(ref.aaguid).hex()
    assert i["aaguid"].replace("-", "") == aaguid
    assert i["options"] == dict(ref.options)
    assert i["max_msg_size"] == ref.max_msg_size
    assert i["pin_uv_auth_protocols"] == list(ref.pin_uv_protocols)
    assert i["max_credential_count_in_list"] == ref.max_creds_in_list
    assert i["max_credential_id_length"] == ref.max_cred_id_length
    assert i["transports"] == list(ref.transports)
    assert [(a["type"], a["alg"]) for a in i["algorithms"]] == [
        (a["type"], a["alg"]) for a in ref.algorithms]
    assert i["firmware_version"] == ref.firmware_version
    assert i["remaining_discoverable_credentials"] == ref.remaining_disc_creds
    assert i["force_pin_change"] == bool(ref.force_pin_change)
    # Optional keys: python-fido2 fills in defaults, so compare with the raw
    # map (CTAP 2.1 §6.4 keys 0x0B–0x12); libfido2 cannot tell 0 from absent.
    raw = ref.data
    for key, name in [(0x0B, "max_serialized_large_blob_array"),
                      (0x0D, "min_pin_length"),
                      (0x0F, "max_cred_blob_length"),
                      (0x10, "max_rpids_for_set_min_pin_length"),
                      (0x11, "preferred_platform_uv_attempts"),
                      (0x12, "uv_modality")]:
        assert i[name] == (raw.get(key) or None), name
    pin = f["pin"]
    assert pin["set"] == ref.options["clientPin"]
    assert pin["retries"] == ClientPin(ctap).get_pin_retries()[0]
    assert j["aws"]["console_security_key"] is True
    assert FIDO2_USE in j["aws"]["uses"]


def test_fido_info_is_the_fido_part(keybridge, hid):
    full = info_json(keybridge)
    j = json.loads(keybridge.run("fido", "info", "--json").stdout)
    assert set(j) == {"device", "ctaphid", "fido2"}
    assert j["ctaphid"] == full["ctaphid"]
    assert j["fido2"] == full["fido2"]
    text = keybridge.run("fido", "info").stdout
    assert "OATH" not in text


def test_info_unreachable_key_fails_with_timeout_code(keybridge, keysim):
    keysim.stop()
    proc = keybridge.run("info", check=False)
    assert proc.returncode in (4, 5)  # transport (ICMP) or timeout
    assert proc.stdout == ""
