"""Runs one command against a fresh keysim, then stops keysim.

    python3 -m keysim_harness.run [--keysim-binary PATH] [--presence POLICY]
                                  [--pcsc] [--keysim-arg ARG ...] -- CMD [ARG...]

keysim gets an ephemeral UDP port, a control socket and a temporary state
folder (removed afterwards). CMD runs with these in its environment:
  KEYBRIDGE_DEVICE, KEYSIM_URI  udp:127.0.0.1:PORT (keybridge reads the first)
  KEYSIM_CONTROL                127.0.0.1:PORT of the control socket
  PCSCLITE_CSOCK_NAME           with --pcsc: the socket of a private pcscd
                                whose vpcd reader holds keysim as a card
  KEYSIM_READER                 with --pcsc: that reader's name
The exit status is CMD's (128+N when a signal N ended it); 125 when keysim or
pcscd could not start, 127 when CMD is not found. CMake's keysim_add_test
(keysimConfig.cmake) runs tests through this.
"""
import argparse
import os
import signal
import subprocess
import sys
import tempfile

from .keysim import KeySim, find_keysim
from .pcscd import READER, PcscdUnavailable, PrivatePcscd, wait_for_card

SETUP_FAILED = 125  # as in env(1) and git bisect run: not the command's fault


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="python3 -m keysim_harness.run",
        description="Run a command against a fresh keysim.")
    parser.add_argument("--keysim-binary", default=os.environ.get("KEYSIM_BINARY"),
                        help="keysim executable (default: $KEYSIM_BINARY or PATH)")
    parser.add_argument("--presence", default="auto",
                        choices=("auto", "deny", "timeout", "manual"))
    parser.add_argument("--pcsc", action="store_true",
                        help="also insert keysim as a smart card into a "
                             "private pcscd's vpcd reader")
    parser.add_argument("--keysim-arg", action="append", default=[],
                        help="one more argument for keysim (repeatable)")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    if args.command[:1] == ["--"]:
        args.command = args.command[1:]
    if not args.command:
        parser.error("no command given (put it after --)")
    return args


def run(args, workdir):
    env = dict(os.environ)
    extra = list(args.keysim_arg)
    daemon = None
    try:
        if args.pcsc:
            daemon = PrivatePcscd(os.path.join(workdir, "pcscd")).start()
            env.update(daemon.env)
            os.environ.update(daemon.env)  # for wait_for_card below
            extra += ["--vpcd", daemon.vpcd_address]
        binary = args.keysim_binary or find_keysim()
        sim = KeySim(binary, os.path.join(workdir, "state"),
                     presence=args.presence, control=True,
                     extra_args=extra).start()
    except (PcscdUnavailable, FileNotFoundError, RuntimeError) as e:
        if daemon:
            daemon.stop()
        print(f"keysim_harness.run: {e}", file=sys.stderr)
        return SETUP_FAILED
    try:
        if daemon:
            env["KEYSIM_READER"] = READER
            try:
                wait_for_card(READER)
            except ImportError:
                pass  # no pyscard: the command waits for the card itself
        env["KEYBRIDGE_DEVICE"] = env["KEYSIM_URI"] = sim.uri
        # The control socket as --control takes it: 127.0.0.1:PORT.
        env["KEYSIM_CONTROL"] = sim.endpoints["control"].removeprefix("udp:")
        try:
            child = subprocess.Popen(args.command, env=env)
        except OSError as e:
            print(f"keysim_harness.run: {args.command[0]}: {e.strerror}",
                  file=sys.stderr)
            return 127
        # CTest's timeout and Ctrl-C reach us; pass them on and still clean up.
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, lambda n, _f: child.send_signal(n))
        rc = child.wait()
        return rc if rc >= 0 else 128 - rc
    finally:
        sim.stop()
        if daemon:
            daemon.stop()


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    with tempfile.TemporaryDirectory(prefix="keysim-run-") as workdir:
        return run(args, workdir)


if __name__ == "__main__":
    sys.exit(main())
