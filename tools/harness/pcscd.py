"""A private pcscd for one test job: its own client socket, its own vpcd port.

pcscd 1.9.9 (Debian 12) has its socket and PID file at fixed paths under
/run/pcscd and refuses to start while another pcscd's PID file is there. So
the private pcscd runs in a mount namespace of its own (util-linux `unshare`;
with `--map-root-user` when not root), where a folder of ours is bind-mounted
over /run/pcscd. Its socket then appears in that folder, and clients reach it
with PCSCLITE_CSOCK_NAME (read by libpcsclite, so by keybridge, ykman and
pcsc_scan alike). Its reader.conf.d holds one vpcd reader on a free port
instead of vsmartcard's fixed 35963 (0x8C7B), and the CCID driver is hidden
inside the namespace, so it never takes a real USB reader from the
machine's pcscd. Two jobs on one machine, and the system pcscd, never meet.

Where mount namespaces are not allowed (a Docker container without
CAP_SYS_ADMIN, as in GitHub Actions container jobs), and only then, pcscd
runs directly at /run/pcscd: the container is the job's own, so nothing else
uses that path; if another pcscd runs there, start() says so and stops.
KEYSIM_PCSCD_NAMESPACE=0 asks for that direct mode.
"""
import os
import pathlib
import shutil
import socket
import subprocess
import time

VPCD_DRIVER = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so"
CCID_BUNDLE = "/usr/lib/pcsc/drivers/ifd-ccid.bundle"
READER = "Virtual PCD 00 00"  # vpcd's first reader on a port
SYSTEM_RUN_DIR = "/run/pcscd"

# Run inside the new mount namespace: $1 our run folder, $2 pcscd, $3 the
# reader.conf.d folder, $4 an empty folder to hide the CCID driver with.
_NAMESPACE_SCRIPT = """
set -e
if [ ! -d /run/pcscd ]; then mount -t tmpfs tmpfs /run; mkdir /run/pcscd; fi
mount --bind "$1" /run/pcscd
if [ -d %s ]; then mount --bind "$4" %s; fi
exec "$2" --foreground --config "$3"
""" % (CCID_BUNDLE, CCID_BUNDLE)


class PcscdUnavailable(RuntimeError):
    """pcscd, the vpcd driver or namespaces are missing; the reason says
    which (callers turn it into a test skip)."""


def free_tcp_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _accepts(family, address):
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.settimeout(0.2)
        try:
            s.connect(address)
            return True
        except OSError:
            return False


class PrivatePcscd:
    """pcscd with one vpcd reader, all its files in `workdir`.

    Use `env` (PCSCLITE_CSOCK_NAME) for every PC/SC client, and pass
    `vpcd_address` to `keysim --vpcd`.
    """

    def __init__(self, workdir, friendly_name="Virtual PCD"):
        self.workdir = pathlib.Path(workdir)
        # pcscd names the reader FRIENDLYNAME + " 00 00". ykman --device
        # SERIAL only looks at readers named like a YubiKey's ("Yubico
        # YubiKey ...", docs/protocol/management.md §5).
        self.friendly_name = friendly_name
        self.isolated = None  # decided by start(): namespace or direct
        self.run_dir = self.workdir / "run"
        self.conf_dir = self.workdir / "reader.conf.d"
        self.empty_dir = self.workdir / "empty"
        self.vpcd_port = None
        self.proc = None
        self.log = self.workdir / "pcscd.log"

    @property
    def socket_path(self):
        return str(self.run_dir / "pcscd.comm")

    @property
    def env(self):
        return {"PCSCLITE_CSOCK_NAME": self.socket_path}

    @property
    def reader(self):
        return f"{self.friendly_name} 00 00"

    @property
    def vpcd_address(self):
        return f"127.0.0.1:{self.vpcd_port}"

    @staticmethod
    def check_available():
        """Raises PcscdUnavailable naming what is missing."""
        pcscd = shutil.which("pcscd") or (
            "/usr/sbin/pcscd" if os.path.exists("/usr/sbin/pcscd") else None)
        if pcscd is None:
            raise PcscdUnavailable("pcscd is not installed (apt: pcscd)")
        if not os.path.exists(VPCD_DRIVER):
            raise PcscdUnavailable(
                "the vpcd driver is not installed (apt: vsmartcard-vpcd)")
        return pcscd

    @staticmethod
    def _namespace_prefix():
        """The unshare command line, or None when namespaces are refused."""
        if (os.environ.get("KEYSIM_PCSCD_NAMESPACE") == "0" or
                shutil.which("unshare") is None):  # util-linux
            return None
        unshare = ["unshare", "--mount", "--propagation", "private"]
        if os.geteuid() != 0:
            unshare.append("--map-root-user")
        probe = subprocess.run([*unshare, "true"], capture_output=True)
        return unshare if probe.returncode == 0 else None

    def _command(self, pcscd):
        unshare = self._namespace_prefix()
        self.isolated = unshare is not None
        if self.isolated:
            return [*unshare, "sh", "-c", _NAMESPACE_SCRIPT, "sh",
                    str(self.run_dir), pcscd, str(self.conf_dir),
                    str(self.empty_dir)]
        self.run_dir = pathlib.Path(SYSTEM_RUN_DIR)
        if _accepts(socket.AF_UNIX, self.socket_path):
            raise PcscdUnavailable(
                "mount namespaces are not allowed here (unshare --mount "
                "failed) and another pcscd serves /run/pcscd; stop it or run "
                "the tests where namespaces are allowed")
        self.run_dir.mkdir(parents=True, exist_ok=True)
        return [pcscd, "--foreground", "--config", str(self.conf_dir)]

    def start(self, timeout=10.0, attempts=3):
        pcscd = self.check_available()
        for path in (self.run_dir, self.conf_dir, self.empty_dir):
            path.mkdir(parents=True, exist_ok=True)
        command = self._command(pcscd)
        last = ""
        for _ in range(attempts):  # a free port may be taken before vpcd binds
            self.vpcd_port = free_tcp_port()
            (self.conf_dir / "vpcd").write_text(
                f'FRIENDLYNAME "{self.friendly_name}"\n'
                f"DEVICENAME   /dev/null:0x{self.vpcd_port:04X}\n"
                f"LIBPATH      {VPCD_DRIVER}\n"
                f"CHANNELID    0x{self.vpcd_port:04X}\n")
            with open(self.log, "ab") as log:
                self.proc = subprocess.Popen(
                    command, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
            if self._wait_ready(timeout):
                return self
            last = self._log_tail()
            self.stop()
        raise PcscdUnavailable(f"private pcscd did not come up: {last}")

    def _wait_ready(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            if (_accepts(socket.AF_UNIX, self.socket_path) and
                    _accepts(socket.AF_INET, ("127.0.0.1", self.vpcd_port))):
                return True
            time.sleep(0.05)
        return False

    def _log_tail(self):
        try:
            lines = self.log.read_text(errors="replace").strip().splitlines()
        except OSError:
            return "no log"
        return lines[-1] if lines else f"exit {self.proc.poll()}"

    def stop(self, timeout=5.0):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


def wait_for_card(reader=READER, timeout=10.0):
    """Waits until PC/SC (the pcscd of PCSCLITE_CSOCK_NAME) reports a card in
    `reader`, with pyscard (python3-pyscard, which ykman uses too). keysim
    connects to vpcd in the background, and pcscd notices the card a little
    later, so a client that starts at once may still see an empty reader."""
    from smartcard import scard
    rc, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if rc != scard.SCARD_S_SUCCESS:
        raise RuntimeError(f"no PC/SC service: {scard.SCardGetErrorMessage(rc)}")
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            rc, states = scard.SCardGetStatusChange(
                context, 0, [(reader, scard.SCARD_STATE_UNAWARE)])
            if (rc == scard.SCARD_S_SUCCESS and
                    states[0][1] & scard.SCARD_STATE_PRESENT):
                return
            time.sleep(0.05)
        raise RuntimeError(f"no card appeared in {reader!r} within {timeout} s")
    finally:
        scard.SCardReleaseContext(context)
