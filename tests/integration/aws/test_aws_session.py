"""`keybridge aws session|exec|credential-process` against the real AWS CLI v2,
the STS/IAM emulator and keysim."""
import json
import os
import re
import subprocess
import time

import pytest

from aws_util import REAL_AWS, totp


def parse_env(text):
    out = {}
    for line in text.splitlines():
        m = re.fullmatch(r"export (\w+)='([^']*)'", line)
        assert m, line
        out[m.group(1)] = m.group(2)
    return out


def caller_identity_with(awsenv, creds):
    env = {"AWS_ACCESS_KEY_ID": creds["AccessKeyId"],
           "AWS_SECRET_ACCESS_KEY": creds["SecretAccessKey"],
           "AWS_SESSION_TOKEN": creds["SessionToken"], "AWS_REGION": "eu-west-1"}
    r = awsenv.aws("sts", "get-caller-identity", env=env)
    return json.loads(r.stdout)


def test_session_formats_and_cache(awsenv, enrolled):
    serial, seed = enrolled
    r = awsenv.kb("aws", "session", "--profile", "dev", "--endpoint-url", awsenv.url,
                  "--format", "json")
    creds = json.loads(r.stdout)
    assert set(creds) == {"AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"}
    assert creds["AccessKeyId"].startswith("ASIA")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", creds["Expiration"])
    assert caller_identity_with(awsenv, creds)["Account"] == awsenv.account
    # The CLI saw exactly one GetSessionToken, with the key's code for now.
    log = awsenv.requests("GetSessionToken")
    assert len(log) == 1
    argv = awsenv.argv_lines()[-1]
    assert argv[:2] == ["sts", "get-session-token"]
    code = argv[argv.index("--token-code") + 1]
    assert code == totp(seed, awsenv.now()) or code == totp(seed, awsenv.now() - 30)
    assert "--profile" in argv and argv[argv.index("--profile") + 1] == "dev"
    assert argv[argv.index("--region") + 1] == "eu-west-1"

    # Every other format comes from the cache: no new STS call.
    env_out = parse_env(awsenv.kb("aws", "session", "--profile", "dev",
                                  "--endpoint-url", awsenv.url).stdout)
    assert env_out["AWS_ACCESS_KEY_ID"] == creds["AccessKeyId"]
    assert env_out["AWS_SECRET_ACCESS_KEY"] == creds["SecretAccessKey"]
    assert env_out["AWS_SESSION_TOKEN"] == creds["SessionToken"]
    assert env_out["AWS_REGION"] == "eu-west-1"
    proc = awsenv.kb("aws", "session", "--profile", "dev", "--format", "process").stdout
    assert proc == json.dumps({"Version": 1, **{k: creds[k] for k in (
        "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration")}},
        separators=(",", ":")) + "\n"
    ini = awsenv.kb("aws", "session", "--profile", "dev", "--format", "ini").stdout
    assert ini.startswith("[dev-session]\n")
    assert "aws_session_token = %s\n" % creds["SessionToken"] in ini
    assert len(awsenv.requests("GetSessionToken")) == 1

    # Cache files: folder 0700, files 0600, no seed inside.
    cache_dir = awsenv.cache / "keybridge" / "aws"
    assert os.stat(cache_dir).st_mode & 0o777 == 0o700
    for f in cache_dir.iterdir():
        assert os.stat(f).st_mode & 0o777 == 0o600, f
        assert seed not in f.read_text()

    # --no-cache makes a new session, in a later step than the first.
    awsenv.set_offset(awsenv.offset + 30)
    r2 = json.loads(awsenv.kb("aws", "session", "--profile", "dev", "--endpoint-url",
                              awsenv.url, "--format", "json", "--no-cache").stdout)
    assert r2["AccessKeyId"] != creds["AccessKeyId"]
    assert len(awsenv.requests("GetSessionToken")) == 2


def test_cache_refreshes_inside_the_15_minute_window(awsenv, enrolled):
    r = json.loads(awsenv.kb("aws", "session", "--profile", "dev", "--endpoint-url",
                             awsenv.url, "--format", "json", "--duration", "1200").stdout)
    # 1200 s session: 20 min left, so reused now ...
    again = json.loads(awsenv.kb("aws", "session", "--profile", "dev", "--format",
                                 "json").stdout)
    assert again["AccessKeyId"] == r["AccessKeyId"]
    # ... but 6 min later fewer than 15 min are left: a new session.
    awsenv.set_offset(awsenv.offset + 360)
    fresh = json.loads(awsenv.kb("aws", "session", "--profile", "dev", "--endpoint-url",
                                 awsenv.url, "--format", "json").stdout)
    assert fresh["AccessKeyId"] != r["AccessKeyId"]
    assert len(awsenv.requests("GetSessionToken")) == 2


def test_two_sessions_in_one_step_wait_for_the_next(awsenv, enrolled):
    serial, seed = enrolled
    # Start 22 s into a fresh step: 8 s are left (more than the 5 s margin).
    awsenv.at_step_point(22)
    start_step = int(awsenv.now()) // 30
    awsenv.kb("aws", "session", "--profile", "dev", "--endpoint-url", awsenv.url,
              "--no-cache")
    t0 = time.monotonic()
    awsenv.kb("aws", "session", "--profile", "dev", "--endpoint-url", awsenv.url,
              "--no-cache")
    waited = time.monotonic() - t0
    codes = [a[a.index("--token-code") + 1] for a in awsenv.argv_lines()
             if a[:2] == ["sts", "get-session-token"]]
    assert len(codes) == 2 and codes[0] != codes[1]
    assert codes[0] == totp(seed, start_step * 30)
    assert codes[1] == totp(seed, (start_step + 1) * 30)
    assert waited >= 1.0  # it waited for the step edge instead of resending
    assert all(e["status"] == 200 for e in awsenv.requests("GetSessionToken"))


def test_credential_process_run_by_the_real_cli(awsenv, enrolled):
    cmd = "%s aws credential-process --profile dev --endpoint-url %s" % (
        awsenv.keybridge_bin, awsenv.url)
    with open(awsenv.config, "a") as f:
        f.write("\n[profile mfa]\nregion = eu-west-1\ncredential_process = %s\n" % cmd)
    env = dict(awsenv.env, KEYBRIDGE_TIME_OFFSET=repr(awsenv.offset))
    for _ in range(2):
        r = subprocess.run([REAL_AWS, "sts", "get-caller-identity", "--profile", "mfa",
                            "--endpoint-url", awsenv.url, "--output", "json"],
                           capture_output=True, text=True, env=env, timeout=120)
        assert r.returncode == 0, r.stderr
        assert json.loads(r.stdout)["Account"] == awsenv.account
    # Two CLI commands, one STS session (keybridge caches; the CLI does not).
    assert len(awsenv.requests("GetSessionToken")) == 1
    calls = awsenv.requests("GetCallerIdentity")
    assert len(calls) == 2


def test_credential_process_errors_go_to_stderr(awsenv, enrolled):
    r = awsenv.kb("aws", "credential-process", "--profile", "dev", "--endpoint-url",
                  awsenv.url, "--serial", "arn:aws:iam::%s:mfa/nobody" % awsenv.account,
                  "--account", "Amazon Web Services:alice@%s" % awsenv.account, check=False)
    assert r.returncode != 0 and r.stdout == ""
    assert "AccessDenied" in r.stderr and "serial" in r.stderr


def test_exec_runs_the_command_with_the_session(awsenv, enrolled):
    r = awsenv.kb("aws", "exec", "--profile", "dev", "--endpoint-url", awsenv.url, "--",
                  REAL_AWS, "sts", "get-caller-identity", "--endpoint-url", awsenv.url,
                  "--output", "json", env={"AWS_PROFILE": "dev"})
    assert json.loads(r.stdout)["Account"] == awsenv.account
    # The exit status is the command's.
    r = awsenv.kb("aws", "exec", "--profile", "dev", "--", "sh", "-c",
                  'test -n "$AWS_SESSION_TOKEN" && test -z "$AWS_PROFILE" && exit 7',
                  check=False, env={"AWS_PROFILE": "dev"})
    assert r.returncode == 7


@pytest.mark.parametrize("case", ["wrong_serial", "user_arn", "duration_low",
                                  "duration_high", "no_serial", "unknown_profile",
                                  "session_env"])
def test_clear_errors(awsenv, enrolled, case):
    serial, _ = enrolled
    label = "Amazon Web Services:alice@%s" % awsenv.account
    base = ["aws", "session", "--endpoint-url", awsenv.url, "--no-cache"]
    env = None
    if case == "wrong_serial":
        args = base + ["--profile", "dev", "--serial",
                       "arn:aws:iam::%s:mfa/bob" % awsenv.account, "--account", label]
        want = "AccessDenied: MultiFactorAuthentication failed, unable to validate"
    elif case == "user_arn":
        args = base + ["--profile", "dev", "--serial",
                       "arn:aws:iam::%s:user/alice" % awsenv.account]
        want = ":mfa/"
    elif case == "duration_low":
        args = base + ["--profile", "dev", "--duration", "899"]
        want = "900 to 129600"
    elif case == "duration_high":
        args = base + ["--profile", "dev", "--duration", "129601"]
        want = "900 to 129600"
    elif case == "no_serial":
        awsenv.config.write_text(awsenv.config.read_text().replace("mfa_serial", "#"))
        args = base + ["--profile", "dev"]
        want = "mfa_serial"
    elif case == "unknown_profile":
        args = base + ["--profile", "nope"]
        want = "'nope' is in neither"
    else:
        args = base + ["--serial", serial]
        env = {"AWS_ACCESS_KEY_ID": "ASIAEXAMPLE", "AWS_SECRET_ACCESS_KEY": "x",
               "AWS_SESSION_TOKEN": "t"}
        want = "session credentials"
    r = awsenv.kb(*args, check=False, env=env)
    assert r.returncode != 0
    assert want in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr


def test_clock_too_far_off_stops_after_one_code(awsenv, enrolled):
    # keybridge's clock 20 minutes behind the emulator's: the code is refused,
    # the Date header shows why, and no second code is spent.
    emu_offset = awsenv.offset
    r = awsenv.kb("aws", "session", "--profile", "dev", "--endpoint-url", awsenv.url,
                  check=False, env={"KEYBRIDGE_TIME_OFFSET": repr(emu_offset - 1200)})
    assert r.returncode == 14
    assert "AWS refused the code" in r.stderr and "min" in r.stderr
    assert "behind AWS's" in r.stderr and "timedatectl" in r.stderr
    assert len(awsenv.requests("GetSessionToken")) == 1


def test_session_credentials_in_profile_are_refused(awsenv, enrolled):
    creds = json.loads(awsenv.kb("aws", "session", "--profile", "dev", "--endpoint-url",
                                 awsenv.url, "--format", "json").stdout)
    with open(awsenv.credentials, "a") as f:
        f.write("[temp]\naws_access_key_id = %s\naws_secret_access_key = %s\n"
                "aws_session_token = %s\n" % (creds["AccessKeyId"], creds["SecretAccessKey"],
                                              creds["SessionToken"]))
    with open(awsenv.config, "a") as f:
        f.write("[profile temp]\nregion = eu-west-1\n")
    awsenv.set_offset(awsenv.offset + 30)
    r = awsenv.kb("aws", "session", "--profile", "temp", "--endpoint-url", awsenv.url,
                  "--serial", enrolled[0], check=False)
    assert r.returncode == 14
    assert "Cannot call GetSessionToken with session credentials" in r.stderr


def test_aws_cli_missing_or_garbage(awsenv, enrolled, tmp_path):
    r = awsenv.kb("aws", "session", "--profile", "dev", "--aws", str(tmp_path / "no-aws"),
                  check=False)
    assert r.returncode != 0
    assert "the AWS CLI is not available" in r.stderr and "--aws" in r.stderr
    garbage = tmp_path / "garbage-aws"
    garbage.write_text("#!/bin/sh\necho '<html>surprise</html>'\n")
    garbage.chmod(0o755)
    r = awsenv.kb("aws", "session", "--profile", "dev", "--aws", str(garbage),
                  "--no-cache", check=False)
    assert r.returncode != 0
    assert "cannot read" in r.stderr and "surprise" not in r.stderr
    # Garbage from the server side (emulator fault): the CLI's error is shown.
    awsenv.set_offset(awsenv.offset + 60)
    awsenv.admin("fault", "--next", "1", "--kind", "500")
    r = awsenv.kb("aws", "session", "--profile", "dev", "--endpoint-url", awsenv.url,
                  "--no-cache", check=False)
    assert r.returncode == 14
    assert "aws sts get-session-token failed" in r.stderr
    # AWS_MAX_ATTEMPTS=1: the code was sent once, not retried.
    assert len([e for e in awsenv.requests("GetSessionToken")]) == 1


def test_no_seed_or_secret_in_outputs_or_argv(awsenv, enrolled):
    serial, seed = enrolled
    awsenv.kb("aws", "session", "--profile", "dev", "--endpoint-url", awsenv.url)
    secret = awsenv.user["SecretAccessKey"]
    for text in awsenv.outputs:
        assert seed not in text and secret not in text
    for argv in awsenv.argv_lines():
        joined = " ".join(argv)
        assert seed not in joined and secret not in joined
