"""Raw CTAPHID reports over keysim's UDP transport, for tests of the HID
layer itself (CTAP 2.1 §11.2.4 packets, §11.2.9 commands): one datagram is one
64-byte report without a report ID (docs/architecture.md "Transports only
move bytes"). For whole messages use udp_hid.py's python-fido2 device."""
import os
import socket
import struct

REPORT_SIZE = 64
BROADCAST = 0xFFFFFFFF
INIT = 0x06


class RawCtaphid:
    def __init__(self, port, host="127.0.0.1"):
        self.peer = (host, port)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))

    def send(self, report):
        self.sock.sendto(bytes(report).ljust(REPORT_SIZE, b"\0"), self.peer)

    def init_pkt(self, cid, cmd, payload, bcnt=None):
        """An initialization packet; `bcnt` defaults to len(payload)."""
        bcnt = len(payload) if bcnt is None else bcnt
        self.send(struct.pack(">IBH", cid, 0x80 | cmd, bcnt) + payload[:57])

    def cont_pkt(self, cid, seq, payload):
        self.send(struct.pack(">IB", cid, seq) + payload[:59])

    def recv(self, timeout=2.0):
        """(cid, cmd, data) of the next report; socket.timeout if none."""
        self.sock.settimeout(timeout)
        data, _ = self.sock.recvfrom(REPORT_SIZE + 1)
        assert len(data) == REPORT_SIZE
        cid, cmd, bcnt = struct.unpack(">IBH", data[:7])
        return cid, cmd & 0x7F, data[7:7 + bcnt]

    def recv_or_none(self, timeout=1.0):
        try:
            return self.recv(timeout)
        except socket.timeout:
            return None

    def silent(self, timeout=0.3):
        """True when nothing arrives within `timeout`."""
        return self.recv_or_none(timeout) is None

    def drain(self, timeout=0.3):
        """Every report that arrives until `timeout` passes without one."""
        got = []
        while (r := self.recv_or_none(timeout)) is not None:
            got.append(r)
        return got

    def allocate(self):
        """CTAPHID_INIT on the broadcast CID; returns the new channel."""
        nonce = os.urandom(8)
        self.init_pkt(BROADCAST, INIT, nonce)
        cid, cmd, data = self.recv()
        assert (cid, cmd) == (BROADCAST, INIT) and data[:8] == nonce
        return struct.unpack(">I", data[8:12])[0]

    def close(self):
        self.sock.close()
