#!/usr/bin/python3
"""keybridge benchmarks: each target is a ratio against a baseline measured in
the same run (never an absolute time).

1. `keybridge oath accounts code --single` end to end against keysim, and
   `keybridge --help`, vs `oathtool --totp` on the same secret (--only
   keybridge): medians of RUNS runs each, plus callgrind instruction counts
   (stable under load; needs valgrind). Targets: code ratio <= 1.5 wall and
   <= 3 instructions, --help <= 1.2 wall.
2. keysim OATH CALCULATE throughput over UDP (1 and 8 clients) vs a plain
   single-threaded UDP echo server on the same loopback: ops/s ratio (part
   of the keysim rows, 6).
3. keysim CTAP2 getAssertion throughput over UDP (1 and 8 clients, options
   {"up": false}, one credential per client registered before timing) vs
   `openssl speed ecdsap256` ECDSA P-256 sign/s (one core, wall clock):
   ratio_vs_openssl in the keysim rows' transport-bound row (6).
4. One OATH APDU round trip over PC/SC (keysim in a private pcscd's vpcd
   reader, pyscard) vs the same APDU over UDP (CTAPHID vendor command 0x70,
   python-fido2): mean of ROUND_TRIPS each, ratio vpcd / UDP. Both carry the
   same LIST request; the PC/SC path adds pcscd, the vpcd driver and TCP.
5. List all codes over PC/SC: `keybridge oath accounts code` vs `ykman oath
   accounts code` end to end on the same keysim card (private pcscd, vpcd),
   with 1, 10 and 32 accounts (32: the most a YubiKey 5 before firmware 5.7,
   and keysim's yubikey5 profile, holds; docs/protocol/oath.md decision 4):
   medians of min(RUNS, 10) interleaved runs each, ratio keybridge / ykman,
   and the command APDUs keybridge sends (from keysim --trace).
   Target: ratio <= 0.5. --keybridge-before BIN adds the same numbers for
   another keybridge build (e.g. main's, LIST + one CALCULATE per account).

6. keysim rows (targets as in README "Benchmarks") (--only keysim runs just these, plus
   rows 2 and 3), each a ratio measured in the same run with its target and
   whether it is met ("met=yes/no"). Rows 2, 3 and the makeCredential row
   are medians of ROUNDS rounds (--rounds, default 3); a round measures the
   rates a ratio compares back to back (CALCULATE and the echo; openssl sign,
   getAssertion, ping and makeCredential), so that load from other
   processes changing between rounds does not skew a ratio:
   - transport bound: CTAPHID PING round trips alternating the payload sizes
     of one getAssertion request and its reply (udp_load ping), so t_ping is
     the transport's share of one assertion; bound = 1 / (t_sign + t_ping)
     with t_sign = 1 / openssl sign/s. Target: getAssertion/s >= 0.8 of it.
   - makeCredential/s (non-resident, udp_load makecredential) vs
     getAssertion/s, same client count. Target: >= 0.8.
   - keysim start to its `listening` line: median of RUNS power-ups with
     existing state, ms.
     Target: <= 3 ms (an absolute target; the ratio printed is against it).

Usage: tools/bench/bench.py [--build DIR] [--runs N] [--seconds S]
                            [--rounds R] [--keybridge-before BIN]
                            [--only list-all-codes|keysim]
"""
import argparse
import base64
import json
import os
import pathlib
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tools.harness.keysim import KeySim  # noqa: E402
from tools.harness.oath import SECRETS_APP, list_v1  # noqa: E402
from tools.harness.pcscd import READER, PrivatePcscd, wait_for_card  # noqa: E402

ROUND_TRIPS = 200


def instructions(cmd, stdin=None, env=None):
    """Instructions the command executes (valgrind --tool=callgrind's
    `Collected` total), or None without valgrind. Unlike wall time this is
    stable under load, so it is what a CI check can compare."""
    if shutil.which("valgrind") is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(["valgrind", "--tool=callgrind",
                              f"--callgrind-out-file={tmp}/callgrind.out",
                              *cmd], input=stdin, env=env, check=True,
                             stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE).stderr
    return int(re.search(rb"Collected : (\d+)", out).group(1))


def startup_row(cmd, ref_cmd, runs, wall_target, instruction_target=None,
                env=None, ref_stdin=None):
    """Wall-time medians (interleaved runs) and instruction counts of cmd vs
    ref_cmd, with whether the ratios meet their targets (upper bounds)."""
    cmds = {"keybridge": cmd, "oathtool": ref_cmd}
    stdins = {"oathtool": ref_stdin}
    medians = interleaved_medians(cmds, runs, env, stdins)
    row = {}
    for who in cmds:
        row[f"{who}_median_ms"] = medians[who] * 1e3
        row[f"{who}_instructions"] = instructions(cmds[who],
                                                  stdin=stdins.get(who),
                                                  env=env)
    row["ratio"] = round(row["keybridge_median_ms"] /
                         row["oathtool_median_ms"], 3)
    for who in ("keybridge", "oathtool"):
        row[f"{who}_median_ms"] = round(row[f"{who}_median_ms"], 3)
    if row["oathtool_instructions"]:
        row["instruction_ratio"] = round(row["keybridge_instructions"] /
                                         row["oathtool_instructions"], 2)
    ok = row["ratio"] <= wall_target
    row["target"] = f"<= {wall_target} wall"
    if instruction_target is not None:
        row["target"] += f", <= {instruction_target} instructions"
        ok = ok and row.get("instruction_ratio", float("inf")) <= \
            instruction_target
    row["met"] = "yes" if ok else "no"
    return row


def keybridge_rows(build, tmp, runs):
    """Rows 1: keybridge start-up and a code end to end vs oathtool."""
    keybridge = str(build / "bridge/keybridge")
    secret = base64.b32encode(os.urandom(20)).decode()
    results = {}
    sim = KeySim(build / "simulator/keysim", pathlib.Path(tmp) / "state").start()
    try:
        env = dict(os.environ, KEYBRIDGE_DEVICE=sim.uri)
        subprocess.run([keybridge, "oath", "accounts", "add", "bench"],
                       input=(secret + "\n").encode(), env=env, check=True,
                       stdout=subprocess.DEVNULL)
        now = str(int(time.time()))
        oathtool = ["oathtool", "--totp", "-b", "--now", "@" + now, "-"]
        results["code_end_to_end"] = startup_row(
            [keybridge, "oath", "accounts", "code", "bench", "--single",
             "--time", now], oathtool, runs,
            1.5, 3, env=env,
            ref_stdin=(secret + "\n").encode())
        results["help_vs_oathtool"] = startup_row(
            [keybridge, "--help"], oathtool, runs, 1.2,
            ref_stdin=(secret + "\n").encode())
    finally:
        sim.stop()
    return results


def openssl_ecdsap256_sign_per_s(seconds):
    """ECDSA P-256 sign/s from `openssl speed` (OpenSSL 3.0 text output:
    `256 bits ecdsa (nistp256)   0.0001s   0.0005s   8010.9   2197.0`, the
    columns being sign, verify, sign/s, verify/s). -elapsed divides by wall
    clock time like udp_load does, so both sides see the same machine load."""
    out = subprocess.run(["openssl", "speed", "-elapsed", "-seconds",
                          str(max(1, int(seconds))), "ecdsap256"],
                         check=True, capture_output=True, text=True).stdout
    m = re.search(r"ecdsa \(nistp256\)\s+\S+s\s+\S+s\s+([0-9.]+)\s+[0-9.]+",
                  out)
    if not m:
        raise RuntimeError(f"no ecdsa (nistp256) line in openssl speed output:\n{out}")
    return float(m.group(1))


def udp_load(build, *args):
    # stderr passes through, so a failing run says why.
    out = subprocess.run([str(build / "tools/bench/udp_load"), *map(str, args)],
                         check=True, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(out)["ops_per_s"]


def mean_ms(call, n):
    call()  # warm up: channel, card power-on
    start = time.perf_counter()
    for _ in range(n):
        call()
    return (time.perf_counter() - start) / n * 1e3


def apdu_round_trips(build, tmp):
    """(vpcd ms, UDP ms) per LIST APDU on one keysim serving both."""
    from smartcard import scard
    daemon = PrivatePcscd(pathlib.Path(tmp) / "pcscd").start()
    os.environ.update(daemon.env)
    sim = KeySim(build / "simulator/keysim", pathlib.Path(tmp) / "apdu-state",
                 extra_args=["--vpcd", daemon.vpcd_address]).start()
    try:
        wait_for_card(READER)
        _, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        _, card, protocol = scard.SCardConnect(
            context, READER, scard.SCARD_SHARE_SHARED, scard.SCARD_PROTOCOL_T1)
        select = list(bytes.fromhex("00A4040007A0000005272101"))
        scard.SCardTransmit(card, protocol, select)
        apdu = list(bytes.fromhex("00A10000"))  # YKOATH LIST
        vpcd = mean_ms(lambda: scard.SCardTransmit(card, protocol, apdu),
                       ROUND_TRIPS)
        scard.SCardReleaseContext(context)
        hid = sim.open_hid()
        udp = mean_ms(lambda: hid.call(SECRETS_APP, list_v1()), ROUND_TRIPS)
        hid.close()
        return vpcd, udp
    finally:
        sim.stop()
        daemon.stop()


def first_line_ms(cmd, runs, expect):
    """Median ms from spawning cmd to the first line on its stdout, which
    must start with `expect` (one untimed run first)."""
    samples = []
    for i in range(runs + 1):
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True)
        line = proc.stdout.readline()
        if i > 0:
            samples.append(time.perf_counter() - start)
        proc.terminate()
        proc.wait()
        if not line.startswith(expect):
            raise RuntimeError(f"{cmd[0]} did not start: {line!r}")
    return statistics.median(samples) * 1e3


def keysim_start_ms(build, tmp, runs):
    """(keysim, echo) median ms from spawning to the first line on stdout:
    keysim's `listening` on a power-up with existing state (the untimed
    first run creates it), and `/bin/echo listening`, the floor of spawning
    any process from the bench on this machine."""
    state = pathlib.Path(tmp) / "start-state"
    keysim = first_line_ms(
        [str(build / "simulator/keysim"), "--udp", "127.0.0.1:0", "--state",
         str(state), "--presence", "auto"], runs, "listening")
    echo = first_line_ms(["/bin/echo", "listening"], runs, "listening")
    return keysim, echo


def proc_kb(pid, path, keys):
    """{key: kB} of the `Key:   N kB` lines of /proc/PID/<path>."""
    out = {}
    with open(f"/proc/{pid}/{path}") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in keys:
                out[key] = int(value.split()[0])
    return out


def keysim_idle_rss(build, tmp, runs):
    """Resident memory of an idle keysim, read from /proc/PID/status (VmRSS,
    with its RssAnon/RssFile split) and /proc/PID/smaps_rollup (Pss_Anon,
    Pss_File: file pages shared with other processes count in part): once
    right after its `listening` line (power-up with existing state), and
    once after one request that signs (udp_load getassertion, 1 client,
    ~0 s: INIT, one makeCredential, then getAssertions until the clock
    says stop, at least one), 0.2 s after each so keysim is idle again.
    Median and max over min(RUNS, 10) fresh keysims, kB."""
    state = pathlib.Path(tmp) / "rss-state"
    keys = ("VmRSS", "RssAnon", "RssFile", "Pss_Anon", "Pss_File")
    samples = {"listening": [], "after_request": []}

    def read(pid):
        d = proc_kb(pid, "status", keys)
        d.update(proc_kb(pid, "smaps_rollup", keys))
        return d

    for _ in range(min(runs, 10)):
        sim = KeySim(build / "simulator/keysim", state).start()
        try:
            time.sleep(0.2)
            samples["listening"].append(read(sim.proc.pid))
            udp_load(build, "getassertion", sim.port, 1, 0.001)
            time.sleep(0.2)
            samples["after_request"].append(read(sim.proc.pid))
        finally:
            sim.stop()
    return {when: {f"{stat}_{key}_kb": f([d[key] for d in rows])
                   for key in keys
                   for stat, f in (("median", statistics.median),
                                   ("max", max))}
            for when, rows in samples.items()}


def scored(ratio, target, **fields):
    """A row: `fields`, the ratio (rounded), its target ("<= X" or ">= X",
    then an optional note) and whether the unrounded ratio meets it."""
    op, bound = target.split()[:2]
    ok = ratio >= float(bound) if op == ">=" else ratio <= float(bound)
    return {**fields, "ratio": round(ratio, 3), "target": target,
            "met": "yes" if ok else "no"}


def median_of_rounds(rounds, measure):
    """Per-key medians of `rounds` calls of measure() (a dict of rates and the
    ratios between them), rounded for printing. Each ratio is computed
    within its round, from rates measured back to back, so that load from
    other processes changing between rounds does not skew it."""
    samples = [measure() for _ in range(rounds)]
    out = {}
    for key in samples[0]:
        m = statistics.median(s[key] for s in samples)
        out[key] = m if key.endswith("ratio") else round(m, 3 if m < 10 else 1)
    return out


def keysim_rows(build, tmp, seconds, runs, rounds):
    """The keysim rows of item 6, all measured against one keysim. The
    throughput rows are medians of `rounds` rounds (median_of_rounds)."""
    results = {}
    secret = base64.b32encode(os.urandom(20)).decode()
    sim = KeySim(build / "simulator/keysim", pathlib.Path(tmp) / "ks-state").start()
    try:
        subprocess.run([str(build / "bridge/keybridge"), "oath", "accounts",
                        "add", "bench"], input=(secret + "\n").encode(),
                       env=dict(os.environ, KEYBRIDGE_DEVICE=sim.uri),
                       check=True, stdout=subprocess.DEVNULL)
        echo = subprocess.Popen([str(build / "tools/bench/udp_load"),
                                 "serve-echo"], stdout=subprocess.PIPE,
                                text=True)
        try:
            echo_port = int(echo.stdout.readline().strip().rsplit(":", 1)[1])
            for clients in (1, 8):
                def calculate_round():
                    calc = udp_load(build, "calculate", sim.port, clients,
                                    seconds, "bench")
                    base = udp_load(build, "echo", echo_port, clients, seconds)
                    return {"keysim_ops_per_s": calc,
                            "udp_echo_ops_per_s": base, "ratio": calc / base}
                m = median_of_rounds(rounds, calculate_round)
                results[f"calculate_udp_{clients}_clients_vs_echo"] = scored(
                    m.pop("ratio"), ">= 0.9", **m, rounds=rounds)
        finally:
            echo.kill()
            echo.wait()
        for clients in (1, 8):
            def signing_round():
                sign_per_s = openssl_ecdsap256_sign_per_s(seconds)
                ga = udp_load(build, "getassertion", sim.port, clients, seconds)
                ping = udp_load(build, "ping", sim.port, clients, seconds)
                mc = udp_load(build, "makecredential", sim.port, clients,
                              seconds)
                # One client: t_ping is the round-trip time. N clients: the
                # device serves one request at a time, so its aggregate ping
                # rate is the transport's throughput share.
                bound = 1 / (1 / sign_per_s + 1 / ping)
                return {"getassertion_ops_per_s": ga,
                        "openssl_sign_per_s": sign_per_s, "ping_per_s": ping,
                        "bound_per_s": bound,
                        "makecredential_ops_per_s": mc,
                        "ratio_vs_openssl": ga / sign_per_s,
                        "bound_ratio": ga / bound, "mc_ratio": mc / ga}
            m = median_of_rounds(rounds, signing_round)
            results[f"getassertion_udp_{clients}_clients_vs_transport_bound"] = (
                scored(m["bound_ratio"], ">= 0.8",
                       keysim_ops_per_s=m["getassertion_ops_per_s"],
                       openssl_sign_per_s=m["openssl_sign_per_s"],
                       ping_per_s=m["ping_per_s"],
                       bound_per_s=m["bound_per_s"],
                       ratio_vs_openssl=round(m["ratio_vs_openssl"], 3),
                       rounds=rounds))
            results[f"makecredential_udp_{clients}_clients_vs_getassertion"] = (
                scored(m["mc_ratio"], ">= 0.8",
                       makecredential_ops_per_s=m["makecredential_ops_per_s"],
                       getassertion_ops_per_s=m["getassertion_ops_per_s"],
                       rounds=rounds))
    finally:
        sim.stop()
    rss = keysim_idle_rss(build, tmp, runs)
    worst = max(rss["listening"]["median_VmRSS_kb"],
                rss["after_request"]["median_VmRSS_kb"]) / 1024
    results["keysim_idle_rss"] = scored(
        worst / 4.0, "<= 1 (4 MB)",
        measures="VmRSS of an idle keysim after `listening` and after one "
                 "signing request (/proc/PID/status), medians of fresh "
                 "starts; ratio uses the larger median",
        **rss)
    start_ms, echo_ms = keysim_start_ms(build, tmp, runs)
    results["keysim_start_to_listening"] = scored(
        start_ms / 3.0, "<= 1 (3 ms)", median_ms=round(start_ms, 3),
        echo_median_ms=round(echo_ms, 3))
    return results


LIST_ALL_SIZES = (1, 10, 32)


def interleaved_medians(cmds, runs, env, stdins=None):
    """{name: median seconds} of `runs` runs of each command, taking turns so
    that load from other processes hits every command alike. stdins: {name:
    bytes} for commands that read stdin."""
    stdins = stdins or {}
    samples = {name: [] for name in cmds}
    for name, cmd in cmds.items():  # warm up: pcscd, the card, page cache
        subprocess.run(cmd, env=env, input=stdins.get(name), check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(runs):
        for name, cmd in cmds.items():
            start = time.perf_counter()
            subprocess.run(cmd, env=env, input=stdins.get(name), check=True,
                           stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(v) for name, v in samples.items()}


def command_apdus(trace, cmd, env):
    """Command APDUs keysim received (its --trace file, docs/trace.md) while
    `cmd` ran once."""
    start = os.path.getsize(trace)
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
    with open(trace) as f:
        f.seek(start)
        return sum(1 for line in f
                   if line.split()[1:3] == ["vpcd", "in"] and
                   int(line.split()[3]) >= 4)


def list_all_codes(build, tmp, runs, before=None):
    """{size: row} for listing every code of one keysim card holding `size`
    accounts: medians of keybridge, ykman (and `before`), their ratios, and
    the APDUs each keybridge sends."""
    daemon = PrivatePcscd(pathlib.Path(tmp) / "pcscd-codes").start()
    env = dict(os.environ, **daemon.env)
    env.pop("KEYBRIDGE_DEVICE", None)
    trace = pathlib.Path(tmp) / "codes.trace"
    sim = KeySim(build / "simulator/keysim", pathlib.Path(tmp) / "codes-state",
                 extra_args=["--vpcd", daemon.vpcd_address,
                             "--trace", str(trace)]).start()
    keybridge = str(build / "bridge/keybridge")
    device = ["--device", f"pcsc:{READER}"]
    code = ["oath", "accounts", "code"]
    cmds = {"keybridge": [keybridge, *device, *code],
            "ykman": ["ykman", "--reader", READER, *code]}
    if before:
        cmds["before"] = [before, *device, *code]
    rows = {}
    try:
        saved = os.environ.get("PCSCLITE_CSOCK_NAME")
        os.environ.update(daemon.env)
        try:
            wait_for_card(READER)
        finally:
            if saved is None:
                os.environ.pop("PCSCLITE_CSOCK_NAME", None)
            else:
                os.environ["PCSCLITE_CSOCK_NAME"] = saved
        secret = base64.b32encode(os.urandom(20)).decode()
        have = 0
        for size in LIST_ALL_SIZES:
            for i in range(have, size):
                subprocess.run([keybridge, *device, "oath", "accounts", "add",
                                f"Issuer{i:02d}:user{i:02d}@example.com"],
                               input=(secret + "\n").encode(), env=env,
                               check=True, stdout=subprocess.DEVNULL)
            have = size
            t = interleaved_medians(cmds, min(runs, 10), env)
            row = {"accounts": size,
                   "keybridge_median_ms": round(t["keybridge"] * 1e3, 3),
                   "ykman_median_ms": round(t["ykman"] * 1e3, 3),
                   "ratio": round(t["keybridge"] / t["ykman"], 3),
                   "target": "<= 0.5",
                   "keybridge_apdus": command_apdus(trace, cmds["keybridge"],
                                                    env)}
            if before:
                row["before_median_ms"] = round(t["before"] * 1e3, 3)
                row["before_ratio"] = round(t["before"] / t["ykman"], 3)
                row["before_apdus"] = command_apdus(trace, cmds["before"], env)
            rows[size] = row
    finally:
        sim.stop()
        daemon.stop()
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=str(ROOT / "build" / "default"))
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds of each keysim throughput row (medians)")
    parser.add_argument("--keybridge-before", default=None,
                        help="another keybridge binary for the list-all-codes "
                             "rows (before/after comparisons)")
    parser.add_argument("--only",
                        choices=["keybridge", "keysim", "list-all-codes"],
                        default=None,
                        help="run only these rows")
    args = parser.parse_args()
    build = pathlib.Path(args.build)

    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        if args.only in (None, "keybridge"):
            results.update(keybridge_rows(build, tmp, args.runs))
        if args.only in (None, "keysim"):
            results.update(keysim_rows(build, tmp, args.seconds, args.runs,
                                       args.rounds))
        if args.only is None:
            vpcd_ms, udp_ms = apdu_round_trips(build, tmp)
            results["apdu_round_trip_vpcd_vs_udp"] = {
                "vpcd_ms": round(vpcd_ms, 3), "udp_ms": round(udp_ms, 3),
                "ratio": round(vpcd_ms / udp_ms, 3)}
        if args.only in (None, "list-all-codes"):
            for n, r in list_all_codes(build, tmp, args.runs,
                                       args.keybridge_before).items():
                results[f"list_all_codes_pcsc_{n}_accounts"] = r

    for name, r in results.items():
        print(f"{name}: " + ", ".join(f"{k}={v}" for k, v in r.items()))
    print(json.dumps(results))


if __name__ == "__main__":
    main()
