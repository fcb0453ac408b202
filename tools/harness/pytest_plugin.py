"""pytest plugin: keysim fixtures for any project's tests.

Installed with the keysim package as keysim_harness.pytest_plugin and
registered under the pytest11 entry point `keysim`, so Debian's python3-pytest
loads it by itself (`-p no:keysim` turns it off). docs/keysim-in-ci.md lists
every fixture and option.

Fixtures:
  keysim          a fresh keysim per test (UDP, control socket, own state)
  keysim_session  one keysim for the whole session
  keysim_hid      python-fido2 CtapHidDevice bound to `keysim`
  keysim_oath     OathClient (OATH over CTAPHID) bound to `keysim_hid`
  keysim_pcscd    a private pcscd with a vpcd reader (session)
  keysim_card     a fresh keysim inserted as a smart card into keysim_pcscd
Options: --keysim-binary PATH, --keysim-presence auto|deny|timeout|manual.
"""
import os
import shutil

import pytest

from .keysim import KeySim, find_keysim
from .pcscd import READER, PcscdUnavailable, PrivatePcscd, wait_for_card

PRESENCE_POLICIES = ("auto", "deny", "timeout", "manual")


def pytest_addoption(parser):
    group = parser.getgroup("keysim", "keysim security-key simulator")
    group.addoption(
        "--keysim-binary", default=None,
        help="keysim executable (default: $KEYSIM_BINARY, a build folder's "
             "simulator/keysim from $KEYBRIDGE_BUILD_DIR, else keysim on PATH)")
    group.addoption(
        "--keysim-presence", default="auto", choices=PRESENCE_POLICIES,
        help="how keysim answers user-presence requests (default: auto)")


@pytest.fixture(scope="session")
def keysim_binary(pytestconfig):
    """Path of keysim. Skips the test when none is found; an explicit
    --keysim-binary or $KEYSIM_BINARY that does not exist is an error."""
    explicit = (pytestconfig.getoption("keysim_binary") or
                os.environ.get("KEYSIM_BINARY"))
    if explicit:
        path = shutil.which(explicit) or explicit
        if not os.access(path, os.X_OK):
            pytest.fail(f"--keysim-binary {explicit}: not an executable file",
                        pytrace=False)
        return path
    try:
        return str(find_keysim())
    except FileNotFoundError as e:
        pytest.skip(str(e))


@pytest.fixture(scope="session")
def keysim_presence(pytestconfig):
    return pytestconfig.getoption("keysim_presence")


def _started(binary, state_dir, presence, extra_args=()):
    return KeySim(binary, state_dir, presence=presence, control=True,
                  extra_args=extra_args).start()


@pytest.fixture
def keysim(keysim_binary, keysim_presence, tmp_path):
    """A fresh keysim for this test: `.uri` (udp:127.0.0.1:PORT),
    `.control(cmd)`, `.power_cycle()`, `.state_dir`, `.restart()`."""
    sim = _started(keysim_binary, tmp_path / "keysim-state", keysim_presence)
    yield sim
    sim.stop()


@pytest.fixture(scope="session")
def keysim_session(keysim_binary, keysim_presence, tmp_path_factory):
    """One keysim shared by every test of the session."""
    sim = _started(keysim_binary, tmp_path_factory.mktemp("keysim-state"),
                   keysim_presence)
    yield sim
    sim.stop()


@pytest.fixture
def keysim_hid(keysim):
    """python-fido2 CtapHidDevice talking to `keysim` over UDP."""
    pytest.importorskip("fido2", reason="python-fido2 is missing "
                                        "(apt: python3-fido2)")
    dev = keysim.open_hid()
    yield dev
    dev.close()


@pytest.fixture
def keysim_oath(keysim_hid):
    """OathClient on keysim's OATH applet (Nitrokey 3 Secrets App)."""
    from .oath import OathClient
    return OathClient(keysim_hid)


@pytest.fixture(scope="session")
def keysim_pcscd(tmp_path_factory):
    """A private pcscd (own socket, own vpcd port; pcscd.py). Sets
    PCSCLITE_CSOCK_NAME in os.environ for the session, so every PC/SC client
    the tests start (keybridge, ykman, pyscard) finds it."""
    daemon = PrivatePcscd(tmp_path_factory.mktemp("pcscd"))
    try:
        daemon.start()
    except PcscdUnavailable as e:
        pytest.skip(str(e))
    saved = os.environ.get("PCSCLITE_CSOCK_NAME")
    os.environ.update(daemon.env)
    yield daemon
    if saved is None:
        os.environ.pop("PCSCLITE_CSOCK_NAME", None)
    else:
        os.environ["PCSCLITE_CSOCK_NAME"] = saved
    daemon.stop()


@pytest.fixture
def keysim_card(keysim_binary, keysim_presence, keysim_pcscd, tmp_path):
    """A fresh keysim that is also a YKOATH smart card in the private
    pcscd's reader `.reader` ("Virtual PCD 00 00")."""
    sim = _started(keysim_binary, tmp_path / "keysim-card-state",
                   keysim_presence,
                   extra_args=["--vpcd", keysim_pcscd.vpcd_address])
    sim.reader = READER
    try:
        wait_for_card(READER)
    except ImportError:
        pass  # without pyscard the test waits for the card itself
    except RuntimeError:
        sim.stop()
        raise
    yield sim
    sim.stop()
