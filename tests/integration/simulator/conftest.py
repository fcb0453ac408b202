"""Fixtures of the control-socket tests: keysim with its control socket."""
import pytest

from tools.harness.keysim import KeySim


@pytest.fixture
def sim(keysim_bin, tmp_path):
    """keysim with manual presence and a UDP control socket."""
    s = KeySim(keysim_bin, tmp_path / "state", presence="manual",
               control=True).start()
    yield s
    s.stop()


@pytest.fixture
def auto_sim(keysim_bin, tmp_path):
    """keysim with automatic presence and a UDP control socket."""
    s = KeySim(keysim_bin, tmp_path / "state", presence="auto",
               control=True).start()
    yield s
    s.stop()
