#!/usr/bin/python3
"""Admin CLI for the STS/IAM emulator state (safe to use while server.py runs).

  admin.py --state FILE init [--account-id ID]
  admin.py --state FILE add-user NAME [--path /]      -> JSON with AccessKeyId/SecretAccessKey
  admin.py --state FILE add-access-key NAME           -> JSON with a further key pair
  admin.py --state FILE add-role NAME --trust-policy JSON|@FILE
                 [--max-session-duration S (3600..43200, default 3600)] [--path /]
                                                      -> JSON with Arn, RoleId, RoleName
  admin.py --state FILE set-clock (--at T | --offset S | --real)
  admin.py --state FILE fault --next N --kind 500|throttle|garbage   (or: fault --clear)
  admin.py --state FILE requests [--action A] [--reset]  -> JSON {"counts":…, "log":[…]}
  admin.py --state FILE show                          -> state summary, secrets/seeds redacted

Output is JSON on stdout; errors go to stderr with exit status 1.
"""

import argparse
import json
import os
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emustate  # noqa: E402
import trust  # noqa: E402


def _out(obj):
    json.dump(obj, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")


def _new_key():
    return {"id": emustate.random_id("AKIA"), "secret": emustate.random_secret(40),
            "status": "Active"}


def cmd_init(a):
    _out({"AccountId": emustate.ensure(a.state, a.account_id)})


def cmd_add_user(a):
    import re
    if not re.fullmatch(r"[\w+=,.@-]{1,64}", a.name):
        sys.exit("admin: invalid user name")
    if not re.fullmatch(r"/|/[\x21-\x7f]+/", a.path):
        sys.exit("admin: invalid path")
    with emustate.locked(a.state) as st:
        if a.name in st["users"]:
            sys.exit("admin: user %s already exists" % a.name)
        key = _new_key()
        st["users"][a.name] = {"user_id": emustate.random_id("AIDA", 17), "path": a.path,
                               "create_date": time.time(), "access_keys": [key]}
        acct = st["account_id"]
        uid = st["users"][a.name]["user_id"]
    _out({"UserName": a.name, "UserId": uid, "AccountId": acct,
          "Arn": "arn:aws:iam::%s:user%s%s" % (acct, a.path, a.name),
          "AccessKeyId": key["id"], "SecretAccessKey": key["secret"]})


def cmd_add_access_key(a):
    with emustate.locked(a.state) as st:
        if a.name not in st["users"]:
            sys.exit("admin: no user %s" % a.name)
        key = _new_key()
        st["users"][a.name]["access_keys"].append(key)
    _out({"UserName": a.name, "AccessKeyId": key["id"], "SecretAccessKey": key["secret"]})


def cmd_add_role(a):
    import re
    if not re.fullmatch(r"[\w+=,.@-]{1,64}", a.name, re.ASCII):
        sys.exit("admin: invalid role name")
    if not re.fullmatch(r"/|/[\x21-\x7e]+/", a.path):
        sys.exit("admin: invalid path")
    if not 3600 <= a.max_session_duration <= 43200:
        sys.exit("admin: --max-session-duration must be 3600..43200")
    text = a.trust_policy
    if text.startswith("@"):
        try:
            with open(text[1:], "r", encoding="utf-8") as f:
                text = f.read()
        except OSError as e:
            sys.exit("admin: cannot read trust policy: %s" % e.strerror)
    try:
        policy = trust.parse(text)
    except trust.PolicyError as e:
        sys.exit("admin: %s" % e)
    with emustate.locked(a.state) as st:
        if a.name in st["roles"]:
            sys.exit("admin: role %s already exists" % a.name)
        role_id = emustate.random_id("AROA", 17)
        st["roles"][a.name] = {"role_id": role_id, "path": a.path, "trust_policy": policy,
                               "max_session_duration": a.max_session_duration,
                               "create_date": time.time()}
        acct = st["account_id"]
    _out({"RoleName": a.name, "RoleId": role_id, "AccountId": acct,
          "Arn": "arn:aws:iam::%s:role%s%s" % (acct, a.path, a.name),
          "MaxSessionDuration": a.max_session_duration})


def cmd_set_clock(a):
    with emustate.locked(a.state) as st:
        if a.real:
            st["clock"] = {"at": None, "offset": 0.0}
        elif a.at is not None:
            st["clock"] = {"at": a.at, "offset": 0.0}
        else:
            st["clock"] = {"at": None, "offset": a.offset}
        _out({"clock": st["clock"]})


def cmd_fault(a):
    with emustate.locked(a.state) as st:
        if a.clear:
            st["fault"] = {"kind": None, "remaining": 0}
        else:
            if a.next is None or a.kind is None:
                sys.exit("admin: fault needs --next N --kind KIND (or --clear)")
            st["fault"] = {"kind": a.kind, "remaining": a.next}
        _out({"fault": st["fault"]})


def cmd_requests(a):
    with emustate.locked(a.state, write=a.reset) as st:
        r = st["requests"]
        log = [e for e in r["log"] if a.action is None or e.get("action") == a.action]
        counts = r["counts"] if a.action is None else {a.action: r["counts"].get(a.action, 0)}
        _out({"counts": counts, "log": log})
        if a.reset:
            st["requests"] = {"counts": {}, "log": [], "seq": 0}


def cmd_show(a):
    with emustate.locked(a.state, write=False) as st:
        _out({
            "account_id": st["account_id"],
            "users": {n: {"user_id": u["user_id"], "path": u.get("path", "/"),
                          "access_key_ids": [k["id"] for k in u["access_keys"]]}
                      for n, u in st["users"].items()},
            "mfa_devices": {s: {"user": d.get("user"), "last_step": d.get("last_step"),
                                "enabled": d.get("enable_date") is not None}
                            for s, d in st["mfa_devices"].items()},
            "roles": {n: {"role_id": r["role_id"], "path": r.get("path", "/"),
                          "max_session_duration": r["max_session_duration"],
                          "trust_policy": r["trust_policy"]}
                      for n, r in st["roles"].items()},
            "sessions": {k: {"kind": s.get("kind", "user"), "user": s.get("user"),
                             "role": s.get("role"), "session_name": s.get("session_name"),
                             "fed_name": s.get("fed_name"), "chained": s.get("chained"),
                             "expiration": s["expiration"], "mfa": s.get("mfa"),
                             "mfa_time": s.get("mfa_time")}
                         for k, s in st["sessions"].items()},
            "signin_tokens": len(st["signin_tokens"]),
            "clock": st["clock"], "fault": st["fault"],
            "request_counts": st["requests"]["counts"],
        })


def main(argv=None):
    ap = argparse.ArgumentParser(description="STS/IAM emulator admin")
    ap.add_argument("--state", required=True)
    sub = ap.add_subparsers(dest="cmd", required=True)
    # command: (handler, [(argument names, add_argument options)])
    commands = {
        "init": (cmd_init, [(["--account-id"], {})]),
        "add-user": (cmd_add_user, [(["name"], {}),
                                    (["--path"], {"default": "/"})]),
        "add-access-key": (cmd_add_access_key, [(["name"], {})]),
        "add-role": (cmd_add_role, [
            (["name"], {}),
            (["--trust-policy"], {"required": True, "help": "JSON text or @FILE"}),
            (["--max-session-duration"], {"type": int, "default": 3600}),
            (["--path"], {"default": "/"})]),
        "fault": (cmd_fault, [
            (["--next"], {"type": int}),
            (["--kind"], {"choices": ["500", "throttle", "garbage"]}),
            (["--clear"], {"action": "store_true"})]),
        "requests": (cmd_requests, [(["--action"], {}),
                                    (["--reset"], {"action": "store_true"})]),
        "show": (cmd_show, []),
    }
    for name, (fn, arguments) in commands.items():
        p = sub.add_parser(name)
        for names, options in arguments:
            p.add_argument(*names, **options)
        p.set_defaults(fn=fn)
    p = sub.add_parser("set-clock")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--at", type=float, help="fixed unix time")
    g.add_argument("--offset", type=float, help="real time + OFFSET seconds")
    g.add_argument("--real", action="store_true")
    p.set_defaults(fn=cmd_set_clock)
    a = ap.parse_args(argv)
    a.fn(a)


if __name__ == "__main__":
    main()
