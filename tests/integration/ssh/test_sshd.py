"""A real sshd (OpenSSH 9.2) on 127.0.0.1 and the real ssh client logging in
with security keys held by keysim, through libkeybridge-sk.so
(SecurityKeyProvider; docs/ssh.md).

sshd runs with its own configuration, host key and authorized_keys in the
test's temporary folder and no system configuration (-f CONFIG -D -e). As
root it needs its privilege-separation folder /run/sshd (created here when
missing) and an absolute path; the login is as the user running the tests.
"""
import getpass
import os
import pathlib
import socket
import subprocess
import time

import pytest

from conftest import SSH, SSHD, SSH_KEYGEN, clean_env, public_key_blob

SK_ALGORITHMS = "sk-ssh-ed25519@openssh.com,sk-ecdsa-sha2-nistp256@openssh.com"


def free_tcp_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sshd:
    def __init__(self, tmp_path):
        if not os.path.exists(SSHD) or SSH is None:
            pytest.skip("openssh-server/openssh-client is not installed "
                        "(tools/install-deps.sh test)")
        self.dir = tmp_path / "sshd"
        self.dir.mkdir()
        self.authorized_keys = self.dir / "authorized_keys"
        self.authorized_keys.write_text("")
        self.host_key = self.dir / "host_ed25519"
        subprocess.run([SSH_KEYGEN, "-q", "-t", "ed25519", "-N", "", "-f",
                        str(self.host_key)], check=True, env=clean_env())
        self.port = free_tcp_port()
        self.log = self.dir / "sshd.log"
        self.config = self.dir / "sshd_config"
        self.config.write_text("\n".join([
            f"Port {self.port}",
            "ListenAddress 127.0.0.1",
            f"HostKey {self.host_key}",
            f"PidFile {self.dir / 'sshd.pid'}",
            f"AuthorizedKeysFile {self.authorized_keys}",
            "StrictModes no",
            "UsePAM no",
            "PubkeyAuthentication yes",
            f"PubkeyAcceptedAlgorithms {SK_ALGORITHMS}",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PermitRootLogin prohibit-password",
            "LogLevel VERBOSE",
            "",
        ]))
        self.proc = None

    def start(self, timeout=15):
        if os.geteuid() == 0:
            # Privilege separation: root's sshd chroots its pre-auth child
            # into /run/sshd (Debian's package creates it at boot).
            os.makedirs("/run/sshd", mode=0o755, exist_ok=True)
        self.proc = subprocess.Popen(
            [SSHD, "-f", str(self.config), "-D", "-e"],
            stdout=subprocess.DEVNULL, stderr=open(self.log, "w"),
            env=clean_env())
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"sshd exited: {self.log.read_text()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), 0.5):
                    return self
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"sshd did not listen: {self.log.read_text()}")

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)

    def authorize(self, pubkey, options=""):
        kind, blob = public_key_blob(pubkey)
        line = f"{options} {kind} {blob}" if options else f"{kind} {blob}"
        with open(self.authorized_keys, "a") as f:
            f.write(line + "\n")


@pytest.fixture
def sshd(tmp_path):
    server = Sshd(tmp_path).start()
    yield server
    server.stop()


def ssh_login(ssh, sshd, key, command="echo ok"):
    """The real ssh client with the provider, keysim as the key."""
    known_hosts = ssh.tmp / "known_hosts"
    return ssh.run(
        SSH, "-F", "/dev/null",
        "-o", f"SecurityKeyProvider={ssh.lib}",
        "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none",
        "-o", "BatchMode=yes",
        "-o", "StrictHostKeyChecking=no",
        "-o", f"UserKnownHostsFile={known_hosts}",
        "-o", f"PubkeyAcceptedAlgorithms={SK_ALGORITHMS}",
        "-i", key, "-p", sshd.port,
        f"{getpass.getuser()}@127.0.0.1", command,
        check=False, timeout=60)


@pytest.mark.parametrize("key_type", ["ed25519-sk", "ecdsa-sk"])
def test_login_with_security_key(ssh, sshd, tmp_path, key_type):
    key = tmp_path / "id_sk"
    ssh.keygen(key_type, key)
    sshd.authorize(f"{key}.pub")
    out = ssh_login(ssh, sshd, key)
    assert out.returncode == 0, (out.stderr, sshd.log.read_text())
    assert out.stdout.strip() == "ok"


def test_login_refused_for_an_unauthorized_key(ssh, sshd, tmp_path):
    key = tmp_path / "id_sk"
    ssh.keygen("ed25519-sk", key)
    other = tmp_path / "other_sk"
    ssh.keygen("ed25519-sk", other)
    sshd.authorize(f"{other}.pub")
    out = ssh_login(ssh, sshd, key)
    assert out.returncode == 255, out
    assert "Permission denied" in out.stderr, out.stderr


def test_no_touch_required_needs_the_server_option(ssh, sshd, tmp_path):
    """A -O no-touch-required key signs without UP; sshd refuses it unless
    authorized_keys says no-touch-required (sshd(8) AUTHORIZED_KEYS)."""
    key = tmp_path / "id_sk"
    ssh.keygen("ed25519-sk", key, "no-touch-required")
    sshd.authorize(f"{key}.pub")
    refused = ssh_login(ssh, sshd, key)
    assert refused.returncode == 255, refused
    assert "user presence" in sshd.log.read_text(), sshd.log.read_text()
    sshd.authorized_keys.write_text("")
    sshd.authorize(f"{key}.pub", options="no-touch-required")
    ok = ssh_login(ssh, sshd, key)
    assert ok.returncode == 0, (ok.stderr, sshd.log.read_text())
    assert ok.stdout.strip() == "ok"


def test_login_with_downloaded_resident_key(ssh, keysim_pin, sshd, tmp_path):
    """Enroll a resident key, forget the files, download it with -K, log in."""
    ssh.askpass_pin = keysim_pin
    key = tmp_path / "rk"
    ssh.keygen("ed25519-sk", key, "resident", "application=ssh:login",
               "user=deploy")
    sshd.authorize(f"{key}.pub")
    key.unlink()
    pathlib.Path(f"{key}.pub").unlink()
    download = tmp_path / "download"
    download.mkdir()
    ssh.run(SSH_KEYGEN, "-K", "-w", ssh.lib, "-N", "", cwd=download)
    downloaded = download / "id_ed25519_sk_rk_login_deploy"
    out = ssh_login(ssh, sshd, downloaded)
    assert out.returncode == 0, (out.stderr, sshd.log.read_text())
    assert out.stdout.strip() == "ok"
