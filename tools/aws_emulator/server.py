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
"""

import argparse
import base64
import datetime
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
import qrpng  # noqa: E402
import totp  # noqa: E402

STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/"
IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/"
STS_VERSION = "2011-06-15"
IAM_VERSION = "2010-05-08"

STS_ACTIONS = {"GetSessionToken", "GetCallerIdentity"}
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
        if pattern is not None and not re.fullmatch(pattern, value):
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

    # -- request entry point; returns (status, body bytes, content type)
    def handle(self, method, path, query, headers, body):
        with self.lock, emustate.locked(self.state_path) as st:
            params = {}
            if query:
                params.update(dict(urllib.parse.parse_qsl(query, keep_blank_values=True)))
            if body:
                params.update(dict(urllib.parse.parse_qsl(body.decode("utf-8", "replace"),
                                                          keep_blank_values=True)))
            action = params.get("Action", "")
            auth = AUTH_RE.match(headers.get("authorization", ""))
            service = auth.group("cred").split("/")[3] if auth and \
                auth.group("cred").count("/") == 4 else None
            if service not in ("sts", "iam"):
                service = "iam" if action in IAM_ACTIONS else "sts"
            ns = IAM_NS if service == "iam" else STS_NS
            req_id = str(uuid.uuid4())
            entry = {"action": action or None, "service": service,
                     "access_key_id": auth.group("cred").split("/")[0] if auth else None,
                     "token_code": params.get("TokenCode")}
            try:
                fault = st["fault"]
                if fault.get("remaining", 0) > 0 and fault.get("kind"):
                    fault["remaining"] -= 1
                    kind = fault["kind"]
                    if fault["remaining"] <= 0:
                        fault["kind"], fault["remaining"] = None, 0
                    if kind == "garbage":
                        result = (200, b"<<<this is not XML \x00\xff garbage", "text/xml")
                        entry.update(status=200, code="garbage")
                        return result
                    if kind == "throttle":
                        raise ApiError(400, "Throttling", "Rate exceeded")
                    raise ApiError(500, "InternalFailure",
                                   "The request processing has failed because of an "
                                   "unknown error, exception or failure.")
                now = self.now(st)
                caller = self.authenticate(st, method, path, query, headers, body, auth, now)
                entry["user"] = caller["user"]
                if service == "sts" and action not in STS_ACTIONS or \
                        service == "iam" and action not in IAM_ACTIONS:
                    raise ApiError(400, "InvalidAction", "Could not find operation %s for "
                                   "version %s" % (action, STS_VERSION if service == "sts"
                                                   else IAM_VERSION))
                if service == "iam" and caller["session"] and not caller["mfa"]:
                    # Session credentials from GetSessionToken without MFA cannot call IAM.
                    raise ApiError(403, "InvalidClientTokenId", MSG_INVALID_TOKEN)
                inner = getattr(self, "op_" + action)(st, params, caller, now)
                xml = self.success_xml(action, ns, inner, req_id)
                entry.update(status=200, code=None)
                return 200, xml.encode("utf-8"), "text/xml"
            except ApiError as e:
                entry.update(status=e.status, code=e.code)
                return e.status, self.error_xml(ns, e, req_id).encode("utf-8"), "text/xml"
            finally:
                reqs = st["requests"]
                reqs["seq"] += 1
                entry["seq"] = reqs["seq"]
                key = action or "-"
                reqs["counts"][key] = reqs["counts"].get(key, 0) + 1
                reqs["log"].append(entry)
                del reqs["log"][:-emustate.MAX_LOG]
                if self.verbose:
                    print("emulator: #%d %s %s -> %s %s" % (
                        entry["seq"], service, action, entry.get("status"),
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
                    caller = {"user": name, "secret": k["secret"], "session": False,
                              "mfa": False}
        sess = st["sessions"].get(key_id)
        if sess is not None and sess["user"] in st["users"]:
            if not hmac.compare_digest(headers.get("x-amz-security-token", ""), sess["token"]):
                raise ApiError(403, "InvalidClientTokenId", MSG_INVALID_TOKEN)
            caller = {"user": sess["user"], "secret": sess["secret"], "session": True,
                      "mfa": bool(sess.get("mfa"))}
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
        u = st["users"][caller["user"]]
        return ("\n    <Arn>%s</Arn>\n    <UserId>%s</UserId>\n    <Account>%s</Account>\n  "
                % (escape(self.user_arn(st, caller["user"])), u["user_id"], st["account_id"]))

    def op_GetSessionToken(self, st, params, caller, now):
        v = Validation()
        dur_raw = params.get("DurationSeconds")
        duration = 43200
        if dur_raw is not None:
            try:
                duration = int(dur_raw)
            except ValueError:
                raise ApiError(400, "MalformedInput", "Invalid value for DurationSeconds: "
                               "%s" % dur_raw) from None
            v.check(duration, "durationSeconds", min_val=900, max_val=129600)
        serial, code = params.get("SerialNumber"), params.get("TokenCode")
        v.check(serial, "serialNumber", min_len=9, max_len=256, pattern=r"[\w+=/:,.@-]*")
        v.check(code, "tokenCode", min_len=6, max_len=6, pattern=r"[\d]*")
        v.raise_if_any()
        if caller["session"]:
            raise ApiError(403, "AccessDenied", MSG_SESSION_GST)
        mfa = False
        if serial is not None or code is not None:
            if not serial or not code:
                raise ApiError(403, "AccessDenied", MSG_NEED_BOTH)
            dev = st["mfa_devices"].get(serial)
            if dev is None or dev.get("user") != caller["user"]:
                raise ApiError(403, "AccessDenied", MSG_BAD_SERIAL)
            cur = totp.step_of(now)
            last = dev.get("last_step")
            ok = [s for s in totp.matching_steps(dev["seed"], code, [cur, cur - 1, cur + 1])
                  if last is None or s > last]
            if not ok:
                raise ApiError(403, "AccessDenied", MSG_INVALID_CODE)
            dev["last_step"] = ok[0]
            mfa = True
        key_id = emustate.random_id("ASIA")
        secret = emustate.random_secret(40)
        token = "FwoGZXIvYXdzE" + base64.b64encode(secrets.token_bytes(240)).decode("ascii")
        expiration = int(now) + duration
        # Forget sessions that expired more than a day ago (keeps the file small).
        for k in [k for k, s in st["sessions"].items() if s["expiration"] < now - 86400]:
            del st["sessions"][k]
        st["sessions"][key_id] = {"secret": secret, "token": token, "expiration": expiration,
                                  "user": caller["user"], "mfa": mfa}
        return ("\n    <Credentials>\n      <SessionToken>%s</SessionToken>\n"
                "      <SecretAccessKey>%s</SecretAccessKey>\n"
                "      <Expiration>%s</Expiration>\n      <AccessKeyId>%s</AccessKeyId>\n"
                "    </Credentials>\n  " % (token, escape(secret), iso(expiration), key_id))

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
                status, out, ctype = emu.handle(self.command, u.path, u.query, headers, body)
            except Exception as e:  # never leak a traceback (or state) to the client
                print("emulator: internal error: %s" % type(e).__name__, file=sys.stderr,
                      flush=True)
                status, ctype = 500, "text/xml"
                out = Emulator.error_xml(STS_NS, ApiError(500, "InternalFailure",
                                                          "emulator internal error"),
                                         str(uuid.uuid4())).encode()
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(out)))
            self.send_header("x-amzn-RequestId", str(uuid.uuid4()))
            self.end_headers()
            self.wfile.write(out)

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
