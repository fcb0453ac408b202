"""Starts and stops the real keysim binary for tests and benchmarks.

In the repository this is tools.harness.keysim; the keysim package installs
the same files as keysim_harness (/usr/lib/python3/dist-packages, see
cmake/packaging.cmake and docs/install.md), where find_keysim() picks the
installed /usr/bin/keysim from PATH.
"""
import json
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import time


def find_keysim(build_dir=None):
    """Path of the keysim binary to run.

    build_dir (or $KEYBRIDGE_BUILD_DIR when build_dir is None) names a CMake
    build folder, whose simulator/keysim is used; with neither, the keysim on
    PATH (the installed package's /usr/bin/keysim).
    """
    build_dir = build_dir or os.environ.get("KEYBRIDGE_BUILD_DIR")
    if build_dir:
        path = pathlib.Path(build_dir) / "simulator" / "keysim"
        if not path.exists():
            raise FileNotFoundError(f"{path} is missing: build keysim first")
        return path
    found = shutil.which("keysim")
    if found is None:
        raise FileNotFoundError("keysim is not on PATH: install the keysim "
                                "package or set KEYBRIDGE_BUILD_DIR")
    return pathlib.Path(found)


class KeySim:
    """A keysim process serving UDP on 127.0.0.1 with state in `state_dir`.

    binary None means find_keysim() (build folder from the environment, else
    PATH). control=True opens the control socket on a free UDP port,
    control="unix:PATH" on a Unix datagram socket (docs/control.md).
    """

    def __init__(self, binary, state_dir, presence="auto", extra_args=(),
                 control=False):
        self.binary = str(binary if binary is not None else find_keysim())
        self.state_dir = str(state_dir)
        self.presence = presence
        self.extra_args = list(extra_args)
        self.with_control = control
        self.proc = None
        self.port = None
        self.control_port = None
        self.endpoints = {}
        self.control_path = None

    @property
    def uri(self):
        return f"udp:127.0.0.1:{self.port}"

    def start(self, timeout=10.0):
        """Starts keysim and reads its `listening`/`control` lines into
        `endpoints` ({"udp": "udp:127.0.0.1:PORT", "vpcd": "vpcd:…",
        "control": "udp:127.0.0.1:PORT" or "unix:PATH"})."""
        args = [self.binary, "--udp", "127.0.0.1:0", "--state", self.state_dir,
                "--presence", self.presence, *self.extra_args]
        if self.with_control:
            where = (self.with_control if isinstance(self.with_control, str)
                     else "127.0.0.1:0")
            args += ["--control", where]
        # keysim prints udp, uhid, vpcd, then control (keysim(1)).
        expected = ["udp"] + (["vpcd"] if "--vpcd" in self.extra_args else [])
        expected += ["control"] if self.with_control else []
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + timeout
        self.endpoints = {}
        while len(self.endpoints) < len(expected):
            line = self.proc.stdout.readline().strip()
            words = line.split(" ", 1)
            if (len(words) != 2 or words[0] not in ("listening", "control") or
                    time.monotonic() > deadline):
                try:  # it may be exiting: give it a moment to say why
                    self.proc.wait(timeout=2)
                except subprocess.TimeoutExpired:
                    pass
                err = self.proc.stderr.read() if self.proc.poll() is not None else ""
                self.stop()
                raise RuntimeError(f"keysim did not start: {line!r} {err!r}")
            kind = words[1].split(":", 1)[0]
            self.endpoints["control" if words[0] == "control" else kind] = words[1]
        self.port = int(self.endpoints["udp"].rsplit(":", 1)[1])
        control = self.endpoints.get("control", "")
        if control.startswith("udp:"):
            self.control_port = int(control.rsplit(":", 1)[1])
        elif control.startswith("unix:"):
            self.control_path = control[len("unix:"):]
        return self

    def control(self, command, timeout=5.0, **members):
        """Sends one control request and returns the parsed answer (a dict).

        `command` is a request dict ({"cmd": "presence", "policy": "deny"})
        or a command name, whose members come as keyword arguments:
        control("presence", policy="deny"), control("touch"). The answer is
        {"ok": True, ...} or {"ok": False, "error": ...}; see docs/control.md.
        """
        request = ({"cmd": command, **members} if isinstance(command, str)
                   else dict(command, **members))
        return json.loads(self.control_raw(json.dumps(request).encode(),
                                           timeout))

    def control_raw(self, data, timeout=5.0):
        """Sends `data` (bytes) as one control datagram; returns the answer
        text. For malformed requests in tests."""
        if self.control_path is not None:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            sock.bind("")  # Linux autobind: an address to answer to
            target = self.control_path
        else:
            sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            target = ("127.0.0.1", self.control_port)
        with sock:
            sock.settimeout(timeout)
            sock.sendto(data, target)
            return sock.recv(1 << 20).decode()

    def stop(self, sig=signal.SIGTERM, timeout=5.0):
        """Stops keysim; returns its exit status."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        rc = self.proc.returncode
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream:
                stream.close()
        self.proc = None
        return rc

    def open_hid(self, timeout=20.0):
        """A new python-fido2 CtapHidDevice on this keysim (udp_hid.py)."""
        from .udp_hid import open_udp_device
        return open_udp_device(self.port, timeout=timeout)

    def power_cycle(self):
        """Unplug and plug in again (control socket): channels, pending
        requests and per-boot state go; stored state stays."""
        return self.control("power-cycle")

    def kill9(self):
        return self.stop(signal.SIGKILL)

    def restart(self):
        self.stop()
        return self.start()

    def state_files(self):
        return [os.path.join(self.state_dir, f)
                for f in sorted(os.listdir(self.state_dir))]
