"""Stored state survives restarts and kill -9, is sealed on disk, and bad
input gets a clear error without changing it."""
import base64
import os
import stat

import pytest

SECRET = bytes(range(0x30, 0x30 + 20))
SECRET_B32 = base64.b32encode(SECRET).decode()


def snapshot(sim):
    return {p: open(p, "rb").read() for p in sim.state_files()}


def test_state_survives_restart_and_kill9(keysim, keybridge):
    keybridge.run("oath", "accounts", "add", "persist", input=SECRET_B32 + "\n")
    keybridge.run("oath", "accounts", "add", "counter", "--hotp",
                  input=SECRET_B32 + "\n")
    first = keybridge.run("oath", "accounts", "code", "counter", "--single").stdout
    code = keybridge.run("oath", "accounts", "code", "persist", "--single",
                         "--time", 1234).stdout
    keysim.restart()
    keybridge.device_uri = keysim.uri
    assert keybridge.run("oath", "accounts", "code", "persist", "--single",
                         "--time", 1234).stdout == code
    second = keybridge.run("oath", "accounts", "code", "counter", "--single").stdout
    keysim.kill9()
    keysim.start()
    keybridge.device_uri = keysim.uri
    third = keybridge.run("oath", "accounts", "code", "counter", "--single").stdout
    assert len({first, second, third}) == 3  # the HOTP counter never rewinds
    assert "persist" in keybridge.run("oath", "accounts", "list").stdout


def test_state_files_private_and_sealed(keysim, keybridge):
    keybridge.run("oath", "accounts", "add", "sealed", input=SECRET_B32 + "\n")
    files = keysim.state_files()
    assert files
    assert stat.S_IMODE(os.stat(keysim.state_dir).st_mode) & 0o077 == 0
    for path in files:
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path
        data = open(path, "rb").read()
        for i in range(len(SECRET) - 7):
            assert SECRET[i:i + 8] not in data, path
        assert SECRET_B32[:16].encode() not in data
        assert b"sealed" not in data  # labels are sealed too


@pytest.mark.parametrize("args,stdin,needle", [
    (["oath", "accounts", "add", "bad"], "NOT*BASE32!\n", "base32"),
    (["oath", "accounts", "add", "bad"], "A\n", "base32"),
    (["oath", "accounts", "add", "bad"], "\n", "secret"),
    (["oath", "accounts", "add", "x" * 200], SECRET_B32 + "\n", "name"),
    (["oath", "accounts", "add", "bad", "--digits", "7"], SECRET_B32 + "\n", "digits"),
    (["oath", "accounts", "add", "bad", "--period", "0"], SECRET_B32 + "\n", "period"),
    (["oath", "accounts", "uri"], "https://example.com/?secret=AAAA\n", "otpauth"),
    (["oath", "accounts", "uri"], "otpauth://totp/Label?issuer=X\n", "secret"),
    (["oath", "accounts", "uri"], "otpauth://hotp/L?secret=JBSWY3DPEHPK3PXP\n", "counter"),
    (["oath", "accounts", "uri"], "otpauth://xotp/L?secret=JBSWY3DPEHPK3PXP\n", "type"),
    (["oath", "accounts", "uri"], "otpauth://totp/L?secret=JBSWY3DPEHPK3PXP&digits=9\n", "digits"),
])
def test_bad_input_is_refused_without_change(keysim, keybridge, args, stdin, needle):
    keybridge.run("oath", "accounts", "add", "keep", input=SECRET_B32 + "\n")
    before_files = snapshot(keysim)
    before_list = keybridge.run("oath", "accounts", "list").stdout
    proc = keybridge.run(*args, input=stdin, check=False)
    assert proc.returncode != 0
    err = proc.stderr.strip()
    assert err and len(err.splitlines()) == 1, err
    assert needle in err.lower(), err
    assert snapshot(keysim) == before_files
    assert keybridge.run("oath", "accounts", "list").stdout == before_list


def test_secret_never_on_argv_or_output(keybridge):
    proc = keybridge.run("oath", "accounts", "add", "quiet", input=SECRET_B32 + "\n")
    for text in (proc.stdout, proc.stderr,
                 keybridge.run("oath", "accounts", "list", "--json").stdout,
                 keybridge.run("oath", "accounts", "code", "--json").stdout):
        assert SECRET_B32[:16] not in text
    # There is no option that takes a secret on the command line.
    help_text = keybridge.run("oath", "accounts", "add", "--help").stdout
    assert "--secret" not in help_text


def test_no_device_gives_a_clear_message(keybridge_bin, tmp_path):
    import subprocess
    env = {k: v for k, v in os.environ.items() if k != "KEYBRIDGE_DEVICE"}
    proc = subprocess.run([str(keybridge_bin), "oath", "accounts", "list"],
                          capture_output=True, text=True, env=env,
                          stdin=subprocess.DEVNULL, timeout=30)
    assert proc.returncode != 0
    assert "keysim" in proc.stderr


@pytest.mark.parametrize("path", ["/dev/null", "/etc/passwd", "/dev/tty"])
@pytest.mark.parametrize("command", [["info"], ["fido", "info"],
                                     ["oath", "accounts", "list"]])
def test_a_device_path_that_is_no_hid_key_is_a_usage_error(keybridge_bin, path,
                                                           command):
    # hidapi crashed on such paths; keybridge now checks the node first.
    import subprocess
    proc = subprocess.run([str(keybridge_bin), "--device", path, *command],
                          capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=30)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr == ("keybridge: %s is not a HID device; a key's path "
                           "looks like /dev/hidrawN (see 'keybridge list')\n"
                           % path)


@pytest.mark.parametrize("args", [
    ["oath", "accounts", "add", "NAME", SECRET_B32],
    ["oath", "accounts", "add", "NAME", "--secret", SECRET_B32],
    ["oath", "accounts", "uri", "otpauth://totp/x?secret=" + SECRET_B32],
    ["oath", "accounts", "add", "NAME", "--digits", SECRET_B32],
    ["oath", "pin", "verify", SECRET_B32],
])
def test_a_secret_on_the_command_line_is_refused_and_never_repeated(
        keybridge_bin, args):
    import subprocess
    proc = subprocess.run([str(keybridge_bin), *args], capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=30)
    assert proc.returncode == 2
    assert SECRET_B32 not in proc.stdout + proc.stderr
    assert SECRET_B32[:8] not in proc.stdout + proc.stderr
    assert proc.stderr.startswith("keybridge: ")


def test_a_blocked_pin_is_called_blocked(keysim, keybridge):
    # A blocked PIN answers VERIFY with the 6300 of a wrong one, as the NK3
    # does; keybridge reads SELECT's retry counter (0) to say "blocked"
    # (docs/protocol/oath.md §2.9.1).
    keybridge.run("oath", "pin", "set", input="123456\n")
    proc = keybridge.run("oath", "pin", "change", input="000000\n111111\n",
                         check=False)
    assert "change PIN: wrong PIN, 7 retries left" in proc.stderr, proc.stderr
    for left in range(6, -1, -1):
        proc = keybridge.run("oath", "pin", "verify", input="000000\n",
                             check=False)
        assert f"wrong PIN, {left} retr" in proc.stderr, proc.stderr
    for command, pins in (("verify", "123456\n"),
                          ("change", "123456\n111111\n")):
        proc = keybridge.run("oath", "pin", command, input=pins, check=False)
        assert proc.returncode != 0
        assert "the PIN is blocked" in proc.stderr, proc.stderr
        assert "already exists" not in proc.stderr
        assert "123456" not in proc.stdout + proc.stderr
