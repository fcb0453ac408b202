#!/usr/bin/python3
"""python-fido2 (Debian 0.9.1) against keysim --uhid through /dev/hidraw.

Runs inside the vmtest guest (tools/vmtest/guest_test.sh). Usage:
    guest_fido2.py /dev/hidrawN GETINFO_JSON_OUT

Prints one `PASS what` or `FAIL what: detail` line per check and writes
the CTAP2 getInfo it saw ({"aaguid": hex, "versions": [...]}) to
GETINFO_JSON_OUT so the shell can compare other clients with it. Exits 1 if
any check failed.
"""
import json
import os
import sys

from fido2.ctap2 import Ctap2
from fido2.hid import CAPABILITY, CtapHidDevice

SECRETS_APP = 0x70  # CTAPHID vendor command carrying OATH APDUs
# YKOATH SELECT of the OATH AID (docs/protocol/oath.md §2.2); the CTAPHID envelope
# puts the status word first.
SELECT = bytes.fromhex("00A4040007A0000005272101")

failures = 0


def check(what, ok, detail=""):
    global failures
    if ok:
        print(f"PASS {what}", flush=True)
    else:
        failures += 1
        print(f"FAIL {what}: {detail}", flush=True)
    return ok


def main():
    path, info_out = sys.argv[1], sys.argv[2]
    devices = list(CtapHidDevice.list_devices())
    ours = [d for d in devices if d.descriptor.path == path]
    if not check(f"list_devices() finds {path}", len(ours) == 1,
                 f"found {[d.descriptor.path for d in devices]}"):
        return
    dev = ours[0]
    desc = dev.descriptor
    check("descriptor: VID:PID 1209:0001, 64-byte reports",
          (desc.vid, desc.pid, desc.report_size_in, desc.report_size_out)
          == (0x1209, 0x0001, 64, 64), repr(desc))
    check("CTAPHID INIT: CBOR capability",
          bool(dev.capabilities & CAPABILITY.CBOR), hex(dev.capabilities))

    # A multi-packet ping exercises fragmentation both ways through hidraw.
    payload = os.urandom(1000)
    check("ping of 1000 random bytes echoes", dev.ping(payload) == payload)

    resp = dev.call(SECRETS_APP, SELECT)
    check("call(0x70, SELECT) answers status word 9000",
          len(resp) >= 2 and resp[:2] == b"\x90\x00", resp.hex())

    info = Ctap2(dev).get_info()
    check("CTAP2 getInfo: FIDO_2_0 in versions, 16-byte aaguid",
          "FIDO_2_0" in info.versions and len(bytes(info.aaguid)) == 16
          and any(bytes(info.aaguid)), f"{info.versions} {info.aaguid}")
    with open(info_out, "w") as f:
        json.dump({"aaguid": bytes(info.aaguid).hex(),
                   "versions": list(info.versions)}, f)
    dev.close()


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # a crash is one failed check, with its reason
        check("python-fido2", False, f"{type(e).__name__}: {e}")
    sys.exit(1 if failures else 0)
