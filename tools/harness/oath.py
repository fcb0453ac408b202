"""OATH over CTAPHID for tests: the Secrets App APDUs (docs/protocol/oath.md
§2) and OathClient, which sends them to a key with python-fido2 (CTAPHID
vendor command 0x70, Nitrokey 3 profile).

Written apart from keybridge's C++ encoder, so a bug cannot hide on both
sides; it needs only the standard library (OathClient takes any object with
python-fido2's CtapHidDevice.call).
"""
import struct
import time

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


class OathError(RuntimeError):
    def __init__(self, sw, what):
        super().__init__(f"{what}: status word {sw:04X}")
        self.sw = sw


class OathClient:
    """The key's OATH applet, reached through `hid.call(0x70, apdu)`."""

    def __init__(self, hid):
        self.hid = hid

    def send(self, data, what="OATH command"):
        """One APDU; returns the reply data, raises OathError unless 9000."""
        sw, data = split_sw(self.hid.call(SECRETS_APP, data))
        if sw != 0x9000:
            raise OathError(sw, what)
        return data

    def add(self, name, secret, kind=TOTP, alg=SHA1, digits=6, touch=False,
            counter=None):
        """Stores an account; `name` is str or bytes, `secret` raw bytes."""
        props = 0x02 if touch else None  # oath.md §2.5: PUT RequireTouch
        self.send(put(_bytes(name), secret, kind, alg, digits, props, counter),
                  "PUT")

    def delete(self, name):
        self.send(delete(_bytes(name)), "DELETE")

    def names(self):
        """The visible accounts' names (LIST, with SEND REMAINING)."""
        sw, data = split_sw(self.hid.call(SECRETS_APP, list_v1()))
        while (sw >> 8) == 0x61:
            sw, more = split_sw(self.hid.call(SECRETS_APP, SEND_REMAINING))
            data += more
        if sw != 0x9000:
            raise OathError(sw, "LIST")
        # LIST v1 entry: kind|alg, name, property byte (oath.md §2.7).
        return [value[1:-1].decode() for tag, value in parse_tlvs(data)
                if tag == 0x72]

    def code(self, name, at=None, period=30):
        """The code of a TOTP account at Unix time `at` (now when None); for
        HOTP accounts pass period=None (the key uses its counter)."""
        counter = 0 if period is None else int(
            (time.time() if at is None else at) // period)
        return code_from(self.send(calculate(_bytes(name), counter),
                                   "CALCULATE"))


def _bytes(name):
    return name.encode() if isinstance(name, str) else bytes(name)
