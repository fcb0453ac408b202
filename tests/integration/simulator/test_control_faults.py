"""Fault injection on the CTAPHID report stream and the wire statistics
(docs/control.md "faults", "stats"): seeded faults are reproducible, are
counted, and once they are off the key answers real clients correctly."""
import os
import time

import pytest
from fido2.ctap import CtapError
from fido2.ctap2 import Ctap2

from tools.harness.raw_hid import RawCtaphid
from tools.harness.udp_hid import open_udp_device

PING, ERROR = 0x01, 0x3F


@pytest.fixture
def raw(auto_sim):
    r = RawCtaphid(auto_sim.port)
    yield r
    r.close()


def ping_pattern(raw, cid, n):
    """Sends n one-packet PINGs, one at a time; which ones were answered."""
    answered = []
    for i in range(n):
        raw.init_pkt(cid, PING, bytes([i]))
        reply = raw.recv_or_none(0.15)
        answered.append(reply is not None and reply[2] == bytes([i]))
    return answered


def test_seeded_drops_are_reproducible_and_counted(auto_sim, raw):
    cid = raw.allocate()
    faults = {"cmd": "faults", "seed": 1234, "drop": 0.5, "direction": "in"}
    assert auto_sim.control(faults)["ok"]
    first = ping_pattern(raw, cid, 30)
    assert auto_sim.control(faults)["ok"]  # same seed: same sequence again
    second = ping_pattern(raw, cid, 30)
    assert first == second
    assert 0 < first.count(True) < 30
    stats = auto_sim.control("stats")
    assert stats["faults"]["dropped"] == 2 * first.count(False)
    assert auto_sim.control({"cmd": "faults", "seed": 99, "drop": 0.5,
                             "direction": "in"})["ok"]
    assert ping_pattern(raw, cid, 30) != first  # another seed, other drops
    assert auto_sim.control("faults", off=True)["faults"] == {"active": False}
    assert all(ping_pattern(raw, cid, 5))


def test_duplicate_out_sends_every_answer_twice(auto_sim, raw):
    cid = raw.allocate()
    assert auto_sim.control("faults", duplicate=1, direction="out")["ok"]
    raw.init_pkt(cid, PING, b"dup")
    replies = raw.drain()
    assert replies == [(cid, PING, b"dup")] * 2
    assert auto_sim.control("stats")["faults"]["duplicated"] == 1


def test_corrupt_and_delay(auto_sim, raw):
    cid = raw.allocate()
    assert auto_sim.control("faults", seed=5, corrupt=1, direction="out")["ok"]
    for i in range(10):
        raw.init_pkt(cid, PING, b"x" * 20)
    replies = raw.drain()
    # Every answer had one bit flipped somewhere: none is an intact echo
    # unless the flipped bit was past the echoed bytes.
    assert auto_sim.control("stats")["faults"]["corrupted"] == 10
    intact = [r for r in replies if r == (cid, PING, b"x" * 20)]
    assert len(intact) < 10
    assert auto_sim.control("faults", delay_ms=[300, 300],
                            direction="out")["ok"]
    start = time.monotonic()
    raw.init_pkt(cid, PING, b"late")
    assert raw.recv(2.0) == (cid, PING, b"late")
    assert time.monotonic() - start >= 0.25
    assert auto_sim.control("faults", off=True)["ok"]


def test_key_answers_correctly_after_faults_and_stats_count(auto_sim, raw):
    cid = raw.allocate()
    assert auto_sim.control("faults", seed=7, drop=0.3, duplicate=0.3,
                            corrupt=0.3, reorder=0.2)["ok"]
    for i in range(40):
        raw.init_pkt(cid, PING, bytes([i]) * 10)
    raw.drain(0.5)
    assert auto_sim.control("faults", off=True)["ok"]
    stats = auto_sim.control("stats", reset=True)
    applied = stats["faults"]
    assert applied["dropped"] > 0 and applied["duplicated"] > 0
    assert applied["corrupted"] > 0
    assert stats["reports"]["in"] > 0

    # Real clients after the faults: python-fido2 CTAP2 and 0x70.
    dev = open_udp_device(auto_sim.port)
    ctap = Ctap2(dev)
    assert ctap.get_info().versions
    cdh = os.urandom(32)
    ctap.make_credential(cdh, {"id": "example.com", "name": "Ex"},
                         {"id": b"u", "name": "u"},
                         [{"type": "public-key", "alg": -7}])
    with pytest.raises(CtapError) as err:
        ctap.get_assertion("nobody.example", cdh)
    assert err.value.code == CtapError.ERR.NO_CREDENTIALS
    calc = bytes.fromhex("00A2000110") + bytes.fromhex("71046E6F6E65") + \
        bytes.fromhex("74080000000000000001")
    calc = bytes.fromhex("00A20001") + bytes([len(calc) - 5]) + calc[5:]
    assert dev.call(0x70, calc)[:2] == b"\x6a\x82"  # no such credential
    dev.close()
    raw.init_pkt(0x01020304, PING, b"?")  # a channel nobody allocated
    assert raw.recv()[1] == ERROR

    stats = auto_sim.control("stats")
    assert stats["faults"] == {"dropped": 0, "duplicated": 0, "corrupted": 0,
                               "delayed": 0, "reordered": 0}
    commands = stats["commands"]
    assert commands["ctaphid"]["INIT"] >= 1
    assert commands["ctaphid"]["PING"] == 1
    # Ctap2() asks getInfo itself, so getInfo is counted at least once.
    assert commands["ctaphid"]["CBOR"] == sum(commands["ctap2"].values())
    assert commands["ctap2"]["authenticatorGetInfo"] >= 1
    assert commands["ctap2"]["authenticatorMakeCredential"] == 1
    assert commands["ctap2"]["authenticatorGetAssertion"] == 1
    assert commands["oath"] == {"CALCULATE": 1}
    assert stats["errors"]["ctap2"] == {"CTAP2_ERR_NO_CREDENTIALS": 1}
    assert stats["errors"]["oath"] == {"6A82": 1}
    assert stats["errors"]["ctaphid"] == {"INVALID_CHANNEL": 1}
    assert stats["reports"]["out"] >= stats["reports"]["in"] - 10
