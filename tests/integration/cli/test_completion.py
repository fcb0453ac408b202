"""bash and zsh completion (completion/): bash's completion functions are
driven for real (COMP_WORDS/COMP_CWORD/COMP_LINE/COMP_POINT as readline sets
them, then COMPREPLY), with account names and device URIs from a real keysim;
the zsh files are parse-checked, checked against the real --help tree and
driven through zsh's completion system in a zpty (zsh_complete.zsh).
"""
import os
import pathlib
import re
import shlex
import subprocess
import time

import pytest

from cli_help import command_tree, parse_help

ROOT = pathlib.Path(__file__).resolve().parents[3]
COMPLETION = ROOT / "completion"
# The bash-completion package: its helpers (_init_completion, ...) are what
# the completion files use, and it is what loads them.
BASH_COMPLETION = "/usr/share/bash-completion/bash_completion"
ACCOUNTS = ["Example:alice@example.com", "GitHub",
            "Amazon Web Services:bob@123456789012"]


def split_line(line):
    """COMP_WORDS as readline builds them from `line`: shell words (quotes and
    backslashes kept as typed), each ':' or '=' a word of its own
    (COMP_WORDBREAKS), and an empty word after a trailing space."""
    words, cur, quote, i = [], "", None, 0
    while i < len(line):
        c = line[i]
        if quote:
            cur += c
            quote = None if c == quote else quote
        elif c == "\\" and i + 1 < len(line):
            cur += line[i:i + 2]
            i += 1
        elif c in "'\"":
            cur, quote = cur + c, c
        elif c == " ":
            if cur:
                words.append(cur)
            cur = ""
        elif c in ":=":
            if cur:
                words.append(cur)
            words.append(c)
            cur = ""
        else:
            cur += c
        i += 1
    words.append(cur)
    return words


def bash_complete(line, env=None, name="keybridge"):
    """COMPREPLY of the bash completion of `name` for the command line `line`
    (cursor at its end)."""
    words = split_line(line)
    q = shlex.quote
    script = "\n".join([
        f"source {BASH_COMPLETION}",
        f"source {q(str(COMPLETION / (name + '.bash')))}",
        f"COMP_LINE={q(line)}; COMP_POINT=${{#COMP_LINE}}",
        "COMP_WORDS=(%s)" % " ".join(q(w) for w in words),
        f"COMP_CWORD={len(words) - 1}",
        f"_{name} {q(words[0])} {q(words[-1])} {q(words[-2])}",
        "printf '%s\\n' \"${COMPREPLY[@]}\"",
    ])
    proc = subprocess.run(["bash", "--norc", "--noprofile", "-c", script],
                          capture_output=True, text=True, env=env,
                          stdin=subprocess.DEVNULL, timeout=30)
    assert proc.returncode == 0, proc.stderr
    return [w for w in proc.stdout.split("\n") if w]


@pytest.fixture(scope="module")
def bin_env(keybridge_bin, keysim_bin):
    """The environment with the built binaries first on PATH."""
    env = dict(os.environ)
    env.pop("KEYBRIDGE_DEVICE", None)
    env["PATH"] = os.pathsep.join(
        [str(keybridge_bin.parent), str(keysim_bin.parent), env["PATH"]])
    return env


@pytest.fixture
def key_with_accounts(keybridge):
    for name in ACCOUNTS:
        keybridge.run("oath", "accounts", "add", name,
                      input="JBSWY3DPEHPK3PXP\n")
    return keybridge


def test_split_line_is_readlines_split():
    assert split_line("keybridge --device udp:1.2.3.4:5 oath ") == [
        "keybridge", "--device", "udp", ":", "1.2.3.4", ":", "5", "oath", ""]
    assert split_line(r"x Amazon\ Web\ S") == ["x", r"Amazon\ Web\ S"]


def test_commands_and_subcommands(bin_env):
    assert set(bash_complete("keybridge ", bin_env)) == {
        "list", "info", "fido", "oath", "aws", "trace"}
    assert bash_complete("keybridge oath accounts ", bin_env) == [
        "add", "uri", "list", "code", "delete"]
    assert bash_complete("keybridge oath accounts d", bin_env) == ["delete"]
    # A --device value (with its colons) is skipped, not taken as a command.
    assert bash_complete("keybridge --device udp:127.0.0.1:9 oath ",
                         bin_env) == ["accounts", "access", "pin", "reset"]


def test_options_after_a_subcommand(bin_env):
    assert set(bash_complete("keybridge oath accounts add --", bin_env)) >= {
        "--qr", "--issuer", "--algorithm", "--digits", "--period", "--touch",
        "--hotp", "--counter", "--help"}
    assert bash_complete("keybridge oath accounts add --algorithm SHA",
                         bin_env) == ["SHA1", "SHA256", "SHA512"]
    assert bash_complete("keybridge aws session --format ", bin_env) == [
        "env", "json", "process", "ini"]
    assert bash_complete("keybridge aws session --format=p", bin_env) == [
        "process"]
    assert bash_complete("keybridge --v", bin_env) == ["--version"]


def test_bash_completion_covers_the_real_command_tree(bin_env, keybridge_bin):
    """Every sub-command and long option of every `--help` is offered."""
    missing = []
    for path, (options, subcommands) in command_tree(keybridge_bin).items():
        prefix = " ".join(("keybridge",) + path)
        offered = set(bash_complete(prefix + " --", bin_env))
        missing += [f"{prefix} {o}" for o in options - offered]
        if subcommands:
            offered = bash_complete(prefix + " ", bin_env)
            missing += [f"{prefix} {s}" for s in subcommands
                        if s not in offered]
    assert not missing, missing


def test_account_names_from_the_key(key_with_accounts, keysim, bin_env):
    quoted = sorted(a.replace(" ", "\\ ") for a in ACCOUNTS)  # printf %q
    line = f"keybridge --device {keysim.uri} oath accounts code "
    assert sorted(bash_complete(line, bin_env)) == quoted
    line = f"keybridge --device={keysim.uri} oath accounts delete Git"
    assert bash_complete(line, bin_env) == ["GitHub"]
    # After a colon, readline replaces only the part after it.
    line = f"keybridge --device {keysim.uri} oath accounts code Example:al"
    assert bash_complete(line, bin_env) == ["alice@example.com"]
    line = (f"keybridge --device {keysim.uri} aws session --account "
            r"Amazon\ W")
    assert bash_complete(line, bin_env) == [
        r"Amazon\ Web\ Services:bob@123456789012"]
    # KEYBRIDGE_DEVICE is honoured like keybridge itself does.
    env = dict(bin_env, KEYBRIDGE_DEVICE=keysim.uri)
    assert bash_complete("keybridge oath accounts code Git", env) == ["GitHub"]


def test_device_uris_from_keybridge_list(keysim, bin_env):
    env = dict(bin_env, KEYBRIDGE_DEVICE=keysim.uri)
    assert keysim.uri in bash_complete("keybridge --device ", env)
    # After "udp:" only the rest is replaced (COMP_WORDBREAKS has ':').
    assert bash_complete("keybridge --device udp:127", env) == [
        keysim.uri[len("udp:"):]]


def test_a_silent_key_costs_at_most_the_timeout(bin_env):
    start = time.monotonic()
    line = "keybridge --device udp:127.0.0.1:9 oath accounts code "
    assert bash_complete(line, bin_env) == []
    assert time.monotonic() - start < 6


def test_keysim_options(bin_env, keysim_bin):
    assert bash_complete("keysim --pres", bin_env, "keysim") == ["--presence"]
    assert bash_complete("keysim --presence ", bin_env, "keysim") == [
        "auto", "deny", "timeout", "manual"]
    help_text = subprocess.run([str(keysim_bin), "--help"],
                               capture_output=True, text=True).stdout
    options, _ = parse_help(help_text)
    assert "--state" in options
    assert options <= set(bash_complete("keysim --", bin_env, "keysim"))


@pytest.mark.parametrize("name", ["_keybridge", "_keysim"])
def test_zsh_files_parse(name):
    proc = subprocess.run(["zsh", "-n", str(COMPLETION / name)],
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr


def test_zsh_completion_names_the_real_command_tree(keybridge_bin,
                                                    keysim_bin):
    text = (COMPLETION / "_keybridge").read_text()
    missing = []
    for path, (options, subcommands) in command_tree(keybridge_bin).items():
        missing += [o for o in options
                    if not re.search(rf"{re.escape(o)}\b", text)]
        missing += [s for s in subcommands
                    if not re.search(rf"(^|[\s'(]){re.escape(s)}\\:", text)]
    help_text = subprocess.run([str(keysim_bin), "--help"],
                               capture_output=True, text=True).stdout
    keysim_text = (COMPLETION / "_keysim").read_text()
    missing += [o for o in parse_help(help_text)[0]
                if not re.search(rf"{re.escape(o)}\b", keysim_text)]
    assert not missing, sorted(set(missing))


def zsh_complete(line, env):
    proc = subprocess.run(
        ["zsh", "-f", str(pathlib.Path(__file__).with_name("zsh_complete.zsh")),
         str(COMPLETION), line],
        capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL,
        timeout=30)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.split()


def test_zsh_completes_commands_and_options(bin_env):
    assert zsh_complete("keybridge oath accounts ", bin_env) == [
        "add", "uri", "list", "code", "delete"]
    assert set(zsh_complete("keybridge oath accounts add --", bin_env)) >= {
        "--qr", "--issuer", "--algorithm", "--hotp", "--counter", "--help"}
    assert zsh_complete("keybridge aws session --format ", bin_env) == [
        "env", "json", "process", "ini"]
    assert zsh_complete("keysim --pres", bin_env) == ["--presence"]


def test_zsh_completes_accounts_and_devices(key_with_accounts, keysim,
                                            bin_env):
    line = f"keybridge --device {keysim.uri} oath accounts code "
    assert set(zsh_complete(line, bin_env)) >= {
        "Example:alice@example.com", "GitHub"}
    env = dict(bin_env, KEYBRIDGE_DEVICE=keysim.uri)
    assert keysim.uri in zsh_complete("keybridge --device ", env)
