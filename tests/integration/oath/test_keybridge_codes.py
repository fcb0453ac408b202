"""keybridge + keysim codes equal oathtool's (RFC 6238 reference, Debian
oathtool) for random secrets, algorithms, digit counts and periods."""
import base64
import json
import os
import random
import subprocess

import pytest


def oathtool(secret_b32, unix_time, alg="SHA1", digits=6, period=30, hotp_counter=None):
    if hotp_counter is not None:
        args = ["oathtool", "--hotp", "-b", "-d", str(digits), "-c", str(hotp_counter)]
    else:
        args = ["oathtool", f"--totp={alg.lower()}", "-b", "-d", str(digits),
                "-s", f"{period}s", "--now", f"@{unix_time}"]
    # The key goes on stdin ('-'), never on argv.
    return subprocess.run(args + ["-"], input=secret_b32 + "\n", check=True,
                          capture_output=True, text=True).stdout.strip()


def b32(secret):
    return base64.b32encode(secret).decode().rstrip("=")


def test_random_totp_matches_oathtool(keybridge):
    rng = random.Random(6238)
    cases = []
    for i in range(12):
        alg = rng.choice(["SHA1", "SHA256"])
        digits = rng.choice([6, 8])
        period = rng.choice([30, 30, 60, 15])
        secret = os.urandom(rng.choice([10, 16, 20, 32, 40]))
        name = f"acct{i}@example.com"
        keybridge.run("oath", "accounts", "add", name, "--issuer", f"Iss{i}",
                      "--algorithm", alg, "--digits", digits, "--period", period,
                      input=b32(secret) + "\n")
        cases.append((name, secret, alg, digits, period))
    for t in (59, 1111111109, 1234567890, 2000000000, rng.randrange(2**31)):
        for name, secret, alg, digits, period in cases:
            got = keybridge.run("oath", "accounts", "code", name, "--single",
                                "--time", t).stdout.strip()
            assert got == oathtool(b32(secret), t, alg, digits, period), (name, t)


def test_sha512_is_refused_by_nk3_profile(keybridge):
    # docs/protocol/oath.md §2.5: PUT accepts SHA512 but CALCULATE gives 6A81.
    proc = keybridge.run("oath", "accounts", "add", "big", "--algorithm", "SHA512",
                         input="JBSWY3DPEHPK3PXP\n", check=False)
    if proc.returncode == 0:
        proc = keybridge.run("oath", "accounts", "code", "big", "--single",
                             check=False)
    assert proc.returncode != 0 and proc.stderr.strip()


def test_hotp_codes_advance(keybridge):
    secret = b"12345678901234567890"
    keybridge.run("oath", "accounts", "add", "hotp-acct", "--hotp",
                  input=b32(secret) + "\n")
    got = [keybridge.run("oath", "accounts", "code", "hotp-acct", "--single")
           .stdout.strip() for _ in range(3)]
    assert got == [oathtool(b32(secret), 0, hotp_counter=c) for c in range(3)]


def test_uri_import(keybridge):
    uri = ("otpauth://totp/ACME%20Co:john.doe@email.com?secret="
           "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA1"
           "&digits=6&period=30\n")
    keybridge.run("oath", "accounts", "uri", input=uri)
    listed = keybridge.run("oath", "accounts", "list").stdout
    assert "ACME Co:john.doe@email.com" in listed
    got = keybridge.run("oath", "accounts", "code", "john.doe", "--single",
                        "--time", 1700000000).stdout.strip()
    assert got == oathtool("HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ", 1700000000)


def test_json_code_listing(keybridge):
    keybridge.run("oath", "accounts", "add", "a@x", "--issuer", "X",
                  input="JBSWY3DPEHPK3PXP\n")
    keybridge.run("oath", "accounts", "add", "b@x", "--period", "60",
                  input="JBSWY3DPEHPK3PXP\n")
    out = json.loads(keybridge.run("oath", "accounts", "code", "--json",
                                   "--time", 1700000000).stdout)
    text = json.dumps(out)
    assert oathtool("JBSWY3DPEHPK3PXP", 1700000000) in text
    assert oathtool("JBSWY3DPEHPK3PXP", 1700000000, period=60) in text


def test_delete_account(keybridge):
    keybridge.run("oath", "accounts", "add", "doomed", input="JBSWY3DPEHPK3PXP\n")
    keybridge.run("oath", "accounts", "delete", "doomed")
    assert "doomed" not in keybridge.run("oath", "accounts", "list").stdout
    proc = keybridge.run("oath", "accounts", "delete", "doomed", check=False)
    assert proc.returncode == 8 and "doomed" in proc.stderr  # exit 8: no such account


def test_qr_image_import(keybridge, tmp_path):
    import qrcode  # Debian python3-qrcode
    seed = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    uri = f"otpauth://totp/alice@123456789012?secret={seed}"
    png = tmp_path / "mfa.png"
    qrcode.make(uri).save(png)
    proc = keybridge.run("oath", "accounts", "add", "--qr", png,
                         "--issuer", "Amazon Web Services")
    assert seed not in proc.stdout + proc.stderr
    assert "Amazon Web Services:alice@123456789012" in keybridge.run(
        "oath", "accounts", "list").stdout
    got = keybridge.run("oath", "accounts", "code", "alice@", "--single",
                        "--time", 1700000000).stdout.strip()
    assert got == oathtool(seed, 1700000000)


def test_qr_image_without_code_is_refused(keybridge, tmp_path):
    from PIL import Image
    blank = tmp_path / "blank.png"
    Image.new("L", (64, 64), 255).save(blank)
    notpng = tmp_path / "x.png"
    notpng.write_text("not an image")
    for path in (blank, notpng):
        proc = keybridge.run("oath", "accounts", "add", "--qr", path, check=False)
        assert proc.returncode == 2 and str(path.name) in proc.stderr, proc.stderr
    assert keybridge.run("oath", "accounts", "list").stdout == ""
