"""pytest fixtures: the real keysim and keybridge binaries from a CMake build.

The build folder is $KEYBRIDGE_BUILD_DIR, or build/default under the project.
"""
import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tools.harness.keysim import KeySim  # noqa: E402
from tools.harness.udp_hid import open_udp_device  # noqa: E402

BUILD = pathlib.Path(os.environ.get("KEYBRIDGE_BUILD_DIR",
                                    ROOT / "build" / "default"))


def _binary(relpath):
    path = BUILD / relpath
    if not path.exists():
        pytest.fail(f"{path} is missing: build the project first "
                    "(cmake --preset default && cmake --build --preset default)")
    return path


@pytest.fixture(scope="session")
def build_dir():
    """The CMake build folder the binaries come from."""
    return BUILD


@pytest.fixture(scope="session")
def keysim_bin():
    return _binary("simulator/keysim")


@pytest.fixture(scope="session")
def keybridge_bin():
    return _binary("bridge/keybridge")


@pytest.fixture
def keysim(keysim_bin, tmp_path):
    sim = KeySim(keysim_bin, tmp_path / "keysim-state").start()
    yield sim
    sim.stop()


@pytest.fixture
def hid(keysim):
    """python-fido2 CtapHidDevice on the keysim fixture (independent client)."""
    dev = open_udp_device(keysim.port)
    yield dev
    dev.close()


class KeyBridge:
    """Runs the real keybridge binary against one device."""

    def __init__(self, binary, device_uri, env=None):
        self.binary = str(binary)
        self.device_uri = device_uri
        self.env = dict(os.environ, **(env or {}))
        self.env.pop("KEYBRIDGE_DEVICE", None)

    def run(self, *args, input=None, check=True, timeout=60):
        cmd = [self.binary, "--device", self.device_uri, *map(str, args)]
        proc = subprocess.run(cmd, input=input, capture_output=True, text=True,
                              env=self.env, timeout=timeout,
                              stdin=None if input is not None else subprocess.DEVNULL)
        if check and proc.returncode != 0:
            raise AssertionError(
                f"{cmd} exited {proc.returncode}: {proc.stderr.strip()}")
        return proc


@pytest.fixture
def keybridge(keybridge_bin, keysim):
    return KeyBridge(keybridge_bin, keysim.uri)
