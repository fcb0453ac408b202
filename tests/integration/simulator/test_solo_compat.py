"""keysim --solo-compat: the SoloKeys simulator's UDP convention
(docs/solo-compat.md) — listen on 127.0.0.1:8111, send every report to
127.0.0.1:7112, power-cycle on fido2-tests' magic reboot report.

The client here is python-fido2's CtapHidDevice over a connection built the way
fido2-tests `--sim` builds it (docs/solo-compat.md §1): a socket bound to
127.0.0.1:7112 that sends 64-byte reports, no report ID, to localhost:8111.
Skipped when either port is taken.
"""
import os
import socket
import subprocess
import time

import pytest
from fido2.ctap import CtapError
from fido2.ctap2 import Ctap2
from fido2.hid import CtapHidDevice
from fido2.hid.base import CtapHidConnection, HidDescriptor

SOLO_PORT = 8111
CLIENT_PORT = 7112
# The magic reboot report (docs/solo-compat.md §1), written out here apart
# from wire/solo_simulator.h so that a wrong constant cannot hide on both sides.
MAGIC_REBOOT = bytes.fromhex(
    "ac1052ca95e569de69e02ebff333485f13f9b2da34c5a8a3405266"
    "97a9ab2e0b394d8d04973c134005be1a0140bff6045bb26eb77a73"
    "eaa47813f6b49a7250dc")


class SoloUdpConnection(CtapHidConnection):
    """fido2-tests' HidOverUDP on python-fido2 0.9's connection interface."""

    def __init__(self, timeout=5.0):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", CLIENT_PORT))
        self.token = ("localhost", SOLO_PORT)
        self.sock.settimeout(timeout)

    def write_packet(self, data):
        self.sock.sendto(bytes(data).ljust(64, b"\0"), self.token)

    def read_packet(self):
        pkt, _ = self.sock.recvfrom(64)
        return pkt.ljust(64, b"\0")

    def close(self):
        self.sock.close()


def open_solo_device():
    desc = HidDescriptor("localhost:8111", 0x1234, 0x5678, 64, 64)
    try:
        connection = SoloUdpConnection()
    except OSError as e:  # another job took 7112 after the fixture's check
        pytest.skip(f"UDP port 7112: {e.strerror}")
    return CtapHidDevice(desc, connection)


def port_free(port):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@pytest.fixture
def solo_sim(keysim_bin, tmp_path):
    if not port_free(SOLO_PORT) or not port_free(CLIENT_PORT):
        pytest.skip("UDP port 8111 or 7112 is in use")
    trace = tmp_path / "solo.trace"
    # A short CTAP2 reset window shows the magic reboot's power cycle.
    proc = subprocess.Popen(
        [str(keysim_bin), "--solo-compat", "--state", str(tmp_path / "state"),
         "--trace", str(trace), "--reset-window-ms", "500"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    if not line:
        err = proc.stderr.read()
        proc.wait()
        if "8111" in err:
            pytest.skip(f"keysim could not bind 8111: {err.strip()}")
        pytest.fail(f"keysim --solo-compat did not start: {err!r}")
    assert line.strip() == "listening udp:127.0.0.1:8111"
    proc.trace = trace
    yield proc
    proc.terminate()
    proc.wait(5)
    proc.stdout.close()
    proc.stderr.close()


def test_fido2_over_the_solo_convention(solo_sim):
    dev = open_solo_device()
    try:
        assert dev.ping(b"solo") == b"solo"
        ctap = Ctap2(dev)
        info = ctap.get_info()
        assert "FIDO_2_0" in info.versions
        att = ctap.make_credential(
            os.urandom(32), {"id": "example.org", "name": "Example"},
            {"id": b"user-1", "name": "alice"}, [{"type": "public-key", "alg": -7}])
        assert att.fmt == "packed"
        # The OATH applet answers on vendor command 0x70 too (SW first).
        assert dev.call(0x70, bytes.fromhex("00a10000"))[:2] == b"\x90\x00"
    finally:
        dev.close()


def test_replies_go_to_7112_not_to_the_sender(solo_sim):
    listener = SoloUdpConnection(timeout=2.0)
    other = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    other.bind(("127.0.0.1", 0))
    other.settimeout(0.5)
    try:
        init = bytes.fromhex("ffffffff860008") + bytes(range(8))
        other.sendto(init.ljust(64, b"\0"), ("127.0.0.1", SOLO_PORT))
        reply = listener.read_packet()
        assert reply[:7] == bytes.fromhex("ffffffff860011")
        assert reply[7:15] == bytes(range(8))
        with pytest.raises(socket.timeout):
            other.recvfrom(64)
    finally:
        listener.close()
        other.close()


def test_magic_reboot_power_cycles_and_the_old_channel_stays(solo_sim,
                                                               keybridge_bin):
    dev = open_solo_device()
    try:
        ctap = Ctap2(dev)
        time.sleep(0.6)  # past the reset window (--reset-window-ms 500)
        with pytest.raises(CtapError) as e:
            ctap.reset()
        assert e.value.code == CtapError.ERR.NOT_ALLOWED
        dev._connection.write_packet(MAGIC_REBOOT)
        # As on Solo, the client's CID still works after the reboot
        # (fido2-tests' reboot() keeps its device; docs/solo-compat.md §2.2),
        # and the power cycle opened a new reset window.
        ctap.reset()
        assert "FIDO_2_0" in ctap.get_info().versions
    finally:
        dev.close()
    out = subprocess.run([str(keybridge_bin), "trace", str(solo_sim.trace)],
                         capture_output=True, text=True, check=True).stdout
    assert "Solo simulator magic reboot" in out


def test_solo_compat_with_udp_is_a_usage_error(keysim_bin, tmp_path):
    proc = subprocess.run(
        [str(keysim_bin), "--solo-compat", "--udp", "127.0.0.1:0", "--state",
         str(tmp_path / "state")], capture_output=True, text=True, timeout=10)
    assert proc.returncode == 2
    assert "--solo-compat" in proc.stderr and "--udp" in proc.stderr
