"""State file of the STS/IAM emulator (shared by server.py and admin.py).

Contract:
  * The state is one JSON document (see new_state()). It plays AWS's side, so it
    holds long-term secrets, session credentials and virtual MFA seeds. It is
    written 0600, atomically (temp file in the same directory, fsync, rename,
    fsync of the directory), so a crash leaves either the old or the new state.
  * Every reader/writer takes an exclusive flock on FILE + ".lock" for the whole
    load-modify-save cycle (`with locked(path) as st: ...`), so admin.py may
    change the state while the server runs.
  * Nothing here prints secrets.
"""

import contextlib
import fcntl
import json
import os
import secrets
import string
import tempfile

STATE_VERSION = 1
DEFAULT_ACCOUNT = "123456789012"
MAX_LOG = 2000

_ID_ALPHABET = string.ascii_uppercase + "234567"  # what AWS ids look like


def random_id(prefix, n=16):
    return prefix + "".join(secrets.choice(_ID_ALPHABET) for _ in range(n))


def random_secret(n=40):
    alphabet = string.ascii_letters + string.digits + "+/"
    return "".join(secrets.choice(alphabet) for _ in range(n))


def new_state(account_id=DEFAULT_ACCOUNT):
    return {
        "version": STATE_VERSION,
        "account_id": account_id,
        "users": {},          # name -> {user_id, path, create_date, access_keys[]}
        "roles": {},          # name -> {role_id, path, trust_policy, max_session_duration,
                              #          create_date}
        "sessions": {},       # ASIA key id -> {secret, token, expiration, issued, kind
                              #   (user|role|federated), user, mfa, mfa_time, role,
                              #   session_name, chained, source_arn, fed_name}
        "signin_tokens": {},  # federation SigninToken -> {issued, session, arn,
                              #                            console_expiration}
        "mfa_devices": {},    # serial (ARN) -> {name, path, seed, user, enable_date,
                              #                  last_step, create_date}
        "clock": {"at": None, "offset": 0.0},
        "fault": {"kind": None, "remaining": 0},
        "requests": {"counts": {}, "log": [], "seq": 0},
    }


def load(path):
    try:
        with open(path, "r", encoding="utf-8") as f:
            st = json.load(f)
    except FileNotFoundError:
        return new_state()
    if st.get("version") != STATE_VERSION:
        raise SystemExit("unsupported emulator state version: %r" % st.get("version"))
    # Fill keys added later so older files keep working.
    fresh = new_state(st.get("account_id", DEFAULT_ACCOUNT))
    for k, v in fresh.items():
        st.setdefault(k, v)
    return st


def save(path, st):
    path = os.path.abspath(path)
    d = os.path.dirname(path)
    fd, tmp = tempfile.mkstemp(prefix=".emustate-", dir=d)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(st, f, indent=1, sort_keys=True)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    dfd = os.open(d, os.O_RDONLY)
    try:
        os.fsync(dfd)
    finally:
        os.close(dfd)


@contextlib.contextmanager
def locked(path, write=True):
    """Yields the state under an exclusive lock; saves it on normal exit if write."""
    lock_path = os.path.abspath(path) + ".lock"
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        st = load(path)
        yield st
        if write:
            save(path, st)
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def ensure(path, account_id=None):
    """Creates the state file if missing (0600). Returns the account id."""
    with locked(path) as st:
        if account_id and not st["users"] and not st["mfa_devices"]:
            st["account_id"] = account_id
        return st["account_id"]
