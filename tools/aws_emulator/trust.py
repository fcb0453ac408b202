"""Role trust policies for the emulator's sts:AssumeRole (stdlib only).

What is implemented (docs/aws.md §5.1; IAM User Guide, "IAM JSON policy elements"
Principal, Action, Condition, and "Policy evaluation logic"):
  * Statement: one object or a list; Effect Allow|Deny; an explicit Deny wins, and
    without a matching Allow the answer is no.
  * Principal: "*", or {"AWS": ARN | [ARN…]} where an ARN is a user, a role, an
    assumed-role session, "*", or the account ("arn:aws:iam::ACCOUNT:root" or the bare
    12-digit id), which stands for every principal of that account.
  * Action: "sts:AssumeRole", "sts:*" or "*" (or a list), case-insensitive.
  * Condition: Bool aws:MultiFactorAuthPresent, StringEquals sts:ExternalId,
    NumericLessThan aws:MultiFactorAuthAge. A key missing from the request context
    makes its condition false. Any other operator or key is "unknown": an Allow
    statement with it never matches and a Deny statement with it always does, so an
    unsupported policy refuses rather than silently allows.
"""

import json
import re

ACTION = "sts:assumerole"
KNOWN = {  # operator -> keys it is implemented for (keys compared case-insensitively)
    "Bool": {"aws:multifactorauthpresent"},
    "StringEquals": {"sts:externalid"},
    "NumericLessThan": {"aws:multifactorauthage"},
}


class PolicyError(ValueError):
    pass


def _listify(v):
    return v if isinstance(v, list) else [v]


def parse(text):
    """Parses and checks the shape of a trust policy; raises PolicyError."""
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError) as e:
        raise PolicyError("trust policy is not JSON: %s" % e) from None
    if not isinstance(doc, dict) or "Statement" not in doc:
        raise PolicyError("trust policy needs a Statement")
    stmts = _listify(doc["Statement"])
    if not stmts:
        raise PolicyError("trust policy has no statements")
    for s in stmts:
        if not isinstance(s, dict):
            raise PolicyError("a statement must be an object")
        if s.get("Effect") not in ("Allow", "Deny"):
            raise PolicyError("Effect must be Allow or Deny")
        p = s.get("Principal")
        if p != "*" and not (isinstance(p, dict) and p):
            raise PolicyError("Principal must be \"*\" or an object such as {\"AWS\": ARN}")
        if isinstance(p, dict):
            for v in p.values():
                if not all(isinstance(x, str) for x in _listify(v)):
                    raise PolicyError("principal values must be strings")
        a = s.get("Action")
        if a is None or not all(isinstance(x, str) for x in _listify(a)):
            raise PolicyError("Action must be a string or a list of strings")
        c = s.get("Condition", {})
        if not isinstance(c, dict) or not all(isinstance(v, dict) for v in c.values()):
            raise PolicyError("Condition must map operators to {key: value} objects")
    return doc


def _principal_matches(p, principal_arns, account):
    if p == "*":
        return True
    for v in _listify(p.get("AWS", [])):
        if v == "*" or v in principal_arns:
            return True
        if v in (account, "arn:aws:iam::%s:root" % account):
            return True
    return False


def _action_matches(a):
    return any(x.lower() in (ACTION, "sts:*", "*") for x in _listify(a))


def _cond_true(op, key, want, ctx):
    """True/False for a known (op, key); None when the pair is not implemented."""
    if key.lower() not in KNOWN.get(op, ()):
        return None
    have = ctx.get(key.lower())
    if have is None:
        return False
    wants = _listify(want)
    if op == "Bool":
        return any(str(w).lower() == str(have).lower() for w in wants)
    if op == "StringEquals":
        return any(isinstance(w, str) and w == have for w in wants)
    if op == "NumericLessThan":
        out = False
        for w in wants:
            if isinstance(w, bool) or not re.fullmatch(r"-?\d+(\.\d+)?", str(w)):
                return None  # a value the operator cannot read: treat as unknown
            out = out or float(have) < float(w)
        return out
    return None


def _conditions(cond, ctx):
    """True when all conditions hold, False when one fails, None when one is unknown."""
    unknown = False
    result = True
    for op, kv in cond.items():
        for key, want in kv.items():
            r = _cond_true(op, key, want, ctx)
            if r is None:
                unknown = True
            elif not r:
                result = False
    return None if unknown else result


def allows(doc, principal_arns, account, ctx):
    """ctx: lower-cased condition keys present in the request -> value."""
    allow = False
    for s in _listify(doc["Statement"]):
        if not _principal_matches(s["Principal"], principal_arns, account) or \
                not _action_matches(s["Action"]):
            continue
        c = _conditions(s.get("Condition", {}), ctx)
        if s["Effect"] == "Deny" and c is not False:
            return False  # explicit (or undecidable) Deny wins
        if s["Effect"] == "Allow" and c is True:
            allow = True
    return allow
