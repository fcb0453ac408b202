"""The `emu` fixture: a fresh emulator (tools/aws_emulator) on a file clock, with user
alice and CLI config files in tmp_path (emu_util.Emu)."""

import pytest

from emu_util import Emu


@pytest.fixture
def emu(tmp_path):
    e = Emu(str(tmp_path))
    yield e
    e.stop()
