"""Touch prompts reach the user when stderr is swallowed (credential_process):
/dev/tty if there is one, and a desktop notification through notify-send when a
graphical session is there (bridge/include/bridge/cli/terminal.h, Notify)."""
import os
import subprocess
import time


def _fake_notify_send(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "notify.log"
    script = bin_dir / "notify-send"
    script.write_text('#!/bin/sh\nprintf "%%s\\n" "$@" >> %s\n' % log)
    script.chmod(0o755)
    return bin_dir, log


def _code_waiting_for_touch(keybridge_bin, keysim, env):
    keysim.control("presence", policy="manual")
    # No controlling terminal (new session) and stderr a pipe: as under the
    # AWS CLI's credential_process from a desktop application.
    return subprocess.Popen(
        [str(keybridge_bin), "--device", keysim.uri, "oath", "accounts", "code",
         "--single", "touchy"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)


def _wait_for(path, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.read_text():
            return path.read_text()
        time.sleep(0.05)
    return None


def _add_touch_account(keybridge, keysim):
    keybridge.run("oath", "accounts", "add", "touchy", "--touch",
                  input="JBSWY3DPEHPK3PXP\n")


def test_touch_prompt_becomes_a_desktop_notification(keybridge, keybridge_bin,
                                                     keysim, tmp_path):
    _add_touch_account(keybridge, keysim)
    bin_dir, log = _fake_notify_send(tmp_path)
    env = dict(os.environ, DISPLAY=":99",
               PATH="%s:%s" % (bin_dir, os.environ["PATH"]))
    env.pop("WAYLAND_DISPLAY", None)
    proc = _code_waiting_for_touch(keybridge_bin, keysim, env)
    try:
        shown = _wait_for(log)
        assert shown is not None, "no notification while waiting for the touch"
        assert shown.splitlines() == ["--app-name=keybridge", "keybridge",
                                      "Touch your key…"]
        keysim.control("touch")
        out, err = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert out.strip().isdigit()


def test_no_graphical_session_no_notification(keybridge, keybridge_bin, keysim,
                                              tmp_path):
    _add_touch_account(keybridge, keysim)
    bin_dir, log = _fake_notify_send(tmp_path)
    env = dict(os.environ, PATH="%s:%s" % (bin_dir, os.environ["PATH"]))
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    proc = _code_waiting_for_touch(keybridge_bin, keysim, env)
    try:
        time.sleep(1.0)
        keysim.control("touch")
        out, err = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert not log.exists()
