"""Shared helpers for the emulator tests: the emulator process (Emu), reference TOTP
codes from oathtool, the CLI's error line, and a minimal independent SigV4 signer."""

import datetime
import hashlib
import hmac
import json
import os
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
EMU_DIR = os.path.join(ROOT, "tools", "aws_emulator")
PY = "/usr/bin/python3"
AWS = "/usr/bin/aws"
ACCOUNT = "123456789012"

MSG_INVALID_CODE = "MultiFactorAuthentication failed with invalid MFA one time pass code. "
MSG_BAD_SERIAL = ("MultiFactorAuthentication failed, unable to validate MFA code.  Please "
                  "verify your MFA serial number is valid and associated with this user.")
MSG_NEED_BOTH = ("MultiFactorAuthentication failed, must provide both MFA serial number and "
                 "one time pass code.")


def ref_code(seed, t):
    """Reference TOTP via oathtool (RFC 6238, SHA1, 6 digits, 30 s) at unix time t."""
    return subprocess.run(["oathtool", "--totp", "-b", seed, "-N", "@%d" % int(t)],
                          check=True, capture_output=True, text=True).stdout.strip()


class Emu:
    def __init__(self, tmp, server_args=(), clock_file=True):
        self.tmp = tmp
        self.server_args = list(server_args)
        self.use_clock_file = clock_file
        self.state = os.path.join(tmp, "state.json")
        self.clock_file = os.path.join(tmp, "clock")
        # Aligned to a step, near real time (so Expiration values look sane to the CLI).
        self.t = (int(time.time()) // 30) * 30 + 10
        self.set_time(self.t)
        self.proc = None
        self.url = None
        self.start()
        self.user = json.loads(self.admin("add-user", "alice"))
        cfg = os.path.join(tmp, "config")
        creds = os.path.join(tmp, "credentials")
        with open(cfg, "w") as f:
            f.write("[default]\nregion = us-east-1\noutput = json\n")
        with open(creds, "w") as f:
            f.write("[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n"
                    % (self.user["AccessKeyId"], self.user["SecretAccessKey"]))
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        self.env.update(AWS_CONFIG_FILE=cfg, AWS_SHARED_CREDENTIALS_FILE=creds,
                        AWS_PAGER="", HOME=tmp)

    # -- process control
    def start(self):
        self.proc = subprocess.Popen(
            [PY, os.path.join(EMU_DIR, "server.py"), "--state", self.state, "--port", "0"]
            + (["--clock-file", self.clock_file] if self.use_clock_file else [])
            + self.server_args,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        assert line.startswith("listening http://127.0.0.1:"), line
        self.url = line.split()[1]

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)

    # -- clock
    def set_time(self, t):
        self.t = t
        with open(self.clock_file + ".tmp", "w") as f:
            f.write("%.3f\n" % t)
        os.replace(self.clock_file + ".tmp", self.clock_file)

    def advance(self, seconds):
        self.set_time(self.t + seconds)

    # -- tools
    def admin_run(self, *args):
        return subprocess.run([PY, os.path.join(EMU_DIR, "admin.py"), "--state", self.state]
                              + list(args), capture_output=True, text=True)

    def admin(self, *args):
        p = self.admin_run(*args)
        assert p.returncode == 0, p.stderr
        return p.stdout

    def requests(self, action=None):
        out = json.loads(self.admin("requests", *(["--action", action] if action else [])))
        return out

    def count(self, action):
        return self.requests(action)["counts"][action]

    def aws(self, *args, env=None):
        e = dict(self.env)
        e.update(env or {})
        return subprocess.run([AWS, "--endpoint-url", self.url] + list(args), env=e,
                              capture_output=True, text=True, timeout=120)

    def session_env(self, creds):
        return {"AWS_ACCESS_KEY_ID": creds["AccessKeyId"],
                "AWS_SECRET_ACCESS_KEY": creds["SecretAccessKey"],
                "AWS_SESSION_TOKEN": creds["SessionToken"]}

    # -- flows
    def create_device(self, name="alice"):
        out = os.path.join(self.tmp, name + ".seed")
        r = self.aws("iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", name,
                     "--outfile", out, "--bootstrap-method", "Base32StringSeed")
        assert r.returncode == 0, r.stderr
        serial = "arn:aws:iam::%s:mfa/%s" % (ACCOUNT, name)
        assert json.loads(r.stdout) == {"VirtualMFADevice": {"SerialNumber": serial}}
        with open(out) as f:
            seed = f.read()
        return serial, seed

    def enable(self, serial, seed, user="alice"):
        """Codes for the previous and the current step (consecutive)."""
        return self.aws("iam", "enable-mfa-device", "--user-name", user, "--serial-number",
                        serial, "--authentication-code1", ref_code(seed, self.t - 30),
                        "--authentication-code2", ref_code(seed, self.t))

    def enroll(self, name="alice"):
        serial, seed = self.create_device(name)
        r = self.enable(serial, seed)
        assert r.returncode == 0 and r.stdout == "", r.stderr
        self.advance(30)  # the enable used the current step; move on to a fresh one
        return serial, seed

    def gst(self, serial, code, *extra, env=None):
        return self.aws("sts", "get-session-token", "--serial-number", serial,
                        "--token-code", code, *extra, env=env)


def err_line(r):
    lines = [ln for ln in r.stderr.split("\n") if ln.startswith("An error occurred")]
    assert len(lines) == 1, r.stderr
    return lines[0]


def sign_request(url, key, secret, body, service, token=None, method="POST"):
    """Minimal independent SigV4 signer for requests the CLI cannot send."""
    u = urllib.parse.urlsplit(url)
    now = datetime.datetime.now(datetime.timezone.utc)
    amz = now.strftime("%Y%m%dT%H%M%SZ")
    scope = "%s/us-east-1/%s/aws4_request" % (amz[:8], service)
    headers = {"host": u.netloc, "x-amz-date": amz}
    if method == "POST":
        headers["content-type"] = "application/x-www-form-urlencoded; charset=utf-8"
    if token:
        headers["x-amz-security-token"] = token
    names = sorted(headers)
    query = "" if method == "POST" else body
    cq = "&".join("%s=%s" % (urllib.parse.quote(k, safe="-_.~"),
                             urllib.parse.quote(v, safe="-_.~"))
                  for k, v in sorted(urllib.parse.parse_qsl(query)))
    payload = body.encode() if method == "POST" else b""
    creq = "\n".join([method, "/", cq, "".join("%s:%s\n" % (h, headers[h]) for h in names),
                      ";".join(names), hashlib.sha256(payload).hexdigest()])
    sts = "\n".join(["AWS4-HMAC-SHA256", amz, scope,
                     hashlib.sha256(creq.encode()).hexdigest()])
    k = ("AWS4" + secret).encode()
    for part in (amz[:8], "us-east-1", service, "aws4_request"):
        k = hmac.new(k, part.encode(), hashlib.sha256).digest()
    sig = hmac.new(k, sts.encode(), hashlib.sha256).hexdigest()
    headers["authorization"] = ("AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, "
                                "Signature=%s" % (key, scope, ";".join(names), sig))
    full = url + "/" + ("?" + query if query else "")
    req = urllib.request.Request(full, data=payload if method == "POST" else None,
                                 headers=headers, method=method)
    try:
        with urllib.request.urlopen(req) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def query(emu, action, creds=None, service="sts", **params):
    """One signed query-protocol call without the CLI (milliseconds instead of a second
    of CLI start-up): (HTTP status, {tag: text} of every leaf element). `creds` is a
    dict with AccessKeyId/SecretAccessKey[/SessionToken]; default: alice's keys."""
    if creds is None:
        creds = {"AccessKeyId": emu.user["AccessKeyId"],
                 "SecretAccessKey": emu.user["SecretAccessKey"]}
    version = "2011-06-15" if service == "sts" else "2010-05-08"
    body = urllib.parse.urlencode(dict({"Action": action, "Version": version}, **params))
    status, text = sign_request(emu.url, creds["AccessKeyId"], creds["SecretAccessKey"], body,
                                service, token=creds.get("SessionToken"))
    root = ET.fromstring(text)
    return status, {el.tag.split("}")[-1]: el.text for el in root.iter() if len(el) == 0}
