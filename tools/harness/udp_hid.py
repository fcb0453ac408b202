"""python-fido2 (0.9.1) CTAPHID connection over keysim's UDP transport.

One datagram is one 64-byte report without a report-ID byte; keysim replies to
the sender (docs/architecture.md "Transports only move bytes").
"""
import socket

from fido2.hid import CtapHidDevice
from fido2.hid.base import CtapHidConnection, HidDescriptor

REPORT_SIZE = 64


class UdpCtapHidConnection(CtapHidConnection):
    def __init__(self, host, port, timeout=20.0):
        self.peer = (host, port)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(timeout)

    def write_packet(self, data):
        self.sock.sendto(bytes(data).ljust(REPORT_SIZE, b"\0"), self.peer)

    def read_packet(self):
        while True:
            data, addr = self.sock.recvfrom(REPORT_SIZE + 1)
            if addr == self.peer:
                return data.ljust(REPORT_SIZE, b"\0")[:REPORT_SIZE]

    def close(self):
        self.sock.close()


def open_udp_device(port, host="127.0.0.1", timeout=20.0):
    """Opens keysim at udp:host:port as a python-fido2 CtapHidDevice."""
    desc = HidDescriptor(f"udp:{host}:{port}", 0x1209, 0x000B, REPORT_SIZE,
                         REPORT_SIZE)
    return CtapHidDevice(desc, UdpCtapHidConnection(host, port, timeout))
