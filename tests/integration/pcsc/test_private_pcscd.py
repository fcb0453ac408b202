"""The harness's private pcscd (tools/harness/pcscd.py) in its two modes."""
import os
import shutil
import subprocess

import pytest

from pcsc.conftest import READER
from tools.harness.pcscd import PrivatePcscd

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))


def test_the_session_pcscd_is_not_the_machines(keysim_pcscd):
    assert keysim_pcscd.isolated
    assert not keysim_pcscd.socket_path.startswith("/run/pcscd")
    assert os.environ["PCSCLITE_CSOCK_NAME"] == keysim_pcscd.socket_path
    assert keysim_pcscd.vpcd_port != 35963  # vsmartcard's fixed default


def test_two_private_pcscds_side_by_side(tmp_path, keysim_pcscd):
    other = PrivatePcscd(tmp_path).start()
    try:
        assert other.socket_path != keysim_pcscd.socket_path
        assert other.vpcd_port != keysim_pcscd.vpcd_port
    finally:
        other.stop()


def test_direct_mode_where_namespaces_are_refused(keybridge_bin, keysim_bin):
    """A container without CAP_SYS_ADMIN cannot unshare; there the harness
    runs pcscd at /run/pcscd itself. Played here in a namespace of the test's
    own with an empty /run, as a fresh container has."""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("needs root and unshare to stage an empty /run")
    PrivatePcscd.check_available()
    script = ('mount -t tmpfs tmpfs /run && exec "$@"')
    env = dict(os.environ, KEYSIM_PCSCD_NAMESPACE="0", PYTHONPATH=ROOT)
    env.pop("PCSCLITE_CSOCK_NAME", None)
    proc = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", script,
         "sh", "/usr/bin/python3", "-m", "tools.harness.run", "--pcsc",
         "--keysim-binary", str(keysim_bin), "--", "sh", "-c",
         f'echo "$PCSCLITE_CSOCK_NAME"; env -u KEYBRIDGE_DEVICE "{keybridge_bin}" list'],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("/run/pcscd/pcscd.comm\n"), proc.stdout
    assert f"pcsc:{READER}\t" in proc.stdout
