"""The core FIDO2 flows through libfido2 1.12 itself (tests/libfido2_client,
bound to keybridge's UDP link by fido_dev_set_io_functions), verified inside
the program with fido_cred_verify / fido_assert_verify."""
import subprocess

from fido2_bridge_util import get_pin_token, require_ctap2

PIN = "13572468"


def run(binary, uri, scenario, input=None):
    proc = subprocess.run([str(binary), uri, scenario], input=input,
                          capture_output=True, text=True, timeout=120,
                          stdin=None if input is not None else subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def test_getinfo_through_libfido2(libfido2_client_bin, keysim, hid):
    info = require_ctap2(hid).info
    out = run(libfido2_client_bin, keysim.uri, "getinfo")
    assert f"versions: {' '.join(info.versions)} " in out
    aaguid = bytes(info.aaguid).hex()
    assert out.splitlines()[1].replace("-", "") == "aaguid: " + aaguid
    for name, value in info.options.items():
        assert f"option {name}: {str(value).lower()}" in out
    assert out.rstrip().endswith("ok: getinfo")


def test_make_credential_and_assertion_without_pin(libfido2_client_bin,
                                                   keysim, hid):
    require_ctap2(hid)
    out = run(libfido2_client_bin, keysim.uri, "nopin")
    assert out.splitlines() == ["ok: make_cred", "ok: get_assert"]


def test_pin_flows_and_credential_management(libfido2_client_bin, keysim,
                                             hid):
    require_ctap2(hid)
    out = run(libfido2_client_bin, keysim.uri, "pin", input=PIN + "\n")
    assert out.splitlines() == [
        "ok: set_pin", "ok: make_cred_rk_pin", "ok: get_assert_pin",
        "ok: get_assert_nopin", "ok: cm_metadata", "ok: cm_rps",
        "ok: cm_creds", "ok: cm_delete"]
    # The PIN libfido2 set is the key's PIN for other clients too.
    assert get_pin_token(hid, PIN)


def test_pin_set_by_keybridge_works_in_libfido2(libfido2_client_bin, keysim,
                                                keybridge, hid):
    require_ctap2(hid)
    keybridge.run("fido", "pin", "set", input=PIN + "\n")
    out = run(libfido2_client_bin, keysim.uri, "pin", input=PIN + "\n")
    assert "ok: set_pin" not in out  # already set by keybridge
    assert out.rstrip().endswith("ok: cm_delete")


def test_u2f_forced_make_credential_and_assertion(libfido2_client_bin, keysim,
                                                  hid):
    # libfido2's own CTAP1/U2F path (fido_dev_force_u2f): REGISTER with a
    # fido-u2f attestation, AUTHENTICATE 03 for the assertions and the
    # check-only 07 probe for the excludeList (docs/protocol/ctap.md §7).
    out = run(libfido2_client_bin, keysim.uri, "u2f")
    assert out.splitlines() == ["ok: u2f_make_cred", "ok: u2f_get_assert",
                                "ok: u2f_exclude"]


def test_authenticator_config_through_libfido2(libfido2_client_bin, keysim,
                                               hid):
    # CTAP 2.1 §6.11 via fido_dev_toggle_always_uv, fido_dev_set_pin_minlen,
    # fido_dev_set_pin_minlen_rpid and fido_dev_force_pin_change.
    require_ctap2(hid)
    out = run(libfido2_client_bin, keysim.uri, "config", input="1234\n")
    assert out.splitlines() == ["ok: always_uv", "ok: min_pin_length",
                                "ok: force_pin_change"]
    info = require_ctap2(hid).get_info()
    assert info.min_pin_length == 8
    assert info.force_pin_change is False
    assert info.options["alwaysUv"] is False
    assert get_pin_token(hid, "1234-longer2")


def test_large_blobs_and_cred_blob_through_libfido2(libfido2_client_bin,
                                                    keysim, hid):
    # CTAP 2.1 §6.10 via fido_dev_largeblob_set/get/remove/get_array (a blob
    # spanning several fragments), §12.2-§12.3 via FIDO_EXT_LARGEBLOB_KEY,
    # fido_cred_set_blob and fido_assert_blob_ptr.
    require_ctap2(hid)
    out = run(libfido2_client_bin, keysim.uri, "largeblob", input=PIN + "\n")
    assert out.splitlines() == ["ok: getinfo", "ok: make_cred",
                                "ok: get_assert", "ok: largeblob_set_get",
                                "ok: largeblob_remove"]
    # The array libfido2 left holds one entry, read back by python-fido2.
    from fido2.ctap2 import Ctap2
    from fido2.ctap2.blob import LargeBlobs
    assert len(LargeBlobs(Ctap2(hid)).read_blob_array()) == 1
