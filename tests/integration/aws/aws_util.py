"""Helpers shared by the `keybridge aws` tests (kept out of conftest.py so the
module name is unique across test folders)."""
import subprocess

REAL_AWS = "/usr/bin/aws"


def totp(seed_b32, t):
    """Independent reference code (oathtool; the seed goes on stdin)."""
    return subprocess.run(["oathtool", "--totp", "-b", "-N", "@%d" % int(t), "-"],
                          input=seed_b32 + "\n", check=True, capture_output=True,
                          text=True).stdout.strip()
