"""Walks the real `--help` of keybridge (every sub-command) and keysim: the
command tree and long options the man pages and completions must cover.

CLI11's help (libcli11-dev 2.3) lists "Options:" and "Subcommands:" sections,
one entry per line: the names, two or more spaces, the description.
"""
import re
import subprocess

_LONG = re.compile(r"--[A-Za-z0-9][A-Za-z0-9-]*")


def _help(binary, path):
    proc = subprocess.run([str(binary), *path, "--help"], capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=30)
    assert proc.returncode == 0, (path, proc.stderr)
    return proc.stdout


def parse_help(text):
    """(long options, sub-commands) of one --help page."""
    options, subcommands, section = set(), [], None
    for line in text.splitlines():
        if re.match(r"^[A-Z][A-Za-z ]*:\s*$", line):
            section = line.strip().rstrip(":")
            continue
        if not re.match(r"  \S", line):  # an entry, not a wrapped description
            continue
        names = re.split(r"\s{2,}", line.strip())[0]
        if section == "Options":
            options.update(_LONG.findall(names))
        elif section == "Subcommands":
            subcommands.append(names.split()[0])
    return options, subcommands


def command_tree(binary):
    """{command path (tuple of words): (long options, sub-commands)} for
    every command reachable from the top level, which is ()."""
    tree, todo = {}, [()]
    while todo:
        path = todo.pop()
        options, subcommands = parse_help(_help(binary, path))
        tree[path] = (options, subcommands)
        todo.extend(path + (s,) for s in subcommands)
    return tree
