"""Integration tests: roles, AssumeRole, GetFederationToken, the federation endpoint and
the Date header of tools/aws_emulator, driven by the real Debian AWS CLI v2
(/usr/bin/aws) and urllib. Facts: docs/aws.md §5. The clock is a file (no sleeping).
"""

import base64
import datetime
import email.utils
import json
import os
import re
import shutil
import urllib.error
import urllib.parse
import urllib.request

import pytest

from emu_util import (ACCOUNT, AWS, MSG_BAD_SERIAL, MSG_INVALID_CODE, MSG_NEED_BOTH, Emu,
                      err_line, query, ref_code)

pytestmark = [
    pytest.mark.skipif(not os.path.exists(AWS), reason="Debian awscli (/usr/bin/aws) missing"),
    pytest.mark.skipif(shutil.which("oathtool") is None, reason="oathtool missing"),
]

USER_ARN = "arn:aws:iam::%s:user/alice" % ACCOUNT
ROOT = "arn:aws:iam::%s:root" % ACCOUNT
MFA_TRUE = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
MSG_ROLE_MAX = "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."
MSG_CHAINING = ("The requested DurationSeconds exceeds the 1 hour session limit for roles "
                "assumed by role chaining.")


def role_arn(name):
    return "arn:aws:iam::%s:role/%s" % (ACCOUNT, name)


def denied(caller, role):
    return ("An error occurred (AccessDenied) when calling the AssumeRole operation: User: "
            "%s is not authorized to perform: sts:AssumeRole on resource: %s"
            % (caller, role_arn(role)))


def add_role(emu, name, principal=ROOT, condition=None, max_duration=None, extra=()):
    stmt = {"Effect": "Allow", "Principal": {"AWS": principal}, "Action": "sts:AssumeRole"}
    if condition:
        stmt["Condition"] = condition
    args = ["add-role", name, "--trust-policy",
            json.dumps({"Version": "2012-10-17", "Statement": [stmt] + list(extra)})]
    if max_duration:
        args += ["--max-session-duration", str(max_duration)]
    out = json.loads(emu.admin(*args))
    assert out["Arn"] == role_arn(name) and out["RoleId"].startswith("AROA")
    return out


def assume(emu, name, session="s1", *extra, env=None):
    return emu.aws("sts", "assume-role", "--role-arn", role_arn(name), "--role-session-name",
                   session, *extra, env=env)


def creds_of(r):
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)["Credentials"]


def expires_in(emu, creds):
    exp = datetime.datetime.fromisoformat(creds["Expiration"]).timestamp()
    return int(exp - int(emu.t))


def whoami(emu, creds):
    r = emu.aws("sts", "get-caller-identity", env=emu.session_env(creds))
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def raw_assume(emu, name, creds=None, session="s1", **params):
    return query(emu, "AssumeRole", creds, RoleArn=role_arn(name), RoleSessionName=session,
                 **params)


def raw_creds(res):
    status, d = res
    assert status == 200, d
    return {k: d[k] for k in ("AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration")}


def raw_error(res):
    status, d = res
    return status, d.get("Code"), d.get("Message")


def raw_denied(caller, role):
    return (403, "AccessDenied", "User: %s is not authorized to perform: sts:AssumeRole on "
            "resource: %s" % (caller, role_arn(role)))


def raw_whoami(emu, creds):
    status, d = query(emu, "GetCallerIdentity", creds)
    assert status == 200, d
    return d["Arn"], d["UserId"]


def raw_enroll(emu, name="alice"):
    """A virtual MFA device for alice, enabled with two consecutive codes (the CLI path
    is covered by test_emulator.py); leaves the clock on a fresh step."""
    status, d = query(emu, "CreateVirtualMFADevice", service="iam", VirtualMFADeviceName=name)
    assert status == 200, d
    serial, seed = d["SerialNumber"], base64.b64decode(d["Base32StringSeed"]).decode()
    status, d = query(emu, "EnableMFADevice", service="iam", UserName="alice",
                      SerialNumber=serial, AuthenticationCode1=ref_code(seed, emu.t - 30),
                      AuthenticationCode2=ref_code(seed, emu.t))
    assert status == 200, d
    emu.advance(30)
    return serial, seed


# ------------------------------------------------------------------ AssumeRole


def test_mfa_role_from_user_keys(emu):
    serial, seed = raw_enroll(emu)
    role = add_role(emu, "admin", principal=USER_ARN, condition=MFA_TRUE)
    r = assume(emu, "admin")
    assert r.returncode == 254 and err_line(r) == denied(USER_ARN, "admin")
    code = ref_code(seed, emu.t)
    r = assume(emu, "admin", "ops@example.com", "--serial-number", serial, "--token-code", code)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert set(out) == {"Credentials", "AssumedRoleUser"}  # no PackedPolicySize
    assert out["Credentials"]["AccessKeyId"].startswith("ASIA")
    assert expires_in(emu, out["Credentials"]) == 3600  # the default duration
    arn = "arn:aws:sts::%s:assumed-role/admin/ops@example.com" % ACCOUNT
    assert out["AssumedRoleUser"] == {"AssumedRoleId": role["RoleId"] + ":ops@example.com",
                                      "Arn": arn}
    assert raw_whoami(emu, out["Credentials"]) == (arn, role["RoleId"] + ":ops@example.com")
    # the step is spent for the device: neither AssumeRole nor GetSessionToken takes it again
    assert raw_error(raw_assume(emu, "admin", None, "s2", SerialNumber=serial,
                                TokenCode=code)) == (403, "AccessDenied", MSG_INVALID_CODE)
    assert raw_error(query(emu, "GetSessionToken", SerialNumber=serial, TokenCode=code)) == \
        (403, "AccessDenied", MSG_INVALID_CODE)
    log = emu.requests("AssumeRole")["log"]
    assert [(e["status"], e["code"], e["token_code"], e["serial_number"]) for e in log] == [
        (403, "AccessDenied", None, None), (200, None, code, serial),
        (403, "AccessDenied", code, serial)]
    assert all(e["caller_arn"] == USER_ARN and e["role_arn"] == role_arn("admin")
               for e in log)
    # an assumed-role session calls IAM (naming the user), but not GetSessionToken or
    # GetFederationToken
    sess = out["Credentials"]
    assert query(emu, "ListMFADevices", sess, "iam", UserName="alice")[0] == 200
    assert raw_error(query(emu, "ListMFADevices", sess, "iam")) == (
        400, "ValidationError", "Must specify userName when calling with non-User credentials")
    assert raw_error(query(emu, "GetSessionToken", sess)) == (
        403, "AccessDenied", "Cannot call GetSessionToken with session credentials")
    assert raw_error(query(emu, "GetFederationToken", sess, Name="fed")) == (
        403, "AccessDenied", "Cannot call GetFederationToken with session credentials")
    emu.advance(3600)
    assert raw_error(query(emu, "GetCallerIdentity", sess)) == (
        403, "ExpiredToken", "The security token included in the request is expired")


def test_mfa_session_assumes_roles_and_chains(emu):
    serial, seed = raw_enroll(emu)
    add_role(emu, "admin", condition=MFA_TRUE, max_duration=43200)
    add_role(emu, "audit", principal=USER_ARN, condition=MFA_TRUE)
    deep_role = add_role(emu, "deep", principal=role_arn("admin"), condition=MFA_TRUE)
    # a GetSessionToken session without MFA carries MultiFactorAuthPresent=false
    plain = raw_creds(query(emu, "GetSessionToken"))
    assert raw_error(raw_assume(emu, "admin", plain)) == raw_denied(USER_ARN, "admin")
    # one code buys a session that assumes several roles without another code
    mfa = creds_of(emu.gst(serial, ref_code(seed, emu.t)))
    admin = creds_of(assume(emu, "admin", env=emu.session_env(mfa)))
    assert expires_in(emu, admin) == 3600
    audit = raw_creds(raw_assume(emu, "audit", mfa, "a1", DurationSeconds="3600"))
    # role chaining: at most 1 h, even though admin allows 12 h
    r = assume(emu, "admin", "s9", "--duration-seconds", "3601", env=emu.session_env(mfa))
    assert r.returncode == 254
    assert err_line(r) == ("An error occurred (ValidationError) when calling the AssumeRole "
                           "operation: " + MSG_CHAINING)
    # a role with a 1 h maximum reports its own limit first
    assert raw_error(raw_assume(emu, "audit", mfa, DurationSeconds="7200")) == (
        400, "ValidationError", MSG_ROLE_MAX)
    # role -> role: the MFA context carries over; the caller is the assumed-role session
    deep = raw_creds(raw_assume(emu, "deep", admin, "d1"))
    assert whoami(emu, deep) == {"UserId": deep_role["RoleId"] + ":d1", "Account": ACCOUNT,
                                 "Arn": "arn:aws:sts::%s:assumed-role/deep/d1" % ACCOUNT}
    assert raw_error(raw_assume(emu, "deep", audit, "d2")) == raw_denied(
        "arn:aws:sts::%s:assumed-role/audit/a1" % ACCOUNT, "deep")
    assert raw_error(raw_assume(emu, "admin", deep, DurationSeconds="7200")) == (
        400, "ValidationError", MSG_CHAINING)
    log = emu.requests("AssumeRole")["log"]
    assert [e["status"] for e in log] == [403, 200, 200, 400, 400, 200, 403, 400]
    assert all(e["token_code"] is None for e in log)


def test_duration_and_name_limits(emu):
    add_role(emu, "short")
    add_role(emu, "long", max_duration=43200)
    r = assume(emu, "short", "s1", "--duration-seconds", "3601")
    assert r.returncode == 254
    assert err_line(r) == ("An error occurred (ValidationError) when calling the AssumeRole "
                           "operation: " + MSG_ROLE_MAX)
    r = assume(emu, "long", "s1", "--duration-seconds", "899")
    assert r.returncode == 252  # the CLI checks the minimum itself
    assert expires_in(emu, raw_creds(raw_assume(emu, "short", DurationSeconds="900"))) == 900
    assert expires_in(emu, raw_creds(raw_assume(emu, "long", DurationSeconds="43200"))) == \
        43200
    prefix = "1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: "
    for params, msg in (
            ({"DurationSeconds": "43201"}, prefix % ("43201", "durationSeconds") +
             "Member must have value less than or equal to 43200"),
            ({"RoleSessionName": "a b"}, prefix % ("a b", "roleSessionName") +
             "Member must satisfy regular expression pattern: [\\w+=,.@-]*"),
            ({"RoleSessionName": "\u00e9t\u00e9"}, prefix % ("\u00e9t\u00e9", "roleSessionName") +
             "Member must satisfy regular expression pattern: [\\w+=,.@-]*"),
            ({"RoleSessionName": "x"}, prefix % ("x", "roleSessionName") +
             "Member must have length greater than or equal to 2"),
            ({"RoleSessionName": "x" * 65}, prefix % ("x" * 65, "roleSessionName") +
             "Member must have length less than or equal to 64")):
        p = dict({"RoleArn": role_arn("long"), "RoleSessionName": "ok"}, **params)
        assert raw_error(query(emu, "AssumeRole", **p)) == (400, "ValidationError", msg)


def test_external_id(emu):
    add_role(emu, "vendor", condition={"StringEquals": {"sts:ExternalId": "Unicorn-42"}})
    assert raw_error(raw_assume(emu, "vendor")) == raw_denied(USER_ARN, "vendor")
    assert raw_error(raw_assume(emu, "vendor", ExternalId="unicorn-42")) == \
        raw_denied(USER_ARN, "vendor")
    status, code, msg = raw_error(raw_assume(emu, "vendor", ExternalId="Unicorn 42"))
    assert (status, code) == (400, "ValidationError") and "at 'externalId'" in msg
    creds_of(assume(emu, "vendor", "s1", "--external-id", "Unicorn-42"))
    log = emu.requests("AssumeRole")["log"]
    assert [e["status"] for e in log] == [403, 403, 400, 200]


def test_trust_policy_rules(emu):
    serial, seed = raw_enroll(emu)
    bob = json.loads(emu.admin("add-user", "bob"))
    bob_arn = "arn:aws:iam::%s:user/bob" % ACCOUNT
    # explicit Deny wins over the account-wide Allow
    add_role(emu, "team", extra=[{"Effect": "Deny", "Principal": {"AWS": [bob_arn]},
                                  "Action": ["sts:AssumeRole"]}])
    raw_creds(raw_assume(emu, "team"))
    assert raw_error(raw_assume(emu, "team", bob)) == raw_denied(bob_arn, "team")
    # another account's principal, an unknown operator, an unknown key, no such role
    add_role(emu, "foreign", principal="arn:aws:iam::210987654321:root")
    add_role(emu, "like", condition={"StringLike": {"sts:ExternalId": "*"}})
    add_role(emu, "tls", condition={"Bool": {"aws:SecureTransport": "true"}})
    for name in ("foreign", "like", "tls", "nosuchrole"):
        assert raw_error(raw_assume(emu, name, ExternalId="abc")) == \
            raw_denied(USER_ARN, name), name
    # aws:MultiFactorAuthAge counts from the session's MFA, not from the AssumeRole call
    add_role(emu, "fresh", condition={"NumericLessThan": {"aws:MultiFactorAuthAge": "600"}})
    mfa = raw_creds(query(emu, "GetSessionToken", SerialNumber=serial,
                          TokenCode=ref_code(seed, emu.t)))
    raw_creds(raw_assume(emu, "fresh", mfa))
    emu.advance(600)
    assert raw_error(raw_assume(emu, "fresh", mfa)) == raw_denied(USER_ARN, "fresh")
    # a fresh code with long-term keys satisfies it again; only both parts together count
    assert raw_error(raw_assume(emu, "fresh", SerialNumber=serial)) == (
        403, "AccessDenied", MSG_NEED_BOTH)
    raw_creds(raw_assume(emu, "fresh", SerialNumber=serial, TokenCode=ref_code(seed, emu.t)))
    # bob cannot spend alice's device
    emu.advance(30)
    assert raw_error(raw_assume(emu, "team", bob, SerialNumber=serial,
                                TokenCode=ref_code(seed, emu.t))) == (
        403, "AccessDenied", MSG_BAD_SERIAL)
    # bad trust policies never reach the state
    for bad in ("{", '{"Statement": []}', '{"Statement": [{"Effect": "Maybe", '
                '"Principal": "*", "Action": "sts:AssumeRole"}]}'):
        p = emu.admin_run("add-role", "broken", "--trust-policy", bad)
        assert p.returncode == 1 and p.stderr.startswith("admin: ")
    p = emu.admin_run("add-role", "team", "--trust-policy", '{"Statement": {"Effect": '
                      '"Allow", "Principal": "*", "Action": "sts:AssumeRole"}}')
    assert p.returncode == 1 and "already exists" in p.stderr
    p = emu.admin_run("add-role", "big", "--trust-policy", "{}", "--max-session-duration",
                      "43201")
    assert p.returncode == 1
    assert set(json.loads(emu.admin("show"))["roles"]) == {"team", "foreign", "like", "tls",
                                                            "fresh"}


# ------------------------------------------------------------------ GetFederationToken


def test_get_federation_token(emu):
    r = emu.aws("sts", "get-federation-token", "--name", "console-alice")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    fed_arn = "arn:aws:sts::%s:federated-user/console-alice" % ACCOUNT
    assert set(out) == {"Credentials", "FederatedUser"}
    assert out["FederatedUser"] == {"FederatedUserId": "%s:console-alice" % ACCOUNT,
                                    "Arn": fed_arn}
    assert expires_in(emu, out["Credentials"]) == 43200
    fed = out["Credentials"]
    assert raw_whoami(emu, fed) == (fed_arn, "%s:console-alice" % ACCOUNT)
    assert raw_error(query(emu, "GetFederationToken", fed, Name="again")) == (
        403, "AccessDenied", "Cannot call GetFederationToken with session credentials")
    add_role(emu, "any", principal="*")
    assert raw_error(raw_assume(emu, "any", fed)) == raw_denied(fed_arn, "any")
    assert query(emu, "ListMFADevices", fed, "iam", UserName="alice")[0] == 403
    assert raw_error(query(emu, "GetFederationToken", Name="x" * 33)) == (
        400, "ValidationError", "1 validation error detected: Value '%s' at 'name' failed "
        "to satisfy constraint: Member must have length less than or equal to 32" % ("x" * 33))
    assert expires_in(emu, raw_creds(query(emu, "GetFederationToken", Name="pp",
                                           DurationSeconds="129600"))) == 129600
    assert raw_error(query(emu, "GetFederationToken", Name="pp", DurationSeconds="129601"))[1] \
        == "ValidationError"


# ------------------------------------------------------------------ federation endpoint


def fed_get(url, **params):
    """GET without following redirects: (status, headers, body)."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a, **k):
            return None
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url + "/federation?" + urllib.parse.urlencode(params)) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def session_param(creds):
    return json.dumps({"sessionId": creds["AccessKeyId"], "sessionKey": creds["SecretAccessKey"],
                       "sessionToken": creds["SessionToken"]})


def signin_token(emu, creds, **extra):
    st, hdrs, body = fed_get(emu.url, Action="getSigninToken", Session=session_param(creds),
                             **extra)
    return st, (json.loads(body) if st == 200 else body)


def test_federation_signin(emu):
    serial, seed = raw_enroll(emu)
    add_role(emu, "admin", condition=MFA_TRUE, max_duration=43200)
    role = raw_creds(raw_assume(emu, "admin", SerialNumber=serial,
                                TokenCode=ref_code(seed, emu.t)))
    st, out = signin_token(emu, role, SessionDuration="43200")
    assert st == 200 and set(out) == {"SigninToken"}
    dest = "https://console.aws.amazon.com/console/home?region=eu-west-1"
    st, hdrs, _ = fed_get(emu.url, Action="login", Issuer="keybridge", Destination=dest,
                          SigninToken=out["SigninToken"])
    assert st == 302 and hdrs["Location"] == dest
    emu.advance(899)
    assert fed_get(emu.url, Action="login", Destination=dest,
                   SigninToken=out["SigninToken"])[0] == 302
    emu.advance(1)  # sign-in tokens live 15 minutes
    assert fed_get(emu.url, Action="login", Destination=dest,
                   SigninToken=out["SigninToken"])[0] == 400
    assert fed_get(emu.url, Action="login", Destination=dest, SigninToken="nope")[0] == 400
    for bad in ("899", "43201", "x"):
        assert signin_token(emu, role, SessionDuration=bad)[0] == 400
    # chained (from an MFA session): fine without SessionDuration, refused with it
    mfa = raw_creds(query(emu, "GetSessionToken", SerialNumber=serial,
                          TokenCode=ref_code(seed, emu.t)))
    chained = raw_creds(raw_assume(emu, "admin", mfa))
    assert signin_token(emu, chained)[0] == 200
    assert signin_token(emu, chained, SessionDuration="3600")[0] == 400
    # GetSessionToken sessions and long-term keys do not sign in; federated users do,
    # without SessionDuration
    assert signin_token(emu, mfa)[0] == 400
    assert signin_token(emu, {"AccessKeyId": emu.user["AccessKeyId"], "SessionToken": "",
                              "SecretAccessKey": emu.user["SecretAccessKey"]})[0] == 400
    fed = raw_creds(query(emu, "GetFederationToken", Name="web"))
    assert signin_token(emu, fed)[0] == 200
    assert signin_token(emu, fed, SessionDuration="3600")[0] == 400
    wrong = dict(fed, SecretAccessKey="x" * 40)
    assert signin_token(emu, wrong)[0] == 400
    emu.advance(3600)  # the role session (1 h) has expired
    assert signin_token(emu, chained)[0] == 400
    log = emu.requests()["log"]
    fed_log = [(e["action"], e["status"], e["code"]) for e in log
               if e["service"] == "federation"]
    assert fed_log[:5] == [("getSigninToken", 200, None), ("login", 302, None),
                           ("login", 302, None), ("login", 400, "ExpiredSigninToken"),
                           ("login", 400, "InvalidSigninToken")]
    assert ("getSigninToken", 400, "SessionNotFederatable") in fed_log
    assert ("getSigninToken", 400, "LongTermCredentials") in fed_log
    assert ("getSigninToken", 400, "SessionDurationNotAllowed") in fed_log
    assert fed_log[-1] == ("getSigninToken", 400, "ExpiredCredentials")
    first = next(e for e in log if e["action"] == "getSigninToken")
    assert first["caller_arn"] == "arn:aws:sts::%s:assumed-role/admin/s1" % ACCOUNT
    dump = json.dumps(log) + emu.admin("show")
    assert role["SecretAccessKey"] not in dump and role["SessionToken"] not in dump
    assert out["SigninToken"] not in dump


# ------------------------------------------------------------------ Date header and skew


def date_of(url):
    st, hdrs, _ = fed_get(url, Action="none")
    assert st == 400
    return email.utils.parsedate_to_datetime(hdrs["Date"]).timestamp()


def test_date_header_follows_emulator_clock(emu):
    emu.set_time(1700000000.7)
    assert date_of(emu.url) == 1700000000
    r = emu.aws("sts", "get-caller-identity", "--debug")
    assert "'Date': 'Tue, 14 Nov 2023 22:13:20 GMT'" in r.stderr


def test_clock_offset_and_skew_check(tmp_path):
    """set-clock --offset moves the Date header; --check-skew refuses an X-Amz-Date more
    than 15 minutes from the emulator clock with AWS's texts (docs/aws.md §3.1)."""
    e = Emu(str(tmp_path), server_args=["--check-skew"], clock_file=False)
    try:
        e.admin("set-clock", "--offset", "90")
        r = e.aws("sts", "get-caller-identity")
        assert r.returncode == 0, r.stderr
        now = datetime.datetime.now(datetime.timezone.utc).timestamp()
        assert abs(date_of(e.url) - (now + 90)) < 5
        e.admin("set-clock", "--offset", "-90")
        assert query(e, "GetCallerIdentity")[0] == 200
        now = datetime.datetime.now(datetime.timezone.utc).timestamp()
        assert abs(date_of(e.url) - (now - 90)) < 5
        e.admin("set-clock", "--offset", "1000")
        r = e.aws("sts", "get-caller-identity", env={"AWS_MAX_ATTEMPTS": "1"})
        assert r.returncode == 254
        line = err_line(r)
        assert re.search(r"\(SignatureDoesNotMatch\) when calling the GetCallerIdentity "
                         r"operation \(reached max retries: 0\): Signature expired: "
                         r"\d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z "
                         r"\(\d{8}T\d{6}Z - 15 min\.\)$", line), line
        e.admin("set-clock", "--offset", "-1000")
        status, code, msg = raw_error(query(e, "GetCallerIdentity"))
        assert (status, code) == (403, "SignatureDoesNotMatch")
        assert re.fullmatch(r"Signature not yet current: \d{8}T\d{6}Z is still later than "
                            r"\d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 15 min\.\)", msg), msg
    finally:
        e.stop()
