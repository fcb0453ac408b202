"""QR code as PNG bytes.

The QR matrix comes from Debian's python3-qrcode (`import qrcode`; only its pure
Python core is used, not PIL). The PNG is written here with zlib/struct. When
python3-qrcode is missing, a small blank PNG is returned instead and
`available()` is False (the emulator still works; the QR just is not scannable).
"""

import struct
import zlib

try:
    import qrcode  # Debian: python3-qrcode
except ImportError:  # pragma: no cover - depends on the machine
    qrcode = None


def available():
    return qrcode is not None


def _png(rows, width):
    """8-bit greyscale PNG from a list of byte rows (0 = black, 255 = white)."""
    def chunk(tag, data):
        c = struct.pack(">I", len(data)) + tag + data
        return c + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + bytes(r) for r in rows)  # filter type 0 per row
    ihdr = struct.pack(">IIBBBBB", width, len(rows), 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def qr_png(text, scale=6, border=4):
    if qrcode is None:
        return _png([[255] * 8 for _ in range(8)], 8)
    qr = qrcode.QRCode(border=border,
                       error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(text)
    qr.make(fit=True)
    matrix = qr.get_matrix()  # includes the quiet zone
    rows = []
    for mrow in matrix:
        line = []
        for dark in mrow:
            line.extend([0 if dark else 255] * scale)
        rows.extend([line] * scale)
    return _png(rows, len(rows[0]))
