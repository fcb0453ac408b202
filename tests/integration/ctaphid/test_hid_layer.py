"""CTAPHID layer of keysim over UDP, with raw reports (docs/protocol/ctap.md §1.3,
the fido2-tests test_hid.py scenarios that apply) and python-fido2."""
import os
import struct
import time

import pytest
from fido2.ctap import CtapError

from tools.harness.raw_hid import RawCtaphid

BROADCAST = 0xFFFFFFFF
PING, INIT, WINK, CBOR, CANCEL, KEEPALIVE, ERROR = 0x01, 0x06, 0x08, 0x10, 0x11, 0x3B, 0x3F
ERR_INVALID_CMD, ERR_INVALID_LEN, ERR_INVALID_SEQ = 0x01, 0x03, 0x04
ERR_TIMEOUT, ERR_BUSY, ERR_INVALID_CHANNEL = 0x05, 0x06, 0x0B


@pytest.fixture
def raw(keysim):
    r = RawCtaphid(keysim.port)
    yield r
    r.close()


def test_init_reply_fields(raw):
    nonce = os.urandom(8)
    raw.init_pkt(BROADCAST, INIT, nonce)
    cid, cmd, data = raw.recv()
    assert cmd == INIT and len(data) == 17 and data[:8] == nonce
    new_cid = struct.unpack(">I", data[8:12])[0]
    assert new_cid not in (0, BROADCAST)
    assert data[12] == 2  # CTAPHID protocol version
    assert data[16] & 0x01  # WINK


def test_init_on_own_cid_echoes_it(raw):
    cid = raw.allocate()
    nonce = os.urandom(8)
    raw.init_pkt(cid, INIT, nonce)
    rcid, cmd, data = raw.recv()
    assert (rcid, cmd) == (cid, INIT) and data[:8] == nonce
    assert struct.unpack(">I", data[8:12])[0] == cid


def test_long_ping_python_fido2(hid):
    payload = os.urandom(7609)
    assert hid.ping(payload) == payload
    hid.wink()


def test_invalid_command(hid):
    with pytest.raises(CtapError) as err:
        hid.call(0x66, b"")
    assert err.value.code == ERR_INVALID_CMD


def test_oversize_packet(raw):
    cid = raw.allocate()
    raw.init_pkt(cid, PING, b"\0" * 57, bcnt=0x1DBA)
    assert raw.recv() == (cid, ERROR, bytes([ERR_INVALID_LEN]))


def test_skip_sequence_then_resync(raw):
    cid = raw.allocate()
    raw.init_pkt(cid, PING, b"\x11" * 57, bcnt=200)
    raw.cont_pkt(cid, 0, b"\x22" * 59)
    raw.cont_pkt(cid, 2, b"\x33" * 59)
    assert raw.recv() == (cid, ERROR, bytes([ERR_INVALID_SEQ]))
    raw.init_pkt(cid, PING, b"ok")
    assert raw.recv() == (cid, PING, b"ok")


def test_ping_abort_by_init(raw):
    cid = raw.allocate()
    raw.init_pkt(cid, PING, b"\x11" * 57, bcnt=100)
    nonce = os.urandom(8)
    raw.init_pkt(cid, INIT, nonce)
    rcid, cmd, data = raw.recv()
    assert (rcid, cmd) == (cid, INIT) and data[:8] == nonce
    raw.init_pkt(cid, PING, b"after")
    assert raw.recv() == (cid, PING, b"after")


def test_timeout_of_unfinished_message(raw):
    cid = raw.allocate()
    start = time.monotonic()
    raw.init_pkt(cid, PING, b"\x11" * 57, bcnt=100)
    assert raw.recv(timeout=3.0) == (cid, ERROR, bytes([ERR_TIMEOUT]))
    assert 0.4 <= time.monotonic() - start <= 1.5


def test_other_cid_is_busy_during_transaction(raw):
    a, b = raw.allocate(), raw.allocate()
    raw.init_pkt(a, PING, b"\x11" * 57, bcnt=100)
    raw.init_pkt(b, PING, b"x")
    assert raw.recv(timeout=0.5) == (b, ERROR, bytes([ERR_BUSY]))
    assert raw.recv(timeout=3.0) == (a, ERROR, bytes([ERR_TIMEOUT]))
    raw.init_pkt(b, PING, b"free")
    assert raw.recv() == (b, PING, b"free")


def test_not_cont(raw):
    cid = raw.allocate()
    raw.init_pkt(cid, PING, b"\x11" * 57, bcnt=100)
    raw.init_pkt(cid, PING, b"again")
    assert raw.recv() == (cid, ERROR, bytes([ERR_INVALID_SEQ]))


def test_cid_zero_and_broadcast(raw):
    raw.init_pkt(0, INIT, os.urandom(8))
    assert raw.recv() == (0, ERROR, bytes([ERR_INVALID_CHANNEL]))
    raw.init_pkt(BROADCAST, PING, b"x")
    assert raw.recv() == (BROADCAST, ERROR, bytes([ERR_INVALID_CHANNEL]))


def test_unknown_cid(raw):
    raw.init_pkt(0x01020304, PING, b"x")
    assert raw.recv() == (0x01020304, ERROR, bytes([ERR_INVALID_CHANNEL]))


def test_cancel_when_idle_is_silent(raw):
    cid = raw.allocate()
    for _ in range(3):
        raw.init_pkt(cid, CANCEL, b"")
    assert raw.silent()
    raw.init_pkt(cid, PING, b"still fine")
    assert raw.recv() == (cid, PING, b"still fine")


def test_junk_reports_leave_device_working(raw, hid):
    for _ in range(200):
        raw.sock.sendto(os.urandom(64), raw.peer)
    raw.sock.sendto(b"short", raw.peer)
    raw.sock.sendto(os.urandom(200), raw.peer)
    time.sleep(1.2)  # any half-received message on a random CID times out
    assert hid.ping(b"alive") == b"alive"
