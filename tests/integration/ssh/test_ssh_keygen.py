"""ssh-keygen 9.2 with libkeybridge-sk.so and keysim (docs/ssh.md): enroll
ecdsa-sk and ed25519-sk keys, sign and verify with -Y, resident keys with a
PIN and -K, no-touch-required, and clear errors for a wrong device."""
import pathlib
import socket

import pytest

from conftest import (PIN, SSH_KEYGEN, Ssh, clean_env, public_key_blob)

KEY_TYPES = {
    "ecdsa-sk": "sk-ecdsa-sha2-nistp256@openssh.com",
    "ed25519-sk": "sk-ssh-ed25519@openssh.com",
}


def _string(buf, at):
    n = int.from_bytes(buf[at:at + 4], "big")
    return buf[at + 4:at + 4 + n], at + 4 + n


def signature_flags(sig_path):
    """(flags, counter) of an sk signature in an SSHSIG file (OpenSSH
    PROTOCOL.sshsig; the sk signature's trailing flags byte and counter,
    PROTOCOL.u2f "SSH U2F signatures")."""
    import base64
    lines = pathlib.Path(sig_path).read_text().splitlines()
    blob = base64.b64decode("".join(l for l in lines if not l.startswith("-")))
    assert blob[:6] == b"SSHSIG"
    at = 6 + 4  # magic, version
    for _ in range(4):  # public key, namespace, reserved, hash algorithm
        _, at = _string(blob, at)
    sig, _ = _string(blob, at)
    kind, at = _string(sig, 0)
    assert kind.startswith(b"sk-"), kind
    _, at = _string(sig, at)  # the signature proper
    return sig[at], int.from_bytes(sig[at + 1:at + 5], "big")


def message(tmp_path, text="keybridge signs this\n"):
    path = tmp_path / "message.txt"
    path.write_text(text)
    return path


@pytest.mark.parametrize("key_type", sorted(KEY_TYPES))
def test_enroll_sign_verify(ssh, tmp_path, key_type):
    key = tmp_path / "id_sk"
    out = ssh.keygen(key_type, key)
    # The helper found keysim: KEYBRIDGE_DEVICE reached ssh-sk-helper.
    assert "Your public key has been saved" in out.stdout
    kind, _ = public_key_blob(f"{key}.pub")
    assert kind == KEY_TYPES[key_type]
    msg = message(tmp_path)
    sig = ssh.sign(key, msg)
    assert sig.read_text().startswith("-----BEGIN SSH SIGNATURE-----")
    ok = ssh.verify(f"{key}.pub", msg, sig)
    assert "Good \"file\" signature for tester@example" in ok.stdout
    # A changed message does not verify.
    msg.write_text("something else\n")
    bad = ssh.verify(f"{key}.pub", msg, sig, check=False)
    assert bad.returncode != 0


def test_default_application_is_ssh(ssh, tmp_path):
    """Without -O application= the key is scoped to "ssh:" (PROTOCOL.u2f):
    the public key carries it."""
    import base64
    key = tmp_path / "id_sk"
    ssh.keygen("ed25519-sk", key)
    _, blob = public_key_blob(f"{key}.pub")
    assert base64.b64decode(blob).endswith(b"\x00\x00\x00\x04ssh:")


def test_keysim_uri_also_names_the_device(sk_lib, keysim, tmp_path):
    ssh = Ssh(sk_lib, tmp_path, device=None)
    env = clean_env(KEYSIM_URI=keysim.uri)
    key = tmp_path / "id_sk"
    ssh.run(SSH_KEYGEN, "-t", "ed25519-sk", "-w", sk_lib, "-f", key, "-N", "",
            env=env)
    assert public_key_blob(f"{key}.pub")[0] == KEY_TYPES["ed25519-sk"]


def test_application_and_signature_with_custom_application(ssh, tmp_path):
    key = tmp_path / "id_sk"
    ssh.keygen("ecdsa-sk", key, "application=ssh:test")
    msg = message(tmp_path)
    sig = ssh.sign(key, msg)
    ssh.verify(f"{key}.pub", msg, sig)


@pytest.mark.parametrize("key_type", sorted(KEY_TYPES))
def test_no_touch_required(ssh, tmp_path, key_type):
    """-O no-touch-required: sk_sign asks for up=false, so the signature's
    authenticator flags lack UP (0x01). (ssh-keygen -Y verify does not
    check touch; sshd does, see test_sshd.py.)"""
    key = tmp_path / "id_sk"
    ssh.keygen(key_type, key, "no-touch-required")
    msg = message(tmp_path)
    sig = ssh.sign(key, msg)
    flags, _ = signature_flags(sig)
    assert flags & 0x01 == 0, hex(flags)
    ssh.verify(f"{key}.pub", msg, sig)


def test_touch_is_requested_by_default(ssh, tmp_path):
    key = tmp_path / "id_sk"
    ssh.keygen("ed25519-sk", key)
    msg = message(tmp_path)
    first, _ = signature_flags(ssh.sign(key, msg))
    assert first & 0x01, hex(first)  # UP
    assert first & 0x04 == 0, hex(first)  # no UV without a PIN


def test_resident_keys_with_pin_and_download(ssh, keysim_pin, tmp_path):
    """-O resident on a key with a PIN: the provider answers "PIN required",
    ssh-keygen asks (askpass) and enrolls; -K downloads both keys, and the
    downloaded private key signs."""
    ssh.askpass_pin = keysim_pin
    enrolled = {}
    for key_type, user in (("ed25519-sk", "alice"), ("ecdsa-sk", "bob")):
        key = tmp_path / f"enrolled_{user}"
        ssh.keygen(key_type, key, "resident", "application=ssh:test",
                   f"user={user}")
        enrolled[user] = public_key_blob(f"{key}.pub")
    download = tmp_path / "download"
    download.mkdir()
    out = ssh.run(SSH_KEYGEN, "-K", "-w", ssh.lib, "-N", "", cwd=download)
    files = {
        "alice": download / "id_ed25519_sk_rk_test_alice",
        "bob": download / "id_ecdsa_sk_rk_test_bob",
    }
    for user, path in files.items():
        assert path.exists(), (out.stdout, out.stderr, list(download.iterdir()))
        assert public_key_blob(f"{path}.pub") == enrolled[user]
    msg = message(tmp_path)
    sig = ssh.sign(files["alice"], msg)
    ssh.verify(f"{files['alice']}.pub", msg, sig)


def test_download_without_pin_asks_for_one(ssh, keysim_pin, tmp_path):
    """-K with an askpass that gives the wrong PIN fails cleanly."""
    ssh.askpass_pin = keysim_pin
    ssh.keygen("ed25519-sk", tmp_path / "rk", "resident")
    ssh.askpass_pin = "not-the-pin"
    out = ssh.run(SSH_KEYGEN, "-K", "-w", ssh.lib, "-N", "", cwd=tmp_path,
                  check=False)
    assert out.returncode != 0
    assert out.returncode == 255, out  # fatal(), not a signal
    assert "PIN" in out.stderr, out.stderr


def test_resident_without_pin(ssh, tmp_path):
    """A key without a PIN makes resident keys without asking for one."""
    key = tmp_path / "rk"
    ssh.keygen("ed25519-sk", key, "resident", "user=carol")
    assert public_key_blob(f"{key}.pub")[0] == KEY_TYPES["ed25519-sk"]


def test_verify_required_asks_for_the_pin_when_signing(ssh, keysim_pin,
                                                       tmp_path):
    ssh.askpass_pin = keysim_pin
    key = tmp_path / "id_sk"
    ssh.keygen("ed25519-sk", key, "verify-required")
    msg = message(tmp_path)
    sig = ssh.sign(key, msg)
    flags, _ = signature_flags(sig)
    assert flags & 0x05 == 0x05, hex(flags)  # UP and UV (the PIN)
    ssh.verify(f"{key}.pub", msg, sig)


def closed_udp_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("device, expected", [
    ("udp:127.0.0.1:{closed_port}", "is keysim running there?"),
    ("udp:no-port-here", "udp:no-port-here"),
    ("pcsc:Virtual PCD 00 00", "not FIDO2"),
])
def test_wrong_device_is_a_clear_error(sk_lib, tmp_path, device, expected):
    # The port is picked when the test runs, so test ids stay the same
    # between collections (pytest-xdist compares them).
    device = device.format(closed_port=closed_udp_port())
    ssh = Ssh(sk_lib, tmp_path, device=device)
    key = tmp_path / "id_sk"
    out = ssh.keygen("ed25519-sk", key, check=False)
    assert out.returncode == 255, out  # ssh-keygen's fatal(), not a signal
    assert "Key enrollment failed" in out.stderr, out.stderr
    assert "keybridge-sk: " in out.stderr and expected in out.stderr, out.stderr
    assert not key.exists()


def test_no_device_at_all_is_a_clear_error(sk_lib, tmp_path):
    """No KEYBRIDGE_DEVICE and no HID key on this machine: libfido2's
    discovery finds nothing."""
    if list(pathlib.Path("/dev").glob("hidraw*")):
        pytest.skip("this machine has hidraw devices; a real key may answer")
    ssh = Ssh(sk_lib, tmp_path, device=None)
    out = ssh.keygen("ecdsa-sk", tmp_path / "id_sk", check=False)
    assert out.returncode == 255, out
    assert "device not found" in out.stderr, out.stderr
    assert "no FIDO key found" in out.stderr, out.stderr
    assert "KEYBRIDGE_DEVICE" in out.stderr, out.stderr


def test_signing_with_another_key_fails_cleanly(sk_lib, keysim, tmp_path,
                                                keysim_bin):
    """A key enrolled on one keysim does not sign on another."""
    from tools.harness.keysim import KeySim
    ssh = Ssh(sk_lib, tmp_path, device=keysim.uri)
    key = tmp_path / "id_sk"
    ssh.keygen("ed25519-sk", key)
    other = KeySim(keysim_bin, tmp_path / "other-state").start()
    try:
        ssh.device = other.uri
        env = ssh.env()
        env["SSH_SK_PROVIDER"] = ssh.lib
        msg = message(tmp_path)
        out = ssh.run(SSH_KEYGEN, "-Y", "sign", "-n", "file", "-f", key, msg,
                      env=env, check=False)
    finally:
        other.stop()
    assert out.returncode == 255, out  # fatal(), not a signal
    assert "does not hold the credential" in out.stderr, out.stderr
