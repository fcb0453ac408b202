"""keysim --uhid through a real kernel HID stack, inside a QEMU guest.

tools/vmtest/run.sh boots a Debian kernel (TCG, no KVM needed) whose guest
runs keysim --uhid and drives the resulting /dev/hidraw key with libfido2
(fido2-token), python-fido2 and keybridge (hidapi). The guest reports one
PASS/FAIL line per check and a result line; this test asserts PASS and shows
the guest's lines when it does not.

Skipped, with run.sh's reason, where the VM cannot run (no
qemu-system-x86_64 or busybox-static, or the kernel package cannot be
downloaded). Bounded: QEMU gets 240 s, the whole script 300 s. One run takes
about 30-45 s on a 2-core machine (the first run also downloads the ~70 MB
kernel package).
"""
import pathlib
import shutil
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
RUN = ROOT / "tools" / "vmtest" / "run.sh"
QEMU_TIMEOUT_S = 240
HARD_TIMEOUT_S = 300
SKIP_STATUS = 77  # run.sh: the VM cannot run on this machine


def test_uhid_key_in_qemu_guest(keysim_bin, keybridge_bin):
    if shutil.which("qemu-system-x86_64") is None:
        pytest.skip("qemu-system-x86_64 not installed "
                    "(tools/install-deps.sh test installs qemu-system-x86)")
    build = keysim_bin.parents[1]
    assert keybridge_bin.parents[1] == build
    try:
        proc = subprocess.run(
            [str(RUN), "--build", str(build), "--timeout",
             str(QEMU_TIMEOUT_S)],
            capture_output=True, text=True, timeout=HARD_TIMEOUT_S,
            stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as e:
        pytest.fail(f"tools/vmtest/run.sh took more than {HARD_TIMEOUT_S} s:\n"
                    f"{e.stdout or ''}")
    out = proc.stdout
    if proc.returncode == SKIP_STATUS:
        reason = next((line for line in out.splitlines()
                       if line.startswith("vmtest: SKIP")), out.strip())
        pytest.skip(reason)
    lines = out.splitlines()
    failed = [line for line in lines if line.startswith("FAIL ")]
    assert proc.returncode == 0 and lines and lines[-1].startswith(
        "vmtest: PASS") and not failed, (
        f"run.sh exited {proc.returncode}\n{out}\n{proc.stderr[-2000:]}")
    # The guest must actually have exercised every client, not just booted.
    passed = "\n".join(line for line in lines if line.startswith("PASS "))
    for client in ("fido2-token -L", "fido2-token -I", "python-fido2:",
                   "keybridge list", "keybridge info",
                   "keybridge oath accounts code", "removed"):
        assert client in passed, f"no PASS line for {client!r}:\n{out}"


@pytest.mark.skipif(pathlib.Path("/dev/uhid").exists(),
                    reason="this host has /dev/uhid; the error path needs "
                    "a machine without it")
def test_uhid_without_dev_uhid_is_a_one_line_error(keysim_bin, tmp_path):
    proc = subprocess.run(
        [str(keysim_bin), "--uhid", "--udp", "127.0.0.1:0", "--state",
         str(tmp_path / "state")],
        capture_output=True, text=True, timeout=20, stdin=subprocess.DEVNULL)
    assert proc.returncode == 1, proc
    assert proc.stdout == ""  # no `listening` line for a half-started key
    assert proc.stderr.count("\n") == 1, proc.stderr
    assert proc.stderr.startswith("keysim: cannot open /dev/uhid:"), proc.stderr
