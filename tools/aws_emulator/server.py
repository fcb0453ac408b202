#!/usr/bin/python3
"""Local STS/IAM emulator speaking the AWS query protocol (stdlib only).

Usage:
  /usr/bin/python3 tools/aws_emulator/server.py --state FILE [--port 0]
      [--clock-file FILE | --time-offset S] [--check-skew] [--verbose]

Prints exactly one line `listening http://127.0.0.1:PORT` on stdout when ready.
One server answers both `aws sts … --endpoint-url` and `aws iam … --endpoint-url`;
the service is taken from the SigV4 credential scope (…/sts/aws4_request or
…/iam/aws4_request), falling back to the Action name.

Behaviour follows docs/aws.md §3 (texts, HTTP codes, XML envelopes):
  * SigV4: the access key id must be known (else 403 InvalidClientTokenId) and the
    signature is verified (else 403 SignatureDoesNotMatch). Session credentials
    (ASIA…) must carry the matching X-Amz-Security-Token and be unexpired
    (else 403 ExpiredToken).
  * TOTP: RFC 6238, HMAC-SHA1, 6 digits, 30 s, ±1 step. A device remembers the last
    step it accepted; a code for that step or an older one is rejected (replay).
  * The clock is injectable: --clock-file (a file with a unix time float, re-read
    on every request), else the state's clock (admin.py set-clock), plus
    --time-offset. Signature-date skew is checked against that clock only with
    --check-skew (the CLI signs with the real host time).
  * Faults (admin.py fault) and the per-action request log live in the state.
  * Roles (admin.py add-role) with trust policies (trust.py), AssumeRole with its MFA
    context, duration limits and role chaining, GetFederationToken (docs/aws.md §5.1-5.3).
  * The console federation endpoint under /federation (federation.py, docs/aws.md §5.4).
  * Every answer carries a Date header from the emulator clock (docs/aws.md §5.5).
"""

import argparse
import base64
import datetime
import email.utils
import hashlib
import hmac
import os
import re
import secrets
import sys
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emustate  # noqa: E402
import federation  # noqa: E402
import qrpng  # noqa: E402
import totp  # noqa: E402
import trust  # noqa: E402

STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/"
IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/"
STS_VERSION = "2011-06-15"
IAM_VERSION = "2010-05-08"

STS_ACTIONS = {"GetSessionToken", "GetCallerIdentity", "AssumeRole", "GetFederationToken"}
IAM_ACTIONS = {"CreateVirtualMFADevice", "EnableMFADevice", "ResyncMFADevice",
               "ListMFADevices", "DeactivateMFADevice", "DeleteVirtualMFADevice",
               "ListVirtualMFADevices", "GetUser"}

MAX_MFA_DEVICES_PER_USER = 8

# Exact texts (docs/aws.md §3.1 table).
MSG_INVALID_CODE = "MultiFactorAuthentication failed with invalid MFA one time pass code. "
MSG_BAD_SERIAL = ("MultiFactorAuthentication failed, unable to validate MFA code.  "
                  "Please verify your MFA serial number is valid and associated with this user.")
MSG_NEED_BOTH = ("MultiFactorAuthentication failed, must provide both MFA serial number "
                 "and one time pass code.")
MSG_SESSION_GST = "Cannot call GetSessionToken with session credentials"
MSG_SESSION_GFT = "Cannot call GetFederationToken with session credentials"
MSG_NOT_AUTHORIZED = "User: %s is not authorized to perform: sts:AssumeRole on resource: %s"
MSG_ROLE_MAX = "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."
MSG_CHAINING = ("The requested DurationSeconds exceeds the 1 hour session limit for roles "
                "assumed by role chaining.")
CHAINING_MAX = 3600
MSG_INVALID_TOKEN = "The security token included in the request is invalid."
MSG_EXPIRED_TOKEN = "The security token included in the request is expired"
MSG_BAD_SIGNATURE = ("The request signature we calculated does not match the signature you "
                     "provided. Check your AWS Secret Access Key and signing method. Consult "
                     "the service documentation for details.")
MSG_INVALID_AUTH_CODE = "Authentication code for device is not valid."
MSG_MFA_EXISTS = "MFADevice entity at the same path and name already exists."


class ApiError(Exception):
    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class Validation:
    """Collects model-constraint violations like AWS's `N validation error(s) detected`."""

    def __init__(self):
        self.errors = []

    def check(self, value, member, min_len=None, max_len=None, pattern=None,
              min_val=None, max_val=None):
        if value is None:
            return
        if min_len is not None and len(value) < min_len:
            self._add(value, member, "Member must have length greater than or equal to %d" % min_len)
        if max_len is not None and len(value) > max_len:
            self._add(value, member, "Member must have length less than or equal to %d" % max_len)
        if pattern is not None and not re.fullmatch(pattern, value, re.ASCII):
            self._add(value, member, "Member must satisfy regular expression pattern: %s" % pattern)
        if min_val is not None and value < min_val:
            self._add(value, member, "Member must have value greater than or equal to %d" % min_val)
        if max_val is not None and value > max_val:
            self._add(value, member, "Member must have value less than or equal to %d" % max_val)

    def _add(self, value, member, what):
        self.errors.append("Value '%s' at '%s' failed to satisfy constraint: %s"
                           % (value, member, what))

    def raise_if_any(self):
        if self.errors:
            n = len(self.errors)
            raise ApiError(400, "ValidationError", "%d validation error%s detected: %s"
                           % (n, "" if n == 1 else "s", "; ".join(self.errors)))


def iso(t):
    return datetime.datetime.fromtimestamp(int(t), datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%SZ")


def amz_date_to_epoch(s):
    return datetime.datetime.strptime(s, "%Y%m%dT%H%M%SZ").replace(
        tzinfo=datetime.timezone.utc).timestamp()


# --------------------------------------------------------------------------- SigV4

AUTH_RE = re.compile(
    r"AWS4-HMAC-SHA256\s+Credential=(?P<cred>[^,\s]+)\s*,\s*"
    r"SignedHeaders=(?P<sh>[^,\s]+)\s*,\s*Signature=(?P<sig>[0-9a-f]+)")


def _sha256(b):
    return hashlib.sha256(b).hexdigest()


def _hmac(key, msg):
    return hmac.new(key, msg.encode("utf-8"), hashlib.sha256).digest()


def canonical_query(qs):
    pairs = urllib.parse.parse_qsl(qs, keep_blank_values=True)
    q = lambda s: urllib.parse.quote(s, safe="-_.~")  # noqa: E731
    return "&".join("%s=%s" % (q(k), q(v)) for k, v in sorted(pairs))


def sigv4_signature(secret, method, path, query, headers, signed_headers, payload,
                    amz_date, scope):
    """AWS Signature Version 4 (docs: "Create a signed AWS API request")."""
    canon_headers = "".join(
        "%s:%s\n" % (h, " ".join(headers.get(h, "").split())) for h in signed_headers)
    payload_hash = headers.get("x-amz-content-sha256") or _sha256(payload)
    canon_uri = urllib.parse.quote(path or "/", safe="/~")
    creq = "\n".join([method, canon_uri, canonical_query(query), canon_headers,
                      ";".join(signed_headers), payload_hash])
    sts = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, _sha256(creq.encode("utf-8"))])
    date, region, service, _ = scope.split("/")
    k = _hmac(("AWS4" + secret).encode("utf-8"), date)
    k = _hmac(k, region)
    k = _hmac(k, service)
    k = _hmac(k, "aws4_request")
    return hmac.new(k, sts.encode("utf-8"), hashlib.sha256).hexdigest()


# --------------------------------------------------------------------------- server


class Emulator:
    def __init__(self, state_path, clock_file=None, time_offset=0.0, check_skew=False,
                 verbose=False):
        self.state_path = state_path
        self.clock_file = clock_file
        self.time_offset = time_offset
        self.check_skew = check_skew
        self.verbose = verbose
        self.lock = threading.Lock()

    # -- clock
    def now(self, st):
        if self.clock_file:
            with open(self.clock_file, "r", encoding="ascii") as f:
                base = float(f.read().strip())
        elif st["clock"].get("at") is not None:
            base = float(st["clock"]["at"])
        else:
            base = time.time() + float(st["clock"].get("offset") or 0.0)
        return base + self.time_offset

    # -- request entry point
    def handle(self, method, path, query, headers, body):
        """Returns (status, body, content type, extra headers); extra headers always
        hold `Date` from the emulator clock (RFC 7231 §7.1.1.2 IMF-fixdate)."""
        with self.lock, emustate.locked(self.state_path) as st:
            now = self.now(st)
            extra = {"Date": email.utils.formatdate(now, usegmt=True)}
            params = {}
            if query:
                params.update(dict(urllib.parse.parse_qsl(query, keep_blank_values=True)))
            if body:
                params.update(dict(urllib.parse.parse_qsl(body.decode("utf-8", "replace"),
                                                          keep_blank_values=True)))
            action = params.get("Action", "")
            if path.rstrip("/") == "/federation":
                entry = {"action": action or None, "service": "federation", "time": now}
                try:
                    status, out, ctype, more = federation.serve(self, st, method, params,
                                                                now, entry)
                    extra.update(more)
                    return status, out, ctype, extra
                finally:
                    self.log(st, entry)
            auth = AUTH_RE.match(headers.get("authorization", ""))
            service = auth.group("cred").split("/")[3] if auth and \
                auth.group("cred").count("/") == 4 else None
            if service not in ("sts", "iam"):
                service = "iam" if action in IAM_ACTIONS else "sts"
            ns = IAM_NS if service == "iam" else STS_NS
            req_id = str(uuid.uuid4())
            entry = {"action": action or None, "service": service, "time": now,
                     "access_key_id": auth.group("cred").split("/")[0] if auth else None,
                     "token_code": params.get("TokenCode"),
                     "serial_number": params.get("SerialNumber"),
                     "role_arn": params.get("RoleArn"),
                     "duration_seconds": params.get("DurationSeconds"),
                     "user": None, "caller_arn": None}
            try:
                fault = st["fault"]
                if fault.get("remaining", 0) > 0 and fault.get("kind"):
                    fault["remaining"] -= 1
                    kind = fault["kind"]
                    if fault["remaining"] <= 0:
                        fault["kind"], fault["remaining"] = None, 0
                    if kind == "garbage":
                        entry.update(status=200, code="garbage")
                        return 200, b"<<<this is not XML \x00\xff garbage", "text/xml", extra
                    if kind == "throttle":
                        raise ApiError(400, "Throttling", "Rate exceeded")
                    raise ApiError(500, "InternalFailure",
                                   "The request processing has failed because of an "
                                   "unknown error, exception or failure.")
                caller = self.authenticate(st, method, path, query, headers, body, auth, now)
                entry["user"] = caller["user"]
                entry["caller_arn"] = self.caller_arn(st, caller)
                if service == "sts" and action not in STS_ACTIONS or \
                        service == "iam" and action not in IAM_ACTIONS:
                    raise ApiError(400, "InvalidAction", "Could not find operation %s for "
                                   "version %s" % (action, STS_VERSION if service == "sts"
                                                   else IAM_VERSION))
                if service == "iam" and (caller["kind"] == "federated" or
                                         caller["kind"] == "user" and caller["session"] and
                                         not caller["mfa"]):
                    # GetSessionToken sessions without MFA and GetFederationToken sessions
                    # cannot call IAM (docs/aws.md §0.10, §5.3).
                    raise ApiError(403, "InvalidClientTokenId", MSG_INVALID_TOKEN)
                inner = getattr(self, "op_" + action)(st, params, caller, now)
                xml = self.success_xml(action, ns, inner, req_id)
                entry.update(status=200, code=None)
                return 200, xml.encode("utf-8"), "text/xml", extra
            except ApiError as e:
                entry.update(status=e.status, code=e.code)
                return (e.status, self.error_xml(ns, e, req_id).encode("utf-8"), "text/xml",
                        extra)
            finally:
                self.log(st, entry)

    def log(self, st, entry):
        reqs = st["requests"]
        reqs["seq"] += 1
        entry["seq"] = reqs["seq"]
        key = entry.get("action") or "-"
        reqs["counts"][key] = reqs["counts"].get(key, 0) + 1
        reqs["log"].append(entry)
        del reqs["log"][:-emustate.MAX_LOG]
        if self.verbose:
            print("emulator: #%d %s %s -> %s %s" % (
                entry["seq"], entry.get("service"), entry.get("action"), entry.get("status"),
                entry.get("code") or ""), file=sys.stderr, flush=True)

    @staticmethod
    def success_xml(action, ns, inner, req_id):
        result = "<%sResult>%s</%sResult>" % (action, inner, action) if inner is not None else ""
        return ('<%sResponse xmlns="%s">\n  %s\n  <ResponseMetadata>\n    <RequestId>%s'
                '</RequestId>\n  </ResponseMetadata>\n</%sResponse>\n'
                % (action, ns, result, req_id, action))

    @staticmethod
    def error_xml(ns, e, req_id):
        return ('<ErrorResponse xmlns="%s">\n  <Error>\n    <Type>%s</Type>\n'
                '    <Code>%s</Code>\n    <Message>%s</Message>\n  </Error>\n'
                '  <RequestId>%s</RequestId>\n</ErrorResponse>\n'
                % (ns, "Receiver" if e.status >= 500 else "Sender", escape(e.code),
                   escape(e.message), req_id))

    # -- authentication
    def authenticate(self, st, method, path, query, headers, body, auth, now):
        if not headers.get("authorization"):
            raise ApiError(403, "MissingAuthenticationToken", "Request is missing "
                           "Authentication Token")
        if not auth:
            raise ApiError(400, "IncompleteSignature", "Authorization header requires "
                           "'Credential', 'SignedHeaders' and 'Signature' parameters.")
        cred = auth.group("cred").split("/")
        if len(cred) != 5 or cred[4] != "aws4_request":
            raise ApiError(400, "IncompleteSignature", "Credential should be scoped to a "
                           "valid region.")
        key_id = cred[0]
        caller = None
        for name, u in st["users"].items():
            for k in u["access_keys"]:
                if k["id"] == key_id and k.get("status", "Active") == "Active":
                    caller = {"kind": "user", "user": name, "secret": k["secret"],
                              "session": False, "mfa": False, "mfa_time": None}
        sess = st["sessions"].get(key_id)
        if sess is not None and self.session_alive(st, sess):
            if not hmac.compare_digest(headers.get("x-amz-security-token", ""), sess["token"]):
                raise ApiError(403, "InvalidClientTokenId", MSG_INVALID_TOKEN)
            caller = self.session_caller(sess)
        if caller is None:
            raise ApiError(403, "InvalidClientTokenId", MSG_INVALID_TOKEN)
        amz_date = headers.get("x-amz-date", "")
        signed = auth.group("sh").split(";")
        scope = "/".join(cred[1:])
        want = sigv4_signature(caller["secret"], method, path, query, headers, signed,
                               body, amz_date, scope)
        if not hmac.compare_digest(want, auth.group("sig")):
            raise ApiError(403, "SignatureDoesNotMatch", MSG_BAD_SIGNATURE)
        if self.check_skew:
            try:
                t = amz_date_to_epoch(amz_date)
            except ValueError:
                raise ApiError(400, "IncompleteSignature", "Date must be in ISO-8601 "
                               "'basic format'.") from None
            fmt = lambda x: datetime.datetime.fromtimestamp(  # noqa: E731
                int(x), datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
            if t < now - 900:
                raise ApiError(403, "SignatureDoesNotMatch", "Signature expired: %s is now "
                               "earlier than %s (%s - 15 min.)"
                               % (amz_date, fmt(now - 900), fmt(now)))
            if t > now + 900:
                raise ApiError(403, "SignatureDoesNotMatch", "Signature not yet current: "
                               "%s is still later than %s (%s + 15 min.)"
                               % (amz_date, fmt(now + 900), fmt(now)))
        if caller["session"] and sess["expiration"] <= now:
            raise ApiError(403, "ExpiredToken", MSG_EXPIRED_TOKEN)
        return caller

    # -- callers and sessions
    @staticmethod
    def session_alive(st, sess):
        """The session's principal still exists (its expiry is checked later)."""
        if sess.get("user") is not None and sess["user"] not in st["users"]:
            return False
        return sess.get("kind", "user") != "role" or sess.get("role") in st["roles"]

    @staticmethod
    def session_caller(sess):
        """kind: user (GetSessionToken), role (AssumeRole), federated (GetFederationToken)."""
        return {"kind": sess.get("kind", "user"), "user": sess.get("user"),
                "secret": sess["secret"], "session": True, "mfa": bool(sess.get("mfa")),
                "mfa_time": sess.get("mfa_time"), "role": sess.get("role"),
                "session_name": sess.get("session_name"), "fed_name": sess.get("fed_name")}

    def role_arn(self, st, name):
        r = st["roles"][name]
        return "arn:aws:iam::%s:role%s%s" % (st["account_id"], r.get("path", "/"), name)

    def caller_arn(self, st, caller):
        if caller["kind"] == "role":
            return "arn:aws:sts::%s:assumed-role/%s/%s" % (st["account_id"], caller["role"],
                                                           caller["session_name"])
        if caller["kind"] == "federated":
            return "arn:aws:sts::%s:federated-user/%s" % (st["account_id"], caller["fed_name"])
        return self.user_arn(st, caller["user"])

    def caller_user_id(self, st, caller):
        if caller["kind"] == "role":
            return "%s:%s" % (st["roles"][caller["role"]]["role_id"], caller["session_name"])
        if caller["kind"] == "federated":
            return "%s:%s" % (st["account_id"], caller["fed_name"])
        return st["users"][caller["user"]]["user_id"]

    @staticmethod
    def new_session(st, now, duration, **fields):
        """Stores fresh session credentials; returns (key id, secret, token, expiration)."""
        key_id = emustate.random_id("ASIA")
        secret = emustate.random_secret(40)
        token = "FwoGZXIvYXdzE" + base64.b64encode(secrets.token_bytes(240)).decode("ascii")
        expiration = int(now) + duration
        # Forget sessions that expired more than a day ago (keeps the file small).
        for k in [k for k, s in st["sessions"].items() if s["expiration"] < now - 86400]:
            del st["sessions"][k]
        sess = {"secret": secret, "token": token, "expiration": expiration, "issued": now}
        sess.update(fields)
        st["sessions"][key_id] = sess
        return key_id, secret, token, expiration

    @staticmethod
    def credentials_xml(key_id, secret, token, expiration):
        return ("\n    <Credentials>\n      <SessionToken>%s</SessionToken>\n"
                "      <SecretAccessKey>%s</SecretAccessKey>\n"
                "      <Expiration>%s</Expiration>\n      <AccessKeyId>%s</AccessKeyId>\n"
                "    </Credentials>\n" % (token, escape(secret), iso(expiration), key_id))

    def check_token_code(self, st, caller, serial, code, now):
        """SerialNumber + TokenCode as GetSessionToken checks them (docs/aws.md §3.1):
        both or neither, a device of the calling IAM user, ±1 step, no step reused.
        Returns True when a code was checked (and its step spent), False for neither."""
        if serial is None and code is None:
            return False
        if not serial or not code:
            raise ApiError(403, "AccessDenied", MSG_NEED_BOTH)
        dev = st["mfa_devices"].get(serial)
        if dev is None or caller["kind"] != "user" or dev.get("user") != caller["user"]:
            raise ApiError(403, "AccessDenied", MSG_BAD_SERIAL)
        cur = totp.step_of(now)
        last = dev.get("last_step")
        ok = [s for s in totp.matching_steps(dev["seed"], code, [cur, cur - 1, cur + 1])
              if last is None or s > last]
        if not ok:
            raise ApiError(403, "AccessDenied", MSG_INVALID_CODE)
        dev["last_step"] = ok[0]
        return True

    @staticmethod
    def duration(params, v, member, default, lo, hi):
        raw = params.get("DurationSeconds")
        if raw is None:
            return default
        try:
            d = int(raw)
        except ValueError:
            raise ApiError(400, "MalformedInput", "Invalid value for DurationSeconds: "
                           "%s" % raw) from None
        v.check(d, member, min_val=lo, max_val=hi)
        return d

    # -- helpers
    def user_arn(self, st, name):
        u = st["users"][name]
        return "arn:aws:iam::%s:user%s%s" % (st["account_id"], u.get("path", "/"), name)

    def user_xml(self, st, name, tag="User"):
        u = st["users"][name]
        return ("<%s><Path>%s</Path><UserName>%s</UserName><UserId>%s</UserId><Arn>%s</Arn>"
                "<CreateDate>%s</CreateDate></%s>"
                % (tag, escape(u.get("path", "/")), escape(name), u["user_id"],
                   escape(self.user_arn(st, name)), iso(u["create_date"]), tag))

    def target_user(self, st, params, caller, required=False):
        name = params.get("UserName")
        if name is None:
            if required:
                raise ApiError(400, "ValidationError", "1 validation error detected: Value "
                               "null at 'userName' failed to satisfy constraint: Member "
                               "must not be null")
            if caller["kind"] != "user":
                raise ApiError(400, "ValidationError", "Must specify userName when calling "
                               "with non-User credentials")
            return caller["user"]
        v = Validation()
        v.check(name, "userName", min_len=1, max_len=128, pattern=r"[\w+=,.@-]+")
        v.raise_if_any()
        if name not in st["users"]:
            raise ApiError(404, "NoSuchEntity", "The user with name %s cannot be found." % name)
        return name

    @staticmethod
    def required(params, *names):
        v = Validation()
        for n in names:
            if params.get(n) is None:
                member = n[0].lower() + n[1:]
                v.errors.append("Value null at '%s' failed to satisfy constraint: Member "
                                "must not be null" % member)
        v.raise_if_any()

    @staticmethod
    def check_consecutive(dev, code1, code2, now):
        """EnableMFADevice/ResyncMFADevice: code1 at step s, code2 at s+1, s+1 within ±1
        of the current step, and s newer than any step the device already used."""
        cur = totp.step_of(now)
        last = dev.get("last_step")
        for s2 in (cur, cur - 1, cur + 1):
            s1 = s2 - 1
            if last is not None and s1 <= last:
                continue
            if totp.matching_steps(dev["seed"], code1, [s1]) and \
                    totp.matching_steps(dev["seed"], code2, [s2]):
                return s2
        raise ApiError(403, "InvalidAuthenticationCode", MSG_INVALID_AUTH_CODE)

    def find_device(self, st, serial):
        dev = st["mfa_devices"].get(serial)
        if dev is None:
            raise ApiError(404, "NoSuchEntity", "MFA Device with serial number %s does "
                           "not exist." % serial)
        return dev

    # -- STS
    def op_GetCallerIdentity(self, st, params, caller, now):
        return ("\n    <Arn>%s</Arn>\n    <UserId>%s</UserId>\n    <Account>%s</Account>\n  "
                % (escape(self.caller_arn(st, caller)), escape(self.caller_user_id(st, caller)),
                   st["account_id"]))

    def mfa_params(self, params, v):
        serial, code = params.get("SerialNumber"), params.get("TokenCode")
        v.check(serial, "serialNumber", min_len=9, max_len=256, pattern=r"[\w+=/:,.@-]*")
        v.check(code, "tokenCode", min_len=6, max_len=6, pattern=r"[\d]*")
        return serial, code

    def op_GetSessionToken(self, st, params, caller, now):
        v = Validation()
        duration = self.duration(params, v, "durationSeconds", 43200, 900, 129600)
        serial, code = self.mfa_params(params, v)
        v.raise_if_any()
        if caller["session"]:
            raise ApiError(403, "AccessDenied", MSG_SESSION_GST)
        mfa = self.check_token_code(st, caller, serial, code, now)
        creds = self.new_session(st, now, duration, kind="user", user=caller["user"], mfa=mfa,
                                 mfa_time=now if mfa else None)
        return self.credentials_xml(*creds) + "  "

    @staticmethod
    def packed_policy_size(params):
        """Present only when session policies were passed. The value is a guess: the
        share of the 2048-character limit the plain text uses (docs/aws.md §5.2)."""
        text = params.get("Policy") or ""
        arns = [v for k, v in params.items() if k.startswith("PolicyArns.member.")]
        if not text and not arns:
            return ""
        used = len(text) + sum(len(a) for a in arns)
        return "    <PackedPolicySize>%d</PackedPolicySize>\n" % min(100, used * 100 // 2048)

    def op_GetFederationToken(self, st, params, caller, now):
        self.required(params, "Name")
        v = Validation()
        name = params["Name"]
        v.check(name, "name", min_len=2, max_len=32, pattern=r"[\w+=,.@-]*")
        duration = self.duration(params, v, "durationSeconds", 43200, 900, 129600)
        v.raise_if_any()
        if caller["session"]:
            raise ApiError(403, "AccessDenied", MSG_SESSION_GFT)
        creds = self.new_session(st, now, duration, kind="federated", user=caller["user"],
                                 fed_name=name, mfa=False, mfa_time=None, chained=False)
        acct = st["account_id"]
        return (self.credentials_xml(*creds) +
                "    <FederatedUser>\n      <FederatedUserId>%s:%s</FederatedUserId>\n"
                "      <Arn>arn:aws:sts::%s:federated-user/%s</Arn>\n    </FederatedUser>\n"
                % (acct, escape(name), acct, escape(name)) +
                self.packed_policy_size(params) + "  ")

    def role_by_arn(self, st, arn):
        for name in st["roles"]:
            if self.role_arn(st, name) == arn:
                return name
        return None

    def op_AssumeRole(self, st, params, caller, now):
        """docs/aws.md §5.1: trust policy, MFA context, duration limits, role chaining."""
        self.required(params, "RoleArn", "RoleSessionName")
        v = Validation()
        role_arn, name, ext = params["RoleArn"], params["RoleSessionName"], \
            params.get("ExternalId")
        v.check(role_arn, "roleArn", min_len=20, max_len=2048)
        v.check(name, "roleSessionName", min_len=2, max_len=64, pattern=r"[\w+=,.@-]*")
        duration = self.duration(params, v, "durationSeconds", 3600, 900, 43200)
        v.check(ext, "externalId", min_len=2, max_len=1224, pattern=r"[\w+=,.@:\/-]*")
        serial, code = self.mfa_params(params, v)
        v.raise_if_any()
        me = self.caller_arn(st, caller)
        denied = ApiError(403, "AccessDenied", MSG_NOT_AUTHORIZED % (me, role_arn))
        if caller["kind"] == "federated":
            raise denied  # GetFederationToken sessions may call no STS action but
            # GetCallerIdentity (STS API Reference, GetFederationToken "Permissions")
        code_checked = self.check_token_code(st, caller, serial, code, now)
        role = self.role_by_arn(st, role_arn)
        if role is None:
            raise denied
        if code_checked:
            mfa, mfa_time = True, now
        else:  # a session's MFA context carries over (docs/aws.md §5.1)
            mfa, mfa_time = caller["mfa"], caller["mfa_time"]
        ctx = {}
        if caller["session"] or code_checked:
            ctx["aws:multifactorauthpresent"] = "true" if mfa else "false"
        if mfa and mfa_time is not None:
            ctx["aws:multifactorauthage"] = str(int(max(0, now - mfa_time)))
        if ext is not None:
            ctx["sts:externalid"] = ext
        principals = [me]
        if caller["kind"] == "role":
            principals.append(self.role_arn(st, caller["role"]))
        if not trust.allows(st["roles"][role]["trust_policy"], principals, st["account_id"],
                            ctx):
            raise denied
        if duration > st["roles"][role]["max_session_duration"]:
            raise ApiError(400, "ValidationError", MSG_ROLE_MAX)
        if caller["session"] and duration > CHAINING_MAX:
            raise ApiError(400, "ValidationError", MSG_CHAINING)
        creds = self.new_session(st, now, duration, kind="role", user=caller["user"],
                                 role=role, session_name=name, mfa=mfa, mfa_time=mfa_time,
                                 chained=caller["session"], source_arn=me)
        acct = st["account_id"]
        return (self.credentials_xml(*creds) +
                "    <AssumedRoleUser>\n      <AssumedRoleId>%s:%s</AssumedRoleId>\n"
                "      <Arn>arn:aws:sts::%s:assumed-role/%s/%s</Arn>\n    </AssumedRoleUser>\n"
                % (st["roles"][role]["role_id"], escape(name), acct, escape(role),
                   escape(name)) + self.packed_policy_size(params) + "  ")

    # -- IAM
    def op_GetUser(self, st, params, caller, now):
        return self.user_xml(st, self.target_user(st, params, caller))

    def op_CreateVirtualMFADevice(self, st, params, caller, now):
        self.required(params, "VirtualMFADeviceName")
        name, path = params["VirtualMFADeviceName"], params.get("Path", "/")
        v = Validation()
        v.check(name, "virtualMFADeviceName", min_len=1, pattern=r"[\w+=,.@-]+")
        v.check(path, "path", min_len=1, max_len=512,
                pattern=r"(\u002F)|(\u002F[\u0021-\u007F]+\u002F)")
        v.raise_if_any()
        if any(d["name"] == name for d in st["mfa_devices"].values()):
            raise ApiError(409, "EntityAlreadyExists", MSG_MFA_EXISTS)
        serial = "arn:aws:iam::%s:mfa%s%s" % (st["account_id"], path, name)
        # 40 random bytes -> 64 base32 characters, no padding (like AWS and moto).
        seed = base64.b32encode(secrets.token_bytes(40)).decode("ascii")
        st["mfa_devices"][serial] = {"name": name, "path": path, "seed": seed, "user": None,
                                     "enable_date": None, "last_step": None,
                                     "create_date": now}
        uri = "otpauth://totp/%s@%s?secret=%s" % (name, st["account_id"], seed)
        png = qrpng.qr_png(uri)
        return ("<VirtualMFADevice><SerialNumber>%s</SerialNumber>"
                "<Base32StringSeed>%s</Base32StringSeed><QRCodePNG>%s</QRCodePNG>"
                "</VirtualMFADevice>"
                % (escape(serial), base64.b64encode(seed.encode("ascii")).decode("ascii"),
                   base64.b64encode(png).decode("ascii")))

    def _codes(self, params):
        self.required(params, "UserName", "SerialNumber", "AuthenticationCode1",
                      "AuthenticationCode2")
        v = Validation()
        v.check(params["SerialNumber"], "serialNumber", min_len=9, max_len=256,
                pattern=r"[\w+=/:,.@-]+")
        for n in ("AuthenticationCode1", "AuthenticationCode2"):
            v.check(params[n], "authenticationCode" + n[-1], min_len=6, max_len=6,
                    pattern=r"[\d]+")
        v.raise_if_any()
        return params["AuthenticationCode1"], params["AuthenticationCode2"]

    def op_EnableMFADevice(self, st, params, caller, now):
        code1, code2 = self._codes(params)
        user = self.target_user(st, params, caller, required=True)
        dev = self.find_device(st, params["SerialNumber"])
        if dev.get("user"):
            raise ApiError(409, "EntityAlreadyExists", "MFA Device is already in use.")
        if sum(1 for d in st["mfa_devices"].values() if d.get("user") == user) \
                >= MAX_MFA_DEVICES_PER_USER:
            raise ApiError(409, "LimitExceeded", "Cannot exceed quota for "
                           "MFADevicesPerUser: %d" % MAX_MFA_DEVICES_PER_USER)
        dev["last_step"] = self.check_consecutive(dev, code1, code2, now)
        dev["user"], dev["enable_date"] = user, now
        return None

    def op_ResyncMFADevice(self, st, params, caller, now):
        code1, code2 = self._codes(params)
        user = self.target_user(st, params, caller, required=True)
        dev = self.find_device(st, params["SerialNumber"])
        if dev.get("user") != user:
            raise ApiError(404, "NoSuchEntity", "MFA Device with serial number %s not "
                           "found for user %s." % (params["SerialNumber"], user))
        dev["last_step"] = self.check_consecutive(dev, code1, code2, now)
        return None

    def op_DeactivateMFADevice(self, st, params, caller, now):
        self.required(params, "SerialNumber")
        user = self.target_user(st, params, caller)
        dev = self.find_device(st, params["SerialNumber"])
        if dev.get("user") != user:
            raise ApiError(404, "NoSuchEntity", "MFA Device with serial number %s not "
                           "found for user %s." % (params["SerialNumber"], user))
        dev["user"], dev["enable_date"] = None, None
        return None

    def op_DeleteVirtualMFADevice(self, st, params, caller, now):
        self.required(params, "SerialNumber")
        dev = self.find_device(st, params["SerialNumber"])
        if dev.get("user"):
            raise ApiError(409, "DeleteConflict", "MFA Device is still in use by a user; "
                           "deactivate it first.")
        del st["mfa_devices"][params["SerialNumber"]]
        return None

    def op_ListMFADevices(self, st, params, caller, now):
        user = self.target_user(st, params, caller)
        members = "".join(
            "<member><UserName>%s</UserName><SerialNumber>%s</SerialNumber>"
            "<EnableDate>%s</EnableDate></member>"
            % (escape(user), escape(serial), iso(d["enable_date"]))
            for serial, d in sorted(st["mfa_devices"].items()) if d.get("user") == user)
        return "<MFADevices>%s</MFADevices><IsTruncated>false</IsTruncated>" % members

    def op_ListVirtualMFADevices(self, st, params, caller, now):
        status = params.get("AssignmentStatus", "Any")  # AWS default: Any
        if status not in ("Assigned", "Unassigned", "Any"):
            raise ApiError(400, "ValidationError", "1 validation error detected: Value '%s' "
                           "at 'assignmentStatus' failed to satisfy constraint: Member must "
                           "satisfy enum value set: [Unassigned, Any, Assigned]" % status)
        out = []
        for serial, d in sorted(st["mfa_devices"].items()):
            assigned = bool(d.get("user")) and d["user"] in st["users"]
            if status == "Assigned" and not assigned or status == "Unassigned" and assigned:
                continue
            extra = ""
            if assigned:
                extra = self.user_xml(st, d["user"]) + \
                    "<EnableDate>%s</EnableDate>" % iso(d["enable_date"])
            out.append("<member><SerialNumber>%s</SerialNumber>%s</member>"
                       % (escape(serial), extra))
        return ("<VirtualMFADevices>%s</VirtualMFADevices><IsTruncated>false</IsTruncated>"
                % "".join(out))


def make_handler(emu):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "keybridge-aws-emulator"
        sys_version = ""

        def _serve(self):
            u = urllib.parse.urlsplit(self.path)
            n = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(n) if n > 0 else b""
            headers = {k.lower(): v for k, v in self.headers.items()}
            try:
                status, out, ctype, extra = emu.handle(self.command, u.path, u.query, headers,
                                                       body)
            except Exception as e:  # never leak a traceback (or state) to the client
                print("emulator: internal error: %s" % type(e).__name__, file=sys.stderr,
                      flush=True)
                status, ctype, extra = 500, "text/xml", {}
                out = Emulator.error_xml(STS_NS, ApiError(500, "InternalFailure",
                                                          "emulator internal error"),
                                         str(uuid.uuid4())).encode()
            # send_response() adds Date from date_time_string(): the emulator clock's.
            self._date = extra.pop("Date", None)
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(out)))
            self.send_header("x-amzn-RequestId", str(uuid.uuid4()))
            for k, v in extra.items():
                self.send_header(k, v)
            self.end_headers()
            self._date = None
            self.wfile.write(out)

        def date_time_string(self, timestamp=None):
            date = getattr(self, "_date", None)
            return date or super().date_time_string(timestamp)

        do_POST = _serve
        do_GET = _serve

        def log_message(self, fmt, *args):
            pass  # request lines carry no secrets, but keep stderr quiet by default

    return Handler


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--state", required=True, help="state file (JSON, created if missing)")
    ap.add_argument("--port", type=int, default=0, help="port (0 = ephemeral)")
    ap.add_argument("--host", default="127.0.0.1")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--clock-file", help="file holding a unix time float, read per request")
    g.add_argument("--time-offset", type=float, default=0.0,
                   help="seconds added to the clock")
    ap.add_argument("--account-id", help="account id for a new state (default 123456789012)")
    ap.add_argument("--check-skew", action="store_true",
                    help="reject X-Amz-Date more than 15 min from the emulator clock")
    ap.add_argument("--verbose", action="store_true", help="log one line per request")
    a = ap.parse_args(argv)
    emustate.ensure(a.state, a.account_id)
    emu = Emulator(a.state, a.clock_file, a.time_offset or 0.0, a.check_skew, a.verbose)
    httpd = ThreadingHTTPServer((a.host, a.port), make_handler(emu))
    httpd.daemon_threads = True
    print("listening http://%s:%d" % (a.host, httpd.server_address[1]), flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()


if __name__ == "__main__":
    main()
