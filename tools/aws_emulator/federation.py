"""The console federation endpoint of the emulator, served under /federation.

AWS's is https://signin.aws.amazon.com/federation (IAM User Guide, "Enable custom
identity broker access to the AWS console"; docs/aws.md §5.4):
  * Action=getSigninToken&Session=<JSON {sessionId, sessionKey, sessionToken}>
    [&SessionDuration=900..43200] -> 200 {"SigninToken": "…"} for a valid AssumeRole or
    GetFederationToken session. SessionDuration is refused for GetFederationToken
    sessions (the guide says so) and for role sessions assumed with temporary
    credentials (the guide: AssumeRole must then have been called with long-term
    credentials).
  * Action=login&Issuer=…&Destination=URL&SigninToken=T -> 302 to Destination while T
    is less than 15 minutes old.
The error answers are guesses (HTTP 400, a short text body); each names its reason in
the request log's `code`. Nothing here logs or echoes a secret key or token.
"""

import hmac
import json
import secrets

SIGNIN_TOKEN_LIFETIME = 900  # "The URL … is valid for 15 minutes after it is created."
CONSOLE_MIN, CONSOLE_MAX = 900, 43200


class FederationError(Exception):
    def __init__(self, code, text):
        super().__init__(text)
        self.code, self.text = code, text


def serve(emu, st, method, params, now, entry):
    """Returns (status, body, content type, extra headers) and fills the log entry."""
    try:
        action = params.get("Action")
        if action == "getSigninToken":
            status, body, ctype, extra = _get_signin_token(emu, st, params, now, entry)
        elif action == "login":
            status, body, ctype, extra = _login(st, params, now, entry)
        else:
            raise FederationError("InvalidAction", "Unsupported Action")
        entry.update(status=status, code=None)
        return status, body, ctype, extra
    except FederationError as e:
        entry.update(status=400, code=e.code)
        return 400, (e.text + "\n").encode("utf-8"), "text/plain; charset=utf-8", {}


def _session(emu, st, params, now, entry):
    raw = params.get("Session")
    if raw is None:
        raise FederationError("MissingParameter", "Missing Session parameter")
    try:
        doc = json.loads(raw)
    except ValueError:
        doc = None
    if not isinstance(doc, dict) or not all(
            isinstance(doc.get(k), str) for k in ("sessionId", "sessionKey", "sessionToken")):
        raise FederationError("MalformedSession", "Invalid Session parameter")
    key_id = doc["sessionId"]
    entry["access_key_id"] = key_id
    sess = st["sessions"].get(key_id)
    if sess is None:
        long_term = any(k["id"] == key_id for u in st["users"].values()
                        for k in u["access_keys"])
        raise FederationError("LongTermCredentials" if long_term else "InvalidCredentials",
                              "Invalid Credentials Parameter")
    if not (hmac.compare_digest(doc["sessionKey"], sess["secret"]) and
            hmac.compare_digest(doc["sessionToken"], sess["token"])) or \
            not emu.session_alive(st, sess):
        raise FederationError("InvalidCredentials", "Invalid Credentials Parameter")
    caller = emu.session_caller(sess)
    entry["caller_arn"] = emu.caller_arn(st, caller)
    entry["user"] = caller["user"]
    if sess["expiration"] <= now:
        raise FederationError("ExpiredCredentials", "Invalid Credentials Parameter")
    if caller["kind"] not in ("role", "federated"):
        # GetSessionToken credentials do not sign in to the console (docs/aws.md §5.4).
        raise FederationError("SessionNotFederatable", "Invalid Credentials Parameter")
    return key_id, sess, caller


def _get_signin_token(emu, st, params, now, entry):
    dur_raw = params.get("SessionDuration")
    entry["session_duration"] = dur_raw
    key_id, sess, caller = _session(emu, st, params, now, entry)
    console_expiration = sess["expiration"]
    if dur_raw is not None:
        if caller["kind"] == "federated":
            raise FederationError("SessionDurationNotAllowed",
                                  "SessionDuration cannot be used with federated user "
                                  "credentials")
        if sess.get("chained"):
            raise FederationError("SessionDurationNotAllowed",
                                  "SessionDuration cannot be used with role chaining "
                                  "credentials")
        try:
            dur = int(dur_raw)
        except ValueError:
            dur = -1
        if not CONSOLE_MIN <= dur <= CONSOLE_MAX:
            raise FederationError("InvalidSessionDuration", "Invalid SessionDuration: must "
                                  "be between %d and %d" % (CONSOLE_MIN, CONSOLE_MAX))
        console_expiration = int(now) + dur
    tokens = st["signin_tokens"]
    for t in [t for t, r in tokens.items() if r["issued"] < now - 86400]:
        del tokens[t]
    token = secrets.token_urlsafe(96)
    tokens[token] = {"issued": now, "session": key_id, "arn": entry["caller_arn"],
                     "console_expiration": console_expiration}
    body = json.dumps({"SigninToken": token}).encode("utf-8")
    return 200, body, "application/json", {}


def _login(st, params, now, entry):
    token, dest = params.get("SigninToken"), params.get("Destination")
    entry["destination"], entry["issuer"] = dest, params.get("Issuer")
    if not token or not dest:
        raise FederationError("MissingParameter", "Missing SigninToken or Destination")
    if not dest.startswith(("https://", "http://")) or \
            any(ord(c) < 0x21 or ord(c) == 0x7f for c in dest):
        raise FederationError("InvalidDestination", "Invalid Destination")
    rec = st["signin_tokens"].get(token)
    if rec is None:
        raise FederationError("InvalidSigninToken", "Invalid SigninToken")
    entry["caller_arn"] = rec["arn"]
    if now - rec["issued"] >= SIGNIN_TOKEN_LIFETIME:
        raise FederationError("ExpiredSigninToken", "Expired SigninToken")
    return 302, b"", "text/plain", {"Location": dest}
