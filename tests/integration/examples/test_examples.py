"""examples/ as a stranger's project: copied outside the source tree, run
against the keysim package installed into a private prefix (`cmake --install
--component keysim`), with nothing from this checkout on any path. The
commands are the GitHub Actions example's own `run:` steps, so the workflow
file is tested too (its install step aside: the prefix stands in for apt)."""
import os
import pathlib
import shutil
import subprocess

import pytest

yaml = pytest.importorskip("yaml", reason="python3-yaml is missing")

ROOT = pathlib.Path(__file__).resolve().parents[3]
WORKFLOW = ROOT / "examples" / "github-actions" / "keysim.yml"


@pytest.fixture(scope="module")
def prefix(build_dir, tmp_path_factory):
    """The keysim component installed into its own prefix."""
    prefix = tmp_path_factory.mktemp("keysim-prefix")
    subprocess.run(["cmake", "--install", str(build_dir), "--component",
                    "keysim", "--prefix", str(prefix)],
                   check=True, capture_output=True, timeout=120)
    return prefix


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A copy of examples/ (the workflow's checkout)."""
    copy = tmp_path_factory.mktemp("consumer") / "project"
    shutil.copytree(ROOT / "examples", copy)
    return copy


def consumer_env(prefix):
    """What an apt install into /usr would give: keysim on PATH, the harness
    on Python's path, the CMake package on CMake's; no build folder."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("KEYBRIDGE_", "KEYSIM_", "PYTHON"))}
    env["PATH"] = f"{prefix}/bin:/usr/bin:/bin"
    env["PYTHONPATH"] = f"{prefix}/lib/python3/dist-packages"
    env["CMAKE_PREFIX_PATH"] = str(prefix)
    return env


def workflow_steps():
    steps = yaml.safe_load(WORKFLOW.read_text())["jobs"]["test"]["steps"]
    return [s for s in steps if "run" in s and s["name"] != "Install keysim"]


def test_the_workflow_installs_keysim_from_a_deb():
    steps = yaml.safe_load(WORKFLOW.read_text())["jobs"]["test"]["steps"]
    install = next(s for s in steps if s.get("name") == "Install keysim")
    assert "keysim_*.deb" in install["run"]
    assert [s["name"] for s in workflow_steps()] == ["pytest", "CTest"]


@pytest.mark.parametrize("step", workflow_steps(), ids=lambda s: s["name"])
def test_example_step_passes_with_only_the_installed_package(step, prefix,
                                                             project):
    assert shutil.which("python3", path=f"{prefix}/bin:/usr/bin:/bin") == \
        "/usr/bin/python3"  # Debian's, which sees python3-fido2
    proc = subprocess.run(["bash", "-euo", "pipefail", "-c", step["run"]],
                          cwd=project / step["working-directory"],
                          env=consumer_env(prefix), capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    if step["name"] == "pytest":
        assert "4 passed" in proc.stdout, proc.stdout
    else:
        assert "100% tests passed, 0 tests failed out of 2" in proc.stdout


def run_pytest(project_dir, prefix, *args, path_has_keysim=True):
    env = consumer_env(prefix)
    if not path_has_keysim:
        env["PATH"] = "/usr/bin:/bin"
    return subprocess.run(["/usr/bin/python3", "-m", "pytest", "-q", "-rs",
                           "-p", "no:cacheprovider", *args],
                          cwd=project_dir, env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture
def tiny_project(tmp_path):
    (tmp_path / "test_tiny.py").write_text(
        "def test_presence(keysim, keysim_hid):\n"
        "    from fido2.ctap2 import Ctap2\n"
        "    from fido2.ctap import CtapError\n"
        "    import pytest\n"
        "    with pytest.raises(CtapError) as e:\n"
        "        Ctap2(keysim_hid).make_credential(b'\\0' * 32, {'id': 'a.b'},\n"
        "            {'id': b'u', 'name': 'u'}, [{'type': 'public-key', 'alg': -7}])\n"
        "    assert e.value.code == CtapError.ERR.OPERATION_DENIED\n")
    return tmp_path


def test_plugin_option_sets_the_presence_policy(tiny_project, prefix):
    proc = run_pytest(tiny_project, prefix, "--keysim-presence=deny")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 passed" in proc.stdout


def test_plugin_skips_with_the_reason_when_keysim_is_missing(tiny_project,
                                                             prefix):
    proc = run_pytest(tiny_project, prefix, path_has_keysim=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 skipped" in proc.stdout
    assert "keysim is not on PATH" in proc.stdout


def test_plugin_fails_on_a_wrong_keysim_binary(tiny_project, prefix):
    proc = run_pytest(tiny_project, prefix, "--keysim-binary=/nonexistent")
    assert proc.returncode == 1
    assert "--keysim-binary /nonexistent: not an executable file" in proc.stdout
