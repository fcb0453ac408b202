"""Fixtures for `keybridge aws …` tests: the STS/IAM emulator
(tools/aws_emulator), AWS config files in a temp HOME, a logging `aws` shim
in front of the real Debian CLI v2 (/usr/bin/aws), and keysim + keybridge
(tests/integration/conftest.py).

Time: the emulator's clock and keybridge's clock are shifted by the same
offset (admin.py set-clock --offset / KEYBRIDGE_TIME_OFFSET, test-only), so a
test can start at a chosen point of a TOTP step instead of sleeping.
"""
import json
import os
import pathlib
import shutil
import subprocess
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
EMU = ROOT / "tools" / "aws_emulator"
PY = "/usr/bin/python3"
from aws_util import REAL_AWS, totp  # noqa: F401  (used by the fixtures)

if not os.path.exists(REAL_AWS):
    pytest.skip("Debian awscli (/usr/bin/aws) is not installed", allow_module_level=True)

SHIM = """#!/bin/sh
# Records its argv (one JSON line) and runs the real AWS CLI.
/usr/bin/python3 -c 'import json,sys; open(sys.argv[1],"a").write(json.dumps(sys.argv[2:])+"\\n")' "$AWS_SHIM_LOG" "$@"
exec /usr/bin/aws "$@"
"""


class AwsEnv:
    def __init__(self, tmp, keybridge_bin, device_uri):
        self.tmp = pathlib.Path(tmp)
        self.state = self.tmp / "emu-state.json"
        self.proc = subprocess.Popen([PY, str(EMU / "server.py"), "--state", str(self.state),
                                      "--port", "0"], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        assert line.startswith("listening http://127.0.0.1:"), line
        self.url = line.split()[1]
        self.offset = 0.0
        self.user = json.loads(self.admin("add-user", "alice"))
        self.account = self.user["AccountId"]
        self.home = self.tmp / "home"
        (self.home / ".aws").mkdir(parents=True)
        self.config = self.home / ".aws" / "config"
        self.credentials = self.home / ".aws" / "credentials"
        self.config.write_text("# my config\n[profile dev]\nregion = eu-west-1\n"
                               "output = text\n")
        self.credentials.write_text("[dev]\naws_access_key_id = %s\naws_secret_access_key = %s\n"
                                    % (self.user["AccessKeyId"], self.user["SecretAccessKey"]))
        self.shim = self.tmp / "bin" / "aws"
        self.shim.parent.mkdir()
        self.shim.write_text(SHIM)
        self.shim.chmod(0o755)
        self.argv_log = self.tmp / "aws-argv.log"
        self.cache = self.tmp / "cache"
        # keybridge's own temp files go to a private TMPDIR, so a test can
        # check they are gone without seeing another run's files in /tmp.
        self.tmpdir = self.tmp / "tmpdir"
        self.tmpdir.mkdir()
        self.keybridge_bin = str(keybridge_bin)
        self.device_uri = device_uri
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("AWS_", "KEYBRIDGE_"))}
        self.env.update(HOME=str(self.home), XDG_CACHE_HOME=str(self.cache),
                        TMPDIR=str(self.tmpdir),
                        AWS_SHIM_LOG=str(self.argv_log), KEYBRIDGE_AWS=str(self.shim),
                        KEYBRIDGE_DEVICE=device_uri)
        self.outputs = []  # every stdout/stderr keybridge printed, for scans

    def stop(self):
        self.proc.terminate()
        self.proc.wait(5)
        self.proc.stdout.close()
        self.proc.stderr.close()

    def admin(self, *args):
        r = subprocess.run([PY, str(EMU / "admin.py"), "--state", str(self.state), *args],
                           capture_output=True, text=True, check=True)
        return r.stdout

    def now(self):
        return time.time() + self.offset

    def set_offset(self, offset):
        self.offset = offset
        self.admin("set-clock", "--offset", repr(offset))

    def at_step_point(self, seconds_into_step, min_gap=0.0):
        """Shifts both clocks so that `now` is `seconds_into_step` into a step."""
        real = time.time()
        base = (int(real) // 30 + 1) * 30 + seconds_into_step
        self.set_offset(base - real)

    def kb(self, *args, check=True, env=None, timeout=120):
        e = dict(self.env, KEYBRIDGE_TIME_OFFSET=repr(self.offset))
        e.update(env or {})
        r = subprocess.run([self.keybridge_bin, *map(str, args)], capture_output=True,
                           text=True, env=e, timeout=timeout, stdin=subprocess.DEVNULL)
        self.outputs.append(r.stdout + r.stderr)
        if check and r.returncode != 0:
            raise AssertionError("keybridge %s exited %d: %s" % (args, r.returncode, r.stderr))
        return r

    def aws(self, *args, env=None, check=True):
        e = dict(self.env)
        e.update(env or {})
        r = subprocess.run([REAL_AWS, *args, "--endpoint-url", self.url, "--output", "json"],
                           capture_output=True, text=True, env=e, timeout=60)
        if check and r.returncode != 0:
            raise AssertionError("aws %s: %s" % (args, r.stderr))
        return r

    def enroll_by_hand(self, name="alice"):
        """Creates and enables a device with the real CLI and oathtool, and puts the
        seed into keysim with `keybridge oath accounts add` (independent of enroll)."""
        outfile = self.tmp / ("seed-" + name)
        r = self.aws("iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", name,
                     "--outfile", str(outfile), "--bootstrap-method", "Base32StringSeed",
                     "--profile", "dev")
        serial = json.loads(r.stdout)["VirtualMFADevice"]["SerialNumber"]
        seed = outfile.read_text()
        outfile.unlink()
        label = "Amazon Web Services:%s@%s" % (name, self.account)
        r = subprocess.run([self.keybridge_bin, "--device", self.device_uri, "oath",
                            "accounts", "add", label], input=seed + "\n",
                           capture_output=True, text=True, env=self.env, timeout=30)
        assert r.returncode == 0, r.stderr
        # Enable with codes of the two steps before the current one, so the
        # current step stays free for the test.
        t = self.now() - 30
        self.aws("iam", "enable-mfa-device", "--user-name", "alice", "--serial-number",
                 serial, "--authentication-code1", totp(seed, t - 30),
                 "--authentication-code2", totp(seed, t), "--profile", "dev")
        return serial, seed

    def set_mfa_serial(self, serial, profile="dev"):
        text = self.config.read_text()
        self.config.write_text(text.replace("[profile %s]\n" % profile,
                                            "[profile %s]\nmfa_serial = %s\n" % (profile, serial)))

    def requests(self, action):
        return json.loads(self.admin("requests", "--action", action))["log"]

    def argv_lines(self):
        if not self.argv_log.exists():
            return []
        return [json.loads(l) for l in self.argv_log.read_text().splitlines()]


@pytest.fixture
def awsenv(tmp_path, keybridge_bin, keysim):
    if shutil.which("oathtool") is None:
        pytest.skip("oathtool missing")
    env = AwsEnv(tmp_path, keybridge_bin, keysim.uri)
    yield env
    env.stop()


@pytest.fixture
def enrolled(awsenv):
    """A device enabled for alice, its seed in keysim, mfa_serial in [profile dev]."""
    awsenv.at_step_point(5)
    serial, seed = awsenv.enroll_by_hand()
    awsenv.set_mfa_serial(serial)
    return serial, seed
