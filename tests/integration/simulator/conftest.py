"""Fixtures of the control-socket tests: keysim with its control socket."""
import pytest

from tools.harness.keysim import KeySim


def _started(keysim_bin, tmp_path, presence):
    s = KeySim(keysim_bin, tmp_path / "state", presence=presence,
               control=True).start()
    yield s
    s.stop()


@pytest.fixture
def sim(keysim_bin, tmp_path):
    """keysim with manual presence and a UDP control socket."""
    yield from _started(keysim_bin, tmp_path, "manual")


@pytest.fixture
def auto_sim(keysim):
    """keysim with automatic presence and a UDP control socket (the
    plugin's `keysim`)."""
    return keysim
