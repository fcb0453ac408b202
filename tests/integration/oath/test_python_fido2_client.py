"""python-fido2 as an independent client of keysim's Secrets App (CTAPHID
vendor command 0x70), with the byte examples of docs/protocol/oath.md."""
import pytest
from fido2.ctap import CtapError

from tools.harness.oath import (RESET, SECRETS_APP, SELECT, SEND_REMAINING, HOTP,
                              SHA256, SHA512, TOTP, apdu, calculate, code_from,
                              delete, list_v1, parse_tlvs, put, split_sw, tlv)

RFC_SECRET = b"12345678901234567890"


def call(hid, data):
    return split_sw(hid.call(SECRETS_APP, data))


def test_worked_example_bytes(hid):
    # docs/protocol/oath.md "Worked example": register, then calculate at T=1.
    register = bytes.fromhex("0001 0000 1E 7104 74657374 7316 2108") + RFC_SECRET
    assert hid.call(SECRETS_APP, register) == b"\x90\x00"
    calc = bytes.fromhex("00A2 0001 10 7104 74657374 7408 0000000000000001")
    assert hid.call(SECRETS_APP, calc) == bytes.fromhex("9000 7605 08 41397EEA")


def test_hotp_counter_advances(hid):
    sw, _ = call(hid, put(b"h", RFC_SECRET, kind=HOTP, props=0))
    assert sw == 0x9000
    codes = [code_from(call(hid, calculate(b"h", 0))[1]) for _ in range(3)]
    assert codes == ["755224", "287082", "359152"]  # RFC 4226 Appendix D


def test_select_answers_version_salt_serial(hid):
    sw, data = call(hid, SELECT)
    assert sw == 0x9000
    tags = dict(parse_tlvs(data))
    assert tags[0x79][0] == 4 and len(tags[0x79]) == 3
    assert len(tags[0x71]) == 8 and len(tags[0x8F]) == 4


def test_list_v1_and_delete(hid):
    assert call(hid, put(b"a", RFC_SECRET, props=0))[0] == 0x9000
    assert call(hid, put(b"b", RFC_SECRET, kind=HOTP, alg=SHA256, props=0x02))[0] == 0x9000
    sw, data = call(hid, list_v1())
    assert sw == 0x9000
    entries = [v for t, v in parse_tlvs(data) if t == 0x72]
    assert entries == [bytes([TOTP | 1]) + b"a" + b"\x00",
                       bytes([HOTP | SHA256]) + b"b" + b"\x01"]
    assert call(hid, delete(b"a"))[0] == 0x9000
    assert call(hid, delete(b"a"))[0] == 0x6A82
    sw, data = call(hid, list_v1())
    assert [v[1:-1] for t, v in parse_tlvs(data)] == [b"b"]


def test_status_words(hid):
    assert call(hid, put(b"x", RFC_SECRET, props=0))[0] == 0x9000
    assert call(hid, put(b"x", RFC_SECRET, props=0))[0] == 0x6983  # no overwrite
    assert call(hid, calculate(b"nope", 1))[0] == 0x6A82
    # CALCULATE with P2=00 is not supported on NK3.
    bad_p2 = apdu(0xA2, 0, 0, tlv(0x71, b"x") + tlv(0x74, bytes(8)))
    assert call(hid, bad_p2)[0] == 0x6D00
    assert call(hid, apdu(0x55))[0] == 0x6D00
    assert call(hid, bytes([0x80, 0xA1, 0, 0]))[0] == 0x6E00
    assert call(hid, SEND_REMAINING)[0] == 0x6985
    assert call(hid, put(b"s", RFC_SECRET, alg=SHA512, props=0))[0] == 0x9000
    assert call(hid, calculate(b"s", 1))[0] == 0x6A81
    # A 253-byte label (SIMPLE-TLV length in one byte, extended Lc) → 6A80.
    data = bytes([0x71, 253]) + b"n" * 253 + bytes([0x73, 22, 0x21, 6]) + RFC_SECRET
    long_label = bytes([0, 1, 0, 0, 0]) + len(data).to_bytes(2, "big") + data
    assert call(hid, long_label)[0] == 0x6A80


def test_not_an_apdu_is_ctaphid_invalid_len(hid):
    with pytest.raises(CtapError) as err:
        hid.call(SECRETS_APP, b"\x00\x01")
    assert err.value.code == CtapError.ERR.INVALID_LENGTH


def test_truncated_apdus_change_nothing(hid):
    assert call(hid, put(b"keep", RFC_SECRET, props=0))[0] == 0x9000
    before = call(hid, list_v1())
    full = put(b"new", RFC_SECRET, props=0)
    for cut in range(5, len(full)):
        resp = None
        try:
            resp = hid.call(SECRETS_APP, full[:cut])
        except CtapError as e:
            assert e.code == CtapError.ERR.INVALID_LENGTH
            continue
        assert split_sw(resp)[0] != 0x9000, cut
    assert call(hid, list_v1()) == before


def test_send_remaining_chunks_large_list(hid):
    names = [(b"%02d-" % i) + b"n" * 60 for i in range(50)]
    for n in names:
        assert call(hid, put(n, RFC_SECRET, props=0))[0] == 0x9000
    assert call(hid, put(b"one-too-many", RFC_SECRET, props=0))[0] == 0x6A84
    sw, data = call(hid, list_v1())
    chunks = 1
    while sw == 0x61FF:
        sw, more = call(hid, SEND_REMAINING)
        data += more
        chunks += 1
    assert sw == 0x9000 and chunks >= 2
    assert sorted(v[1:-1] for t, v in parse_tlvs(data)) == sorted(names)


def test_reset_wipes_everything(hid):
    assert call(hid, put(b"gone", RFC_SECRET, props=0))[0] == 0x9000
    assert call(hid, RESET)[0] == 0x9000
    sw, data = call(hid, list_v1())
    assert sw == 0x9000 and data == b""


def test_no_response_contains_the_secret(hid):
    secret = bytes(range(0x41, 0x41 + 32))
    seen = [hid.call(SECRETS_APP, put(b"secret-scan", secret, alg=SHA256, props=0))]
    for cmd in (SELECT, list_v1(), calculate(b"secret-scan", 7)):
        seen.append(hid.call(SECRETS_APP, cmd))
    for resp in seen:
        for i in range(len(secret) - 7):
            assert secret[i:i + 8] not in resp
