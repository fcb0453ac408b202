"""Role profiles, caches, logout, several keys, a wrong clock and console
sign-in (docs/aws.md §5–§7): real AWS CLI v2, the emulator, keybridge, keysim."""
import concurrent.futures
import json
import os
import re
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from aws_util import REAL_AWS


def trust(principal, mfa=True, external_id=None):
    statement = {"Effect": "Allow", "Principal": {"AWS": principal},
                 "Action": "sts:AssumeRole", "Condition": {}}
    if mfa:
        statement["Condition"]["Bool"] = {"aws:MultiFactorAuthPresent": "true"}
    if external_id:
        statement["Condition"]["StringEquals"] = {"sts:ExternalId": external_id}
    if not statement["Condition"]:
        del statement["Condition"]
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def add_role(awsenv, name, policy, max_duration=None):
    args = ["add-role", name, "--trust-policy", policy]
    if max_duration:
        args += ["--max-session-duration", str(max_duration)]
    return json.loads(awsenv.admin(*args))["Arn"]


def role_profile(awsenv, name, role_arn, source="dev", **keys):
    lines = ["[profile %s]" % name, "role_arn = %s" % role_arn,
             "source_profile = %s" % source]
    lines += ["%s = %s" % kv for kv in keys.items()]
    with open(awsenv.config, "a") as f:
        f.write("\n".join(lines) + "\n")


def session(awsenv, profile, *extra, check=True, env=None):
    r = awsenv.kb("aws", "session", "--profile", profile, "--endpoint-url",
                  awsenv.url, "--format", "json", *extra, check=check, env=env)
    return (json.loads(r.stdout) if r.returncode == 0 else None), r


def identity(awsenv, creds):
    env = {"AWS_ACCESS_KEY_ID": creds["AccessKeyId"],
           "AWS_SECRET_ACCESS_KEY": creds["SecretAccessKey"],
           "AWS_SESSION_TOKEN": creds["SessionToken"], "AWS_REGION": "eu-west-1"}
    return json.loads(awsenv.aws("sts", "get-caller-identity", env=env).stdout)


@pytest.fixture
def alice_arn(awsenv):
    return "arn:aws:iam::%s:user/alice" % awsenv.account


def test_one_code_buys_two_roles_then_the_cache_answers(awsenv, enrolled, alice_arn):
    admin = add_role(awsenv, "admin", trust(alice_arn))
    reader = add_role(awsenv, "reader", trust(alice_arn))
    role_profile(awsenv, "prod", admin, role_session_name="alice@example.com")
    role_profile(awsenv, "audit", reader)
    prod, _ = session(awsenv, "prod")
    audit, _ = session(awsenv, "audit")
    assert identity(awsenv, prod)["Arn"] == \
        "arn:aws:sts::%s:assumed-role/admin/alice@example.com" % awsenv.account
    assert identity(awsenv, audit)["Arn"].startswith(
        "arn:aws:sts::%s:assumed-role/reader/keybridge-" % awsenv.account)
    assert len(awsenv.requests("GetSessionToken")) == 1
    assume = awsenv.requests("AssumeRole")
    assert len(assume) == 2 and all(e["token_code"] is None for e in assume)
    # Again: both from the cache, nothing sent.
    again, _ = session(awsenv, "prod")
    assert again == prod
    assert len(awsenv.requests("AssumeRole")) == 2
    # logout --profile prod forgets prod's role and the MFA session, not audit's role.
    r = awsenv.kb("aws", "logout", "--profile", "prod")
    assert "Removed 2 cached sessions" in r.stdout
    session(awsenv, "audit")
    assert len(awsenv.requests("AssumeRole")) == 2
    assert "Removed 1 cached session." in awsenv.kb("aws", "logout", "--all").stdout


def test_external_id_and_a_refused_role_cache_nothing(awsenv, enrolled, alice_arn):
    role = add_role(awsenv, "vendor", trust(alice_arn, external_id="team-42"))
    role_profile(awsenv, "nope", role)
    creds, r = session(awsenv, "nope", check=False)
    assert r.returncode == 14, r.stderr
    assert "AccessDenied" in r.stderr and "sts:AssumeRole" in r.stderr
    assert not list((awsenv.cache / "keybridge" / "aws").glob("role-*"))
    role_profile(awsenv, "vendor", role, external_id="team-42")
    creds, r = session(awsenv, "vendor")
    assert ":assumed-role/vendor/" in identity(awsenv, creds)["Arn"]
    assert len(awsenv.requests("GetSessionToken")) == 1  # the refusal spent no code


def test_durations_over_the_limits(awsenv, enrolled, alice_arn):
    long_role = add_role(awsenv, "long", trust(alice_arn), max_duration=43200)
    short_role = add_role(awsenv, "short", trust(alice_arn), max_duration=3600)
    # More than 1 h: the role is assumed directly with a code of its own.
    role_profile(awsenv, "long", long_role, duration_seconds="7200")
    creds, r = session(awsenv, "long")
    assert "assumed with a code of its own" in r.stderr
    assert not awsenv.requests("GetSessionToken")
    direct = awsenv.requests("AssumeRole")
    assert len(direct) == 1 and direct[0]["token_code"]
    # Over the role's MaxSessionDuration: AWS's refusal, nothing cached.
    role_profile(awsenv, "short", short_role, duration_seconds="7200")
    _, r = session(awsenv, "short", check=False)
    assert r.returncode == 14 and "MaxSessionDuration" in r.stderr, r.stderr
    assert not list((awsenv.cache / "keybridge" / "aws").glob("role-short--*"))
    # A chained role over 1 h is refused before any call.
    role_profile(awsenv, "chained", short_role, source="long", duration_seconds="7200")
    calls = len(awsenv.argv_lines())
    _, r = session(awsenv, "chained", check=False)
    assert r.returncode == 2 and "1-hour limit" in r.stderr and "chained" in r.stderr
    assert len(awsenv.argv_lines()) == calls
    # Outside 900..43200 in the profile: refused with the range.
    role_profile(awsenv, "silly", short_role, duration_seconds="50000")
    _, r = session(awsenv, "silly", check=False)
    assert r.returncode == 2 and "900 to 43200" in r.stderr


def test_role_chain(awsenv, enrolled, alice_arn):
    first = add_role(awsenv, "hop1", trust(alice_arn))
    second = add_role(awsenv, "hop2", trust(
        "arn:aws:sts::%s:assumed-role/hop1/keybridge-chain" % awsenv.account, mfa=False))
    role_profile(awsenv, "hop1", first, role_session_name="keybridge-chain")
    role_profile(awsenv, "hop2", second, source="hop1")
    creds, _ = session(awsenv, "hop2")
    assert ":assumed-role/hop2/" in identity(awsenv, creds)["Arn"]
    callers = [e["caller_arn"] for e in awsenv.requests("AssumeRole")]
    assert len(callers) == 2 and ":assumed-role/hop1/" in callers[1]


def test_eight_parallel_cli_commands_spend_one_code(awsenv, enrolled, alice_arn):
    role = add_role(awsenv, "ci", trust(alice_arn))
    role_profile(awsenv, "ci", role)
    with open(awsenv.config, "a") as f:
        f.write("[profile ci-cp]\ncredential_process = %s aws credential-process "
                "--profile ci --endpoint-url %s\nregion = eu-west-1\n"
                % (awsenv.keybridge_bin, awsenv.url))
    env = dict(awsenv.env, KEYBRIDGE_TIME_OFFSET=repr(awsenv.offset))

    def one(_):
        return subprocess.run([REAL_AWS, "sts", "get-caller-identity", "--profile",
                               "ci-cp", "--endpoint-url", awsenv.url, "--output", "json"],
                              capture_output=True, text=True, env=env, timeout=120)

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        results = list(pool.map(one, range(8)))
    for r in results:
        assert r.returncode == 0, r.stderr
        assert ":assumed-role/ci/" in json.loads(r.stdout)["Arn"]
    sent = [e["token_code"] for e in awsenv.requests("GetSessionToken")]
    assert len(sent) == 1 and len(awsenv.requests("AssumeRole")) == 1


@pytest.mark.parametrize("skew", [90, -90])
def test_clock_skew_costs_one_code_then_is_corrected(awsenv, enrolled, skew):
    # keybridge believes it is `skew` seconds earlier than the emulator does.
    env = {"KEYBRIDGE_TIME_OFFSET": repr(awsenv.offset - skew)}
    creds, r = session(awsenv, "dev", env=env)
    assert creds["AccessKeyId"].startswith("ASIA")
    said = re.search(r"clock is 1 min (\d+) s (behind|ahead of) AWS's", r.stderr)
    assert said, r.stderr
    assert abs(int(said.group(1)) - 30) <= 1  # the Date header has whole seconds
    assert said.group(2) == ("behind" if skew > 0 else "ahead of")
    log = awsenv.requests("GetSessionToken")
    assert [e["status"] for e in log] == [403, 200]
    assert log[0]["token_code"] != log[1]["token_code"]
    # The offset is remembered: the next session needs one call only (a
    # step later: this one is spent).
    awsenv.kb("aws", "logout", "--all")
    awsenv.set_offset(awsenv.offset + 30)
    session(awsenv, "dev", env={"KEYBRIDGE_TIME_OFFSET": repr(awsenv.offset - skew)})
    assert [e["status"] for e in awsenv.requests("GetSessionToken")] == [403, 200, 200]


def test_second_key_for_the_same_user(awsenv, enrolled, keysim_bin, tmp_path):
    from tools.harness.keysim import KeySim
    other = KeySim(keysim_bin, tmp_path / "second-key", control=True)
    other.start()
    try:
        awsenv.kb("aws", "enroll", "--user", "alice", "--device-name", "alice-2",
                  "--profile", "dev", "--endpoint-url", awsenv.url,
                  env={"KEYBRIDGE_DEVICE": other.uri})
        config = awsenv.config.read_text()
        assert "keybridge_mfa_serials = arn:aws:iam::%s:mfa/alice-2" % awsenv.account \
            in config
        assert "mfa_serial = %s" % enrolled[0] in config
        awsenv.set_offset(awsenv.offset + 30)  # enrolling spent this step
        session(awsenv, "dev", "--no-cache", env={"KEYBRIDGE_DEVICE": other.uri})
        session(awsenv, "dev", "--no-cache")  # the first key
    finally:
        other.stop()
    serials = [e["serial_number"] for e in awsenv.requests("GetSessionToken")]
    assert serials == [enrolled[0].replace("alice", "alice-2"), enrolled[0]]


def test_console_login(awsenv, enrolled, alice_arn, tmp_path):
    role = add_role(awsenv, "console", trust(alice_arn))
    role_profile(awsenv, "console", role, region="eu-west-1")
    env = {"KEYBRIDGE_AWS_FEDERATION_URL": awsenv.url + "/federation"}
    r = awsenv.kb("aws", "login", "--profile", "console", "--stdout", "--endpoint-url",
                  awsenv.url, env=env)
    url = r.stdout.strip()
    q = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    assert q["Action"] == ["login"] and q["SigninToken"][0]
    assert q["Destination"] == [
        "https://console.aws.amazon.com/console/home?region=eu-west-1"]
    assert "SigninToken" not in r.stderr and q["SigninToken"][0] not in r.stderr

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args):
            return None
    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as e:
        opener.open(url, timeout=10)
    assert e.value.code == 302
    assert e.value.headers["Location"] == q["Destination"][0]

    # Through the "browser": the URL travels through a one-time local redirect,
    # not argv.
    seen = tmp_path / "browser.log"
    browser = tmp_path / "browser"
    browser.write_text(
        "#!/usr/bin/python3\nimport sys, urllib.request\n"
        "class N(urllib.request.HTTPRedirectHandler):\n"
        "    def redirect_request(self, req, fp, code, msg, hdrs, newurl):\n"
        "        open(%r, 'w').write(sys.argv[1] + '\\n' + newurl + '\\n')\n"
        "try:\n    urllib.request.build_opener(N).open(sys.argv[1], timeout=10)\n"
        "except Exception:\n    pass\n" % str(seen))
    browser.chmod(0o755)
    awsenv.kb("aws", "login", "--profile", "console", "--endpoint-url", awsenv.url,
              env=dict(env, KEYBRIDGE_BROWSER=str(browser)))
    # keybridge exits once it has sent the redirect; the browser writes its
    # log a moment later.
    deadline = time.monotonic() + 10
    while not (seen.exists() and len(seen.read_text().splitlines()) == 2):
        assert time.monotonic() < deadline, "the browser never got the redirect"
        time.sleep(0.05)
    local, target = seen.read_text().splitlines()
    assert local.startswith("http://127.0.0.1:") and "SigninToken" not in local
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(target).query)["Action"] == ["login"]
