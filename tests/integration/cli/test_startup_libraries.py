"""keybridge loads hidapi, libpcsclite, libfido2, libcrypto and libpng with
dlopen only when a command needs them (bridge/shared_library.h): an OATH
code from a `--device udp:` key, the common case, pays none of their
start-up (tools/bench/bench.py code_end_to_end). keybridge links no libm at
all (bridge/aws/clock.h FloorSeconds). The glibc loader's LD_DEBUG=libs
trace names every library it loads."""
import re
import subprocess

LAZY = ("libhidapi-hidraw", "libpcsclite", "libfido2", "libcrypto",
        "libpng16", "libm.so")


def loaded_libraries(cmd, env):
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60,
                          env=dict(env, LD_DEBUG="libs"),
                          stdin=subprocess.DEVNULL)
    return proc, set(re.findall(r"find library=(\S+) \[", proc.stderr))


def test_udp_code_loads_no_device_or_image_library(keybridge):
    keybridge.run("oath", "accounts", "add", "mail", input="JBSWY3DPEHPK3PXP\n")
    proc, libs = loaded_libraries(
        [keybridge.binary, "--device", keybridge.device_uri, "oath",
         "accounts", "code", "mail", "--single"], keybridge.env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert re.search(r"^\d{6}$", proc.stdout, re.M), proc.stdout
    assert libs, "LD_DEBUG=libs named no library"
    assert not [l for l in libs if any(name in l for name in LAZY)], libs


def test_list_loads_hidapi_and_libpcsclite(keybridge_bin):
    """`keybridge list` enumerates HID keys and PC/SC readers, so it loads
    both links' libraries (exit status 3 on a machine without keys)."""
    proc, libs = loaded_libraries([str(keybridge_bin), "list"], {
        "PATH": "/usr/bin:/bin", "PCSCLITE_CSOCK_NAME": "/nonexistent"})
    assert proc.returncode in (0, 3), proc.stderr[-2000:]
    for name in ("libhidapi-hidraw", "libpcsclite"):
        assert [l for l in libs if name in l], (name, libs)
