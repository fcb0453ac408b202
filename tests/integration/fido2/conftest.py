"""Fixtures for the FIDO2 integration tests: python-fido2 0.9.1 against the
real keysim over UDP (tests/integration/conftest.py `keysim`, `hid`)."""
import pytest
from fido2.client import Fido2Client
from fido2.ctap2 import Ctap2
from fido2.server import Fido2Server

from tools.harness.keysim import KeySim
from tools.harness.udp_hid import open_udp_device

RP = {"id": "example.com", "name": "Example"}
ORIGIN = "https://example.com"


@pytest.fixture
def ctap(hid):
    return Ctap2(hid)


@pytest.fixture
def server():
    return Fido2Server(RP, attestation="direct")


@pytest.fixture
def client(hid):
    return Fido2Client(hid, ORIGIN)


class Rebooter:
    """Power cycle = restart keysim on the same state dir and re-open it."""

    def __init__(self, keysim):
        self.keysim = keysim
        self.devices = []

    def __call__(self):
        for dev in self.devices:
            dev.close()
        self.devices.clear()
        self.keysim.restart()
        dev = open_udp_device(self.keysim.port)
        self.devices.append(dev)
        return dev

    def close(self):
        for dev in self.devices:
            dev.close()


@pytest.fixture
def reboot(keysim):
    r = Rebooter(keysim)
    yield r
    r.close()


@pytest.fixture
def keysim_with(keysim_bin, tmp_path):
    """Starts a keysim with another --presence policy (and extra flags)."""
    sims = []

    def start(presence, *extra_args):
        sim = KeySim(keysim_bin, tmp_path / f"state-{presence}-{len(sims)}",
                     presence=presence, extra_args=extra_args).start()
        sims.append(sim)
        return sim

    yield start
    for sim in sims:
        sim.stop()
