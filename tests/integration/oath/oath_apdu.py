"""Independent OATH APDU helpers for tests (docs/protocol/oath.md §2), written
apart from the bridge's C++ encoder so a bug cannot hide on both sides."""
import struct

SECRETS_APP = 0x70
SHA1, SHA256, SHA512 = 0x01, 0x02, 0x03
HOTP, TOTP = 0x10, 0x20


def tlv(tag, value):
    assert len(value) <= 127
    return bytes([tag, len(value)]) + value


def apdu(ins, p1=0, p2=0, data=b""):
    head = bytes([0x00, ins, p1, p2])
    return head + (bytes([len(data)]) + data if data else b"")


def put(name, secret, kind=TOTP, alg=SHA1, digits=6, props=None, counter=None):
    data = tlv(0x71, name) + tlv(0x73, bytes([kind | alg, digits]) + secret)
    if props is not None:
        data += bytes([0x78, props])  # property: no length byte
    if counter is not None:
        data += tlv(0x7A, struct.pack(">I", counter))
    return apdu(0x01, data=data)


def calculate(name, counter):
    return apdu(0xA2, 0x00, 0x01,
                tlv(0x71, name) + tlv(0x74, struct.pack(">Q", counter)))


def delete(name):
    return apdu(0x02, data=tlv(0x71, name))


def list_v1():
    return apdu(0xA1, data=b"\x01")


SEND_REMAINING = apdu(0xA5)
RESET = apdu(0x04, 0xDE, 0xAD)
SELECT = bytes.fromhex("00A4040007A0000005272101")


def split_sw(resp):
    """CTAPHID 0x70 replies carry the status word first."""
    return (resp[0] << 8) | resp[1], resp[2:]


def parse_tlvs(data):
    out, i = [], 0
    while i < len(data):
        tag, length = data[i], data[i + 1]
        out.append((tag, data[i + 2:i + 2 + length]))
        i += 2 + length
    return out


def code_from(resp_data):
    tag, value = parse_tlvs(resp_data)[0]
    assert tag == 0x76 and len(value) == 5
    digits = value[0]
    v = struct.unpack(">I", value[1:])[0] & 0x7FFFFFFF
    return str(v % 10 ** digits).zfill(digits)
