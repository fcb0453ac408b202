"""Integration tests: the real Debian AWS CLI v2 (/usr/bin/aws) against
tools/aws_emulator/server.py. Reference TOTP codes come from oathtool (independent of
the emulator's own TOTP code). The emulator clock is a file the tests rewrite, so no
test ever sleeps for a TOTP step.

Run: /usr/bin/pytest-3 -q tests/integration/aws_emulator
"""

import base64
import datetime
import json
import os
import shutil
import stat
import subprocess
import urllib.error
import urllib.request

import pytest

from emu_util import (ACCOUNT, AWS, MSG_BAD_SERIAL, MSG_INVALID_CODE, MSG_NEED_BOTH,
                      err_line, ref_code, sign_request)

pytestmark = [
    pytest.mark.skipif(not os.path.exists(AWS), reason="Debian awscli (/usr/bin/aws) missing"),
    pytest.mark.skipif(shutil.which("oathtool") is None, reason="oathtool missing"),
]


# ------------------------------------------------------------------ basic plumbing


def test_state_file_private_and_no_secrets_on_server_stderr(emu):
    serial, seed = emu.enroll()
    r = emu.gst(serial, ref_code(seed, emu.t))
    assert r.returncode == 0
    assert stat.S_IMODE(os.stat(emu.state).st_mode) == 0o600
    emu.stop()
    err = emu.proc.stderr.read()
    assert seed not in err and emu.user["SecretAccessKey"] not in err
    show = emu.admin("show")
    assert seed not in show and emu.user["SecretAccessKey"] not in show


def test_get_caller_identity_long_term(emu):
    r = emu.aws("sts", "get-caller-identity")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {"UserId": emu.user["UserId"], "Account": ACCOUNT,
                                    "Arn": "arn:aws:iam::%s:user/alice" % ACCOUNT}


def test_unknown_access_key_and_bad_secret(emu):
    r = emu.aws("sts", "get-caller-identity",
                env={"AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
                     "AWS_SECRET_ACCESS_KEY": "x" * 40})
    assert r.returncode == 254
    assert err_line(r) == ("An error occurred (InvalidClientTokenId) when calling the "
                           "GetCallerIdentity operation: The security token included in the "
                           "request is invalid.")
    r = emu.aws("sts", "get-caller-identity",
                env={"AWS_ACCESS_KEY_ID": emu.user["AccessKeyId"],
                     "AWS_SECRET_ACCESS_KEY": "x" * 40})
    assert r.returncode == 254
    assert "(SignatureDoesNotMatch)" in err_line(r)


# ------------------------------------------------------------------ enrollment


def test_create_duplicate_and_bad_name(emu):
    emu.create_device("alice")
    r = emu.aws("iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", "alice",
                "--outfile", os.path.join(emu.tmp, "dup"), "--bootstrap-method",
                "Base32StringSeed")
    assert r.returncode == 254
    assert err_line(r) == ("An error occurred (EntityAlreadyExists) when calling the "
                           "CreateVirtualMFADevice operation: MFADevice entity at the same "
                           "path and name already exists.")
    r = emu.aws("iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", "bad name",
                "--outfile", os.path.join(emu.tmp, "bad"), "--bootstrap-method",
                "Base32StringSeed")
    assert r.returncode == 254
    assert "(ValidationError)" in err_line(r)
    assert "Member must satisfy regular expression pattern: [\\w+=,.@-]+" in r.stderr


def test_seed_shape_and_path(emu):
    out = os.path.join(emu.tmp, "p.seed")
    r = emu.aws("iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", "dev1",
                "--path", "/team/", "--outfile", out, "--bootstrap-method",
                "Base32StringSeed", "--query", "VirtualMFADevice.SerialNumber",
                "--output", "text")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "arn:aws:iam::%s:mfa/team/dev1" % ACCOUNT
    seed = open(out).read()
    assert len(seed) == 64 and not seed.endswith("\n")
    assert len(base64.b32decode(seed)) == 40


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg (zbar-tools) missing")
def test_qr_png_decodes_to_otpauth_uri(emu):
    png = os.path.join(emu.tmp, "qr.png")
    r = emu.aws("iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", "qrdev",
                "--outfile", png, "--bootstrap-method", "QRCodePNG")
    assert r.returncode == 0, r.stderr
    with open(png, "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"
    z = subprocess.run(["zbarimg", "--raw", "-q", png], capture_output=True, text=True)
    assert z.returncode == 0, z.stderr
    uri = z.stdout.strip()
    prefix = "otpauth://totp/qrdev@%s?secret=" % ACCOUNT
    assert uri.startswith(prefix), uri
    seed = uri[len(prefix):]
    assert len(seed) == 64
    # The QR's secret is the device's seed: enrolling with it works.
    r = emu.enable("arn:aws:iam::%s:mfa/qrdev" % ACCOUNT, seed)
    assert r.returncode == 0, r.stderr


def test_enable_rejects_non_consecutive_and_stale_codes(emu):
    serial, seed = emu.create_device()
    bad = [
        (ref_code(seed, emu.t), ref_code(seed, emu.t)),             # same step twice
        (ref_code(seed, emu.t), ref_code(seed, emu.t - 30)),        # reversed
        (ref_code(seed, emu.t - 90), ref_code(seed, emu.t - 60)),   # too old
        (ref_code(seed, emu.t + 60), ref_code(seed, emu.t + 90)),   # too new
        ("000000", "000000") if ref_code(seed, emu.t) != "000000" else ("111111", "111111"),
    ]
    for c1, c2 in bad:
        r = emu.aws("iam", "enable-mfa-device", "--user-name", "alice", "--serial-number",
                    serial, "--authentication-code1", c1, "--authentication-code2", c2)
        assert r.returncode == 254, (c1, c2)
        assert err_line(r) == ("An error occurred (InvalidAuthenticationCode) when calling "
                               "the EnableMFADevice operation: Authentication code for "
                               "device is not valid.")
    # window edges that must work: (now, now+1) — a device clock slightly ahead
    r = emu.aws("iam", "enable-mfa-device", "--user-name", "alice", "--serial-number",
                serial, "--authentication-code1", ref_code(seed, emu.t),
                "--authentication-code2", ref_code(seed, emu.t + 30))
    assert r.returncode == 0, r.stderr
    r = emu.aws("iam", "list-mfa-devices")
    assert [d["SerialNumber"] for d in json.loads(r.stdout)["MFADevices"]] == [serial]


def test_enable_twice_and_resync(emu):
    serial, seed = emu.enroll()
    r = emu.enable(serial, seed)
    assert r.returncode == 254 and "(EntityAlreadyExists)" in err_line(r)
    emu.advance(30)
    r = emu.aws("iam", "resync-mfa-device", "--user-name", "alice", "--serial-number",
                serial, "--authentication-code1", ref_code(seed, emu.t - 30),
                "--authentication-code2", ref_code(seed, emu.t))
    assert r.returncode == 0, r.stderr
    # the resync consumed the current step: a get-session-token with it is a replay
    r = emu.gst(serial, ref_code(seed, emu.t))
    assert r.returncode == 254 and MSG_INVALID_CODE in r.stderr


# ------------------------------------------------------------------ get-session-token


def test_get_session_token_success_and_replay(emu):
    serial, seed = emu.enroll()
    code = ref_code(seed, emu.t)
    r = emu.gst(serial, code)
    assert r.returncode == 0, r.stderr
    creds = json.loads(r.stdout)["Credentials"]
    assert sorted(creds) == ["AccessKeyId", "Expiration", "SecretAccessKey", "SessionToken"]
    assert creds["AccessKeyId"].startswith("ASIA") and len(creds["AccessKeyId"]) == 20
    assert len(creds["SecretAccessKey"]) == 40 and creds["SessionToken"]
    exp = datetime.datetime.fromisoformat(creds["Expiration"])
    assert creds["Expiration"].endswith("+00:00")
    assert exp.timestamp() == int(emu.t) + 43200
    assert emu.count("GetSessionToken") == 1

    # replay: same code, same step
    r = emu.gst(serial, code)
    assert r.returncode == 254 and r.stdout == ""
    assert err_line(r) == ("An error occurred (AccessDenied) when calling the "
                           "GetSessionToken operation: " + MSG_INVALID_CODE)
    # the same code is still rejected in the next step (it is now "1 step ago")
    emu.advance(30)
    r = emu.gst(serial, code)
    assert r.returncode == 254 and MSG_INVALID_CODE in err_line(r)
    # with AWS_MAX_ATTEMPTS=1 the CLI adds "(reached max retries: 0)"
    r = emu.gst(serial, code, env={"AWS_MAX_ATTEMPTS": "1"})
    assert err_line(r) == ("An error occurred (AccessDenied) when calling the "
                           "GetSessionToken operation (reached max retries: 0): "
                           + MSG_INVALID_CODE)
    # 403s are not retried: exactly one request per command
    assert emu.count("GetSessionToken") == 4
    # a fresh step works
    r = emu.gst(serial, ref_code(seed, emu.t))
    assert r.returncode == 0, r.stderr


def test_window_and_monotonic_steps(emu):
    serial, seed = emu.enroll()
    emu.advance(120)                       # steps n .. n+4 never used
    r = emu.gst(serial, ref_code(seed, emu.t - 60))   # 2 steps ago
    assert r.returncode == 254 and MSG_INVALID_CODE in err_line(r)
    r = emu.gst(serial, ref_code(seed, emu.t + 60))   # 2 steps ahead
    assert r.returncode == 254 and MSG_INVALID_CODE in err_line(r)
    r = emu.gst(serial, ref_code(seed, emu.t + 30))   # 1 step ahead: accepted
    assert r.returncode == 0, r.stderr
    # now-step and previous step are unused but not newer than the last used step
    r = emu.gst(serial, ref_code(seed, emu.t))
    assert r.returncode == 254 and MSG_INVALID_CODE in err_line(r)
    emu.advance(90)                        # last used step is now 2 steps ago
    r = emu.gst(serial, ref_code(seed, emu.t - 30))   # 1 step ago, newer than last: ok
    assert r.returncode == 0, r.stderr


def test_wrong_code_and_wrong_serial(emu):
    serial, seed = emu.enroll()
    good = ref_code(seed, emu.t)
    near = {ref_code(seed, emu.t + d) for d in (-30, 0, 30)}
    wrong = next(c for c in ("123456", "654321", "000001") if c not in near)
    r = emu.gst(serial, wrong)
    assert r.returncode == 254
    assert err_line(r) == ("An error occurred (AccessDenied) when calling the "
                           "GetSessionToken operation: " + MSG_INVALID_CODE)
    for bad_serial in ("arn:aws:iam::%s:user/alice" % ACCOUNT,
                       "arn:aws:iam::%s:mfa/nobody" % ACCOUNT,
                       "GAHT12345678"):
        r = emu.gst(bad_serial, good)
        assert r.returncode == 254
        assert err_line(r) == ("An error occurred (AccessDenied) when calling the "
                               "GetSessionToken operation: " + MSG_BAD_SERIAL)
    # the wrong attempts did not burn the step
    r = emu.gst(serial, good)
    assert r.returncode == 0, r.stderr


def test_other_users_device_is_a_bad_serial(emu):
    serial, seed = emu.enroll()
    bob = json.loads(emu.admin("add-user", "bob"))
    r = emu.gst(serial, ref_code(seed, emu.t),
                env={"AWS_ACCESS_KEY_ID": bob["AccessKeyId"],
                     "AWS_SECRET_ACCESS_KEY": bob["SecretAccessKey"]})
    assert r.returncode == 254 and MSG_BAD_SERIAL in err_line(r)


def test_validation_errors(emu):
    serial, seed = emu.enroll()
    code = ref_code(seed, emu.t)
    r = emu.gst(serial, code, "--duration-seconds", "200000")
    assert r.returncode == 254
    assert err_line(r) == ("An error occurred (ValidationError) when calling the "
                           "GetSessionToken operation: 1 validation error detected: Value "
                           "'200000' at 'durationSeconds' failed to satisfy constraint: "
                           "Member must have value less than or equal to 129600")
    r = emu.gst(serial, "1234567")
    assert err_line(r) == ("An error occurred (ValidationError) when calling the "
                           "GetSessionToken operation: 1 validation error detected: Value "
                           "'1234567' at 'tokenCode' failed to satisfy constraint: Member "
                           "must have length less than or equal to 6")
    r = emu.gst(serial, "abcdef")
    assert err_line(r) == ("An error occurred (ValidationError) when calling the "
                           "GetSessionToken operation: 1 validation error detected: Value "
                           "'abcdef' at 'tokenCode' failed to satisfy constraint: Member "
                           "must satisfy regular expression pattern: [\\d]*")
    assert emu.count("GetSessionToken") == 3
    # client-side checks: nothing reaches the server
    r = emu.gst(serial, code, "--duration-seconds", "899")
    assert r.returncode == 252 and "valid min value: 900" in r.stderr
    r = emu.gst(serial, "12345")
    assert r.returncode == 252
    assert emu.count("GetSessionToken") == 3
    # only one of serial / code
    r = emu.aws("sts", "get-session-token", "--serial-number", serial)
    assert r.returncode == 254
    assert err_line(r) == ("An error occurred (AccessDenied) when calling the "
                           "GetSessionToken operation: " + MSG_NEED_BOTH)
    r = emu.aws("sts", "get-session-token", "--token-code", code)
    assert MSG_NEED_BOTH in err_line(r)
    # the step is still fresh and the duration bounds are inclusive
    r = emu.gst(serial, code, "--duration-seconds", "129600")
    assert r.returncode == 0, r.stderr
    exp = datetime.datetime.fromisoformat(json.loads(r.stdout)["Credentials"]["Expiration"])
    assert exp.timestamp() == int(emu.t) + 129600


def test_session_credentials(emu):
    serial, seed = emu.enroll()
    r = emu.gst(serial, ref_code(seed, emu.t), "--duration-seconds", "900")
    assert r.returncode == 0, r.stderr
    senv = emu.session_env(json.loads(r.stdout)["Credentials"])
    # GetCallerIdentity with session credentials works (X-Amz-Security-Token checked)
    r = emu.aws("sts", "get-caller-identity", env=senv)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["Arn"] == "arn:aws:iam::%s:user/alice" % ACCOUNT
    # MFA-authenticated session credentials may call IAM
    r = emu.aws("iam", "list-mfa-devices", env=senv)
    assert r.returncode == 0, r.stderr
    # GetSessionToken with session credentials is refused
    emu.advance(30)
    r = emu.gst(serial, ref_code(seed, emu.t), env=senv)
    assert r.returncode == 254
    assert err_line(r) == ("An error occurred (AccessDenied) when calling the "
                           "GetSessionToken operation: Cannot call GetSessionToken with "
                           "session credentials")
    r = emu.aws("sts", "get-session-token", env=senv)
    assert "Cannot call GetSessionToken with session credentials" in err_line(r)
    # a wrong session token is invalid
    bad = dict(senv, AWS_SESSION_TOKEN=senv["AWS_SESSION_TOKEN"][:-4] + "AAAA")
    r = emu.aws("sts", "get-caller-identity", env=bad)
    assert "(InvalidClientTokenId)" in err_line(r)
    # after expiry (900 s): ExpiredToken
    emu.advance(900)
    r = emu.aws("sts", "get-caller-identity", env=senv)
    assert r.returncode == 254
    assert err_line(r) == ("An error occurred (ExpiredToken) when calling the "
                           "GetCallerIdentity operation: The security token included in "
                           "the request is expired")


def test_session_without_mfa_cannot_call_iam(emu):
    r = emu.aws("sts", "get-session-token")
    assert r.returncode == 0, r.stderr
    senv = emu.session_env(json.loads(r.stdout)["Credentials"])
    r = emu.aws("sts", "get-caller-identity", env=senv)
    assert r.returncode == 0, r.stderr
    r = emu.aws("iam", "get-user", env=senv)
    assert r.returncode == 254 and "(InvalidClientTokenId)" in err_line(r)


def test_state_survives_restart(emu):
    serial, seed = emu.enroll()
    code = ref_code(seed, emu.t)
    assert emu.gst(serial, code).returncode == 0
    emu.stop()
    emu.start()
    r = emu.gst(serial, code)
    assert r.returncode == 254 and MSG_INVALID_CODE in err_line(r)
    emu.advance(30)
    assert emu.gst(serial, ref_code(seed, emu.t)).returncode == 0


# ------------------------------------------------------------------ IAM listing / cleanup


def test_list_deactivate_delete(emu):
    serial, seed = emu.enroll()
    other_serial, _ = emu.create_device("spare")
    r = emu.aws("iam", "list-mfa-devices")
    devs = json.loads(r.stdout)["MFADevices"]
    assert len(devs) == 1 and devs[0]["UserName"] == "alice"
    assert devs[0]["SerialNumber"] == serial
    datetime.datetime.fromisoformat(devs[0]["EnableDate"])
    r = emu.aws("iam", "list-mfa-devices", "--user-name", "alice")
    assert json.loads(r.stdout)["MFADevices"] == devs
    r = emu.aws("iam", "list-mfa-devices", "--user-name", "nobody")
    assert r.returncode == 254 and "(NoSuchEntity)" in err_line(r)

    r = emu.aws("iam", "list-virtual-mfa-devices")
    vd = {d["SerialNumber"]: d for d in json.loads(r.stdout)["VirtualMFADevices"]}
    assert set(vd) == {serial, other_serial}
    assert vd[serial]["User"]["UserName"] == "alice" and "User" not in vd[other_serial]
    r = emu.aws("iam", "list-virtual-mfa-devices", "--assignment-status", "Unassigned")
    assert [d["SerialNumber"] for d in json.loads(r.stdout)["VirtualMFADevices"]] == \
        [other_serial]

    r = emu.aws("iam", "get-user")
    assert json.loads(r.stdout)["User"]["UserName"] == "alice"

    r = emu.aws("iam", "delete-virtual-mfa-device", "--serial-number", serial)
    assert r.returncode == 254 and "(DeleteConflict)" in err_line(r)
    r = emu.aws("iam", "deactivate-mfa-device", "--user-name", "alice",
                "--serial-number", serial)
    assert r.returncode == 0 and r.stdout == "", r.stderr
    r = emu.aws("iam", "list-mfa-devices")
    assert json.loads(r.stdout)["MFADevices"] == []
    # a deactivated device no longer validates get-session-token
    r = emu.gst(serial, ref_code(seed, emu.t))
    assert r.returncode == 254 and MSG_BAD_SERIAL in err_line(r)
    for s in (serial, other_serial):
        r = emu.aws("iam", "delete-virtual-mfa-device", "--serial-number", s)
        assert r.returncode == 0, r.stderr
    r = emu.aws("iam", "list-virtual-mfa-devices")
    assert json.loads(r.stdout)["VirtualMFADevices"] == []
    r = emu.aws("iam", "delete-virtual-mfa-device", "--serial-number", serial)
    assert r.returncode == 254 and "(NoSuchEntity)" in err_line(r)
    # the name is free again
    emu.create_device("alice")


# ------------------------------------------------------------------ fault switch


def test_fault_500_single_attempt(emu):
    serial, seed = emu.enroll()
    emu.admin("fault", "--next", "5", "--kind", "500")
    r = emu.gst(serial, ref_code(seed, emu.t), env={"AWS_MAX_ATTEMPTS": "1"})
    assert r.returncode == 254
    assert err_line(r).startswith("An error occurred (InternalFailure) when calling the "
                                  "GetSessionToken operation (reached max retries: 0)")
    assert emu.count("GetSessionToken") == 1


def test_fault_500_default_retries_resend_same_code(emu):
    serial, seed = emu.enroll()
    code = ref_code(seed, emu.t)
    emu.admin("fault", "--next", "5", "--kind", "500")
    r = emu.gst(serial, code)
    assert r.returncode == 254
    assert "(reached max retries: 2)" in err_line(r)
    log = emu.requests("GetSessionToken")["log"]
    assert len(log) == 3
    assert [e["token_code"] for e in log] == [code] * 3
    assert [e["status"] for e in log] == [500] * 3
    # 2 faults left; clear them, then the (never accepted) code still works
    emu.admin("fault", "--clear")
    assert emu.gst(serial, code).returncode == 0


def test_fault_throttle(emu):
    emu.admin("fault", "--next", "1", "--kind", "throttle")
    r = emu.aws("sts", "get-caller-identity", env={"AWS_MAX_ATTEMPTS": "1"})
    assert r.returncode == 254
    assert err_line(r) == ("An error occurred (Throttling) when calling the "
                           "GetCallerIdentity operation (reached max retries: 0): Rate "
                           "exceeded")
    emu.admin("fault", "--next", "3", "--kind", "throttle")
    r = emu.aws("sts", "get-caller-identity")
    assert r.returncode == 254 and "(reached max retries: 2)" in err_line(r)
    assert emu.count("GetCallerIdentity") == 4
    r = emu.aws("sts", "get-caller-identity")   # fault used up
    assert r.returncode == 0, r.stderr


def test_fault_garbage(emu):
    emu.admin("fault", "--next", "1", "--kind", "garbage")
    r = emu.aws("sts", "get-caller-identity", env={"AWS_MAX_ATTEMPTS": "1"})
    assert r.returncode != 0 and r.stdout == ""
    assert "Unable to parse response" in r.stderr
    assert emu.count("GetCallerIdentity") == 1
    assert emu.aws("sts", "get-caller-identity").returncode == 0


# ------------------------------------------------------------------ raw protocol


def test_raw_invalid_action_get_and_envelope(emu):
    key, secret = emu.user["AccessKeyId"], emu.user["SecretAccessKey"]
    st, body = sign_request(emu.url, key, secret, "Action=FrobnicateToken&Version=2011-06-15", "sts")
    assert st == 400
    assert body.startswith('<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">')
    assert "<Type>Sender</Type>" in body and "<Code>InvalidAction</Code>" in body
    assert "<RequestId>" in body
    st, body = sign_request(emu.url, key, secret, "Action=ListUsers&Version=2010-05-08", "iam")
    assert st == 400 and "<Code>InvalidAction</Code>" in body
    assert 'xmlns="https://iam.amazonaws.com/doc/2010-05-08/"' in body
    # GET with a query string works too
    st, body = sign_request(emu.url, key, secret, "Action=GetCallerIdentity&Version=2011-06-15",
                     "sts", method="GET")
    assert st == 200 and "<GetCallerIdentityResult>" in body
    assert "<Account>%s</Account>" % ACCOUNT in body
    # no Authorization at all
    req = urllib.request.Request(emu.url + "/", data=b"Action=GetCallerIdentity")
    with pytest.raises(urllib.error.HTTPError) as ei:
        urllib.request.urlopen(req)
    assert ei.value.code == 403


@pytest.mark.skipif(not shutil.which("aws") or shutil.which("aws") == AWS,
                    reason="no separate CLI v1 on PATH")
def test_cli_v1_compat(emu):
    """The pyenv aws-cli v1 (first `aws` on PATH) also works; it exits 255 on errors."""
    v1 = shutil.which("aws")
    ver = subprocess.run([v1, "--version"], capture_output=True, text=True)
    if "aws-cli/1." not in ver.stdout + ver.stderr:
        pytest.skip("`aws` on PATH is not v1")
    serial, seed = emu.enroll()
    env = dict(emu.env)
    args = [v1, "--endpoint-url", emu.url, "sts", "get-session-token", "--serial-number",
            serial, "--token-code", ref_code(seed, emu.t)]
    r = subprocess.run(args, env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["Credentials"]["Expiration"].endswith("Z")
    r = subprocess.run(args, env=env, capture_output=True, text=True)
    assert r.returncode == 255 and MSG_INVALID_CODE in r.stderr
