"""The start-up instruction target (docs/testing.md "Benchmarks"), checked
in CI: `keybridge oath accounts code --single` from a keysim executes at
most 3 times the instructions of `oathtool --totp` computing a code from the
same secret. Counts come from callgrind, which is stable under load where
wall time is not; it is the same measure tools/bench/bench.py prints as
code_end_to_end's instruction_ratio."""
import shutil

from tools.bench.bench import instructions

SECRET = "JBSWY3DPEHPK3PXP"
TARGET = 3.0


def test_code_executes_at_most_three_times_oathtool(keybridge):
    for tool in ("valgrind", "oathtool"):
        assert shutil.which(tool), f"{tool} missing: tools/install-deps.sh test"
    keybridge.run("oath", "accounts", "add", "bench", input=SECRET + "\n")
    now = "1700000000"
    mine = instructions([str(keybridge.binary), "--device",
                         keybridge.device_uri, "oath", "accounts", "code",
                         "bench", "--single", "--time", now],
                        env=keybridge.env)
    theirs = instructions(["oathtool", "--totp", "-b", "--now", "@" + now,
                           "-"], stdin=(SECRET + "\n").encode())
    ratio = mine / theirs
    assert ratio <= TARGET, (
        f"keybridge {mine} vs oathtool {theirs} instructions: {ratio:.2f}x")
