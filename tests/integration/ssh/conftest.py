"""Fixtures for the OpenSSH SecurityKeyProvider tests (sk/, docs/ssh.md).

The real OpenSSH 9.2 tools (Debian openssh-client, openssh-server) load
libkeybridge-sk.so from the build folder; keysim is the security key, reached
over UDP because KEYBRIDGE_DEVICE names it. ssh and ssh-keygen run the
provider in ssh-sk-helper, a child process, so the variable must survive
that hop: every test that gets a key out of keysim shows it did.
"""
import os
import pathlib
import shutil
import subprocess

import pytest

from tools.harness.udp_hid import open_udp_device

SSH_KEYGEN = shutil.which("ssh-keygen")
SSH = shutil.which("ssh")
SSHD = "/usr/sbin/sshd"  # sshd refuses to start by a relative path
PIN = "4711-ssh"


def _require(tool, package):
    if tool is None or not os.path.exists(tool):
        pytest.skip(f"{package} is not installed (tools/install-deps.sh test)")


@pytest.fixture(scope="session")
def sk_lib(build_dir):
    _require(SSH_KEYGEN, "openssh-client")
    lib = pathlib.Path(build_dir) / "sk" / "libkeybridge-sk.so"
    if not lib.exists():
        pytest.fail(f"{lib} is missing: cmake --build {build_dir} "
                    "--target keybridge_sk")
    return lib


def clean_env(**extra):
    """The environment without anything that could pick another key, agent
    or askpass, plus `extra`."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("KEYBRIDGE_DEVICE", "KEYSIM_URI", "SSH_AUTH_SOCK",
                        "SSH_ASKPASS", "SSH_ASKPASS_REQUIRE", "DISPLAY",
                        "SSH_SK_PROVIDER", "SSH_SK_HELPER")}
    env.update(extra)
    return env


class Ssh:
    """Runs the OpenSSH tools with the provider and one device."""

    def __init__(self, lib, tmp_path, device=None):
        self.lib = str(lib)
        self.tmp = tmp_path
        self.device = device
        self.askpass_pin = None

    def env(self):
        extra = {}
        if self.device is not None:
            extra["KEYBRIDGE_DEVICE"] = self.device
        if self.askpass_pin is not None:
            # ssh-keygen asks for a PIN through SSH_ASKPASS when stdin is
            # not a terminal (docs/ssh.md §4 "PIN").
            script = self.tmp / "askpass.sh"
            script.write_text(f"#!/bin/sh\necho '{self.askpass_pin}'\n")
            script.chmod(0o700)
            extra.update(SSH_ASKPASS=str(script), SSH_ASKPASS_REQUIRE="force")
        return clean_env(**extra)

    def run(self, *args, check=True, cwd=None, input=None, env=None,
            timeout=90):
        cmd = [str(a) for a in args]
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=timeout,
            env=env or self.env(), cwd=cwd, input=input,
            stdin=None if input is not None else subprocess.DEVNULL)
        if check and proc.returncode != 0:
            raise AssertionError(f"{cmd} exited {proc.returncode}:\n"
                                 f"{proc.stdout}\n{proc.stderr}")
        return proc

    def keygen(self, key_type, path, *options, check=True):
        opts = []
        for o in options:
            opts += ["-O", o]
        return self.run(SSH_KEYGEN, "-t", key_type, "-w", self.lib, "-f", path,
                        "-N", "", *opts, check=check)

    def sign(self, key, message, namespace="file"):
        """ssh-keygen -Y sign; SSH_SK_PROVIDER names the provider (there is
        no -w for -Y). Returns the signature file."""
        env = self.env()
        env["SSH_SK_PROVIDER"] = self.lib
        self.run(SSH_KEYGEN, "-Y", "sign", "-n", namespace, "-f", key, message,
                 env=env)
        return pathlib.Path(f"{message}.sig")

    def verify(self, pubkey, message, signature, signer="tester@example",
               namespace="file", signer_options="", check=True):
        allowed = self.tmp / "allowed_signers"
        key = pathlib.Path(pubkey).read_text().split()
        prefix = f"{signer} {signer_options} " if signer_options else f"{signer} "
        allowed.write_text(prefix + f"{key[0]} {key[1]}\n")
        return self.run(SSH_KEYGEN, "-Y", "verify", "-f", allowed, "-I",
                        signer, "-n", namespace, "-s", signature,
                        input=pathlib.Path(message).read_text(), check=check,
                        env=clean_env())


@pytest.fixture
def ssh(sk_lib, keysim, tmp_path):
    """The OpenSSH tools with KEYBRIDGE_DEVICE pointing at the keysim fixture."""
    return Ssh(sk_lib, tmp_path, device=keysim.uri)


@pytest.fixture
def keysim_pin(keysim):
    """Sets PIN on the keysim fixture (CTAP 2.1 §6.5.5.5, via python-fido2)."""
    from fido2.ctap2 import ClientPin, Ctap2
    dev = open_udp_device(keysim.port)
    try:
        ClientPin(Ctap2(dev)).set_pin(PIN)
    finally:
        dev.close()
    return PIN


def public_key_blob(path):
    """(type, base64 blob) of an OpenSSH public key file, comment dropped."""
    kind, blob = pathlib.Path(path).read_text().split()[:2]
    return kind, blob
