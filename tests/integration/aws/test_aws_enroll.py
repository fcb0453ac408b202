"""`keybridge aws enroll` end to end: real AWS CLI v2 + emulator + keysim."""
import json
import os
import subprocess

from aws_util import totp


def emu_devices(awsenv):
    with open(awsenv.state) as f:
        return json.load(f)["mfa_devices"]


def key_labels(awsenv):
    r = awsenv.kb("oath", "accounts", "list")
    return r.stdout.splitlines()


def test_enroll_end_to_end_then_session(awsenv):
    awsenv.at_step_point(5)
    r = awsenv.kb("aws", "enroll", "--user", "alice", "--profile", "dev",
                  "--endpoint-url", awsenv.url)
    serial = "arn:aws:iam::%s:mfa/alice" % awsenv.account
    label = "Amazon Web Services:alice@%s" % awsenv.account
    assert "Enrolled %s" % serial in r.stdout
    assert label in key_labels(awsenv)
    # The profile got mfa_serial; everything else in the file is kept.
    config = awsenv.config.read_text()
    assert config.startswith("# my config\n[profile dev]\nregion = eu-west-1\n")
    assert "mfa_serial = %s\n" % serial in config and "output = text\n" in config
    # AWS lists the device as enabled for alice.
    listed = json.loads(awsenv.aws("iam", "list-mfa-devices", "--user-name", "alice",
                                   "--profile", "dev").stdout)
    assert [d["SerialNumber"] for d in listed["MFADevices"]] == [serial]
    dev = emu_devices(awsenv)[serial]
    seed = dev["seed"]
    # The key computes the emulator's codes (same seed inside).
    code = awsenv.kb("oath", "accounts", "code", "--single", label, "--time",
                     int(awsenv.now())).stdout.strip()
    assert code == totp(seed, awsenv.now())
    # No temp seed file left; the seed is in no output and no argv.
    assert not [p for p in os.listdir(awsenv.tmpdir)
                if p.startswith("keybridge-enroll-")]
    for text in awsenv.outputs:
        assert seed not in text
    for argv in awsenv.argv_lines():
        assert seed not in " ".join(argv)
    create = [a for a in awsenv.argv_lines() if a[:2] == ["iam", "create-virtual-mfa-device"]]
    assert create and "Base32StringSeed" in create[0]
    # A session right after: the next step (enable used the current one).
    awsenv.set_offset(awsenv.offset + 30)
    creds = json.loads(awsenv.kb("aws", "session", "--profile", "dev", "--endpoint-url",
                                 awsenv.url, "--format", "json").stdout)
    assert creds["AccessKeyId"].startswith("ASIA")


def test_enroll_failure_in_the_middle_cleans_up(awsenv):
    awsenv.at_step_point(5)
    # keybridge's clock 10 minutes behind AWS's: enable-mfa-device refuses the codes.
    r = awsenv.kb("aws", "enroll", "--user", "alice", "--profile", "dev",
                  "--endpoint-url", awsenv.url, check=False,
                  env={"KEYBRIDGE_TIME_OFFSET": repr(awsenv.offset - 600)})
    assert r.returncode == 14
    assert "InvalidAuthenticationCode" in r.stderr
    assert "was deleted" in r.stderr
    assert emu_devices(awsenv) == {}
    assert not any(l.startswith("Amazon Web Services:") for l in key_labels(awsenv))
    assert "mfa_serial" not in awsenv.config.read_text()


def test_enroll_refuses_existing_label_before_creating(awsenv):
    awsenv.at_step_point(5)
    label = "Amazon Web Services:alice@%s" % awsenv.account
    subprocess.run([awsenv.keybridge_bin, "oath", "accounts", "add", label],
                   input="JBSWY3DPEHPK3PXP\n", env=awsenv.env, check=True,
                   capture_output=True, text=True)
    r = awsenv.kb("aws", "enroll", "--user", "alice", "--profile", "dev",
                  "--endpoint-url", awsenv.url, check=False)
    assert r.returncode != 0 and "already has an account" in r.stderr
    assert emu_devices(awsenv) == {}
