"""RFC 6238 TOTP (HMAC-SHA1, 6 digits, 30 s steps) and RFC 4226 HOTP, stdlib only."""

import base64
import hashlib
import hmac
import struct

STEP = 30
DIGITS = 6


def decode_seed(b32):
    s = b32.strip().replace(" ", "").upper()
    s += "=" * (-len(s) % 8)
    return base64.b32decode(s)


def hotp(key, counter, digits=DIGITS):
    # RFC 4226 §5.3: dynamic truncation.
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    off = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[off:off + 4])[0] & 0x7FFFFFFF
    return str(value % (10 ** digits)).zfill(digits)


def step_of(t):
    # RFC 6238 §4.2: T = floor((now - T0) / X), T0 = 0, X = 30.
    return int(t // STEP)


def code_at_step(b32_seed, step):
    return hotp(decode_seed(b32_seed), step)


def matching_steps(b32_seed, code, steps):
    """The steps among `steps` whose code equals `code` (constant-time compare)."""
    key = decode_seed(b32_seed)
    return [s for s in steps if hmac.compare_digest(hotp(key, s), code)]
