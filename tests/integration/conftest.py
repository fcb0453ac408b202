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

# The keysim fixtures are the harness's pytest plugin, the same one the keysim
# package installs for other projects (pytest.ini turns off that installed
# copy with `-p no:keysim`, so this checkout's is the one tested).
pytest_plugins = ["tools.harness.pytest_plugin"]

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


@pytest.fixture(scope="session")
def keysim_binary(keysim_bin):
    """The plugin's keysim is this build's (a missing one fails, not skips)."""
    return str(keysim_bin)


@pytest.fixture
def hid(keysim_hid):
    """python-fido2 CtapHidDevice on the keysim fixture (independent client)."""
    return keysim_hid


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
