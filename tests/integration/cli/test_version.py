"""`keybridge --version` and `keysim --version`: the version from the one
place it is set (project() in CMakeLists.txt), plus the git revision when
built from a checkout."""
import pathlib
import re
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]


def project_version():
    text = (ROOT / "CMakeLists.txt").read_text()
    return re.search(r"project\(keybridge VERSION ([0-9.]+)", text).group(1)


@pytest.mark.parametrize("which", ["keybridge", "keysim"])
def test_version_names_the_project_version(which, keybridge_bin, keysim_bin):
    binary = keybridge_bin if which == "keybridge" else keysim_bin
    proc = subprocess.run([str(binary), "--version"], capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=30)
    assert proc.returncode == 0, proc.stderr
    assert re.fullmatch(r"%s %s( \(git [0-9a-f]{7,}(-dirty)?\))?\n"
                        % (which, re.escape(project_version())),
                        proc.stdout), proc.stdout
