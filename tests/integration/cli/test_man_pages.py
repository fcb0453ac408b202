"""keybridge(1) and keysim(1) (docs/man/*.scd, rendered by the build):
groff renders them without a warning, and they name every command and long
option the real binaries' --help shows, so they cannot fall behind the CLI.
"""
import os
import re
import subprocess

import pytest

from cli_help import command_tree, parse_help


@pytest.fixture(scope="module")
def man_dir(keybridge_bin):
    return keybridge_bin.parents[1] / "docs" / "man"  # BUILD/bridge/keybridge


def page(man_dir, name):
    path = man_dir / f"{name}.1"
    if not path.exists():
        pytest.fail(f"{path} is missing: build the project (scdoc renders it)")
    return path


def render(path, *extra):
    # -ww: every warning; a wide line so no name is broken across lines.
    return subprocess.run(
        ["groff", "-man", "-Tutf8", "-ww", "-rLL=250n", *extra, str(path)],
        capture_output=True, text=True, timeout=30,
        env=dict(os.environ, LC_ALL="C.UTF-8"))


def page_text(man_dir, name):
    proc = render(page(man_dir, name), "-P-cbou")  # no bold, no underline
    assert proc.returncode == 0, proc.stderr
    # groff writes "-" as U+2010 (hyphen) or U+2212 (minus) in UTF-8.
    return proc.stdout.replace("\u2010", "-").replace("\u2212", "-")


@pytest.mark.parametrize("name", ["keybridge", "keysim"])
def test_page_renders_without_warnings(man_dir, name):
    proc = render(page(man_dir, name), "-z")
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr


@pytest.mark.parametrize("name", ["keybridge", "keysim"])
def test_page_has_the_usual_sections(man_dir, name):
    text = page_text(man_dir, name)
    for section in ("NAME", "SYNOPSIS", "DESCRIPTION", "EXIT STATUS",
                    "ENVIRONMENT", "FILES", "SEE ALSO"):
        assert re.search(rf"^{section}$", text, re.M), section


def test_keybridge_page_covers_every_command_and_option(man_dir,
                                                        keybridge_bin):
    text = page_text(man_dir, "keybridge")
    missing = []
    for path, (options, _) in command_tree(keybridge_bin).items():
        # A command is documented where a line starts with its path.
        if path and not re.search(
                r"^\s*%s(\s|$)" % r"\s+".join(map(re.escape, path)), text,
                re.M):
            missing.append(" ".join(path))
        missing += [o for o in sorted(options)
                    if not re.search(rf"{re.escape(o)}(?![\w-])", text)]
    assert not missing, f"not in keybridge(1): {sorted(set(missing))}"


def test_keybridge_page_lists_every_exit_code(man_dir, keybridge_bin):
    help_text = subprocess.run([str(keybridge_bin), "--help"],
                               capture_output=True, text=True,
                               timeout=30).stdout
    codes = re.findall(r"^\s+(\d+)\s{2,}", help_text.split("Exit codes:")[1],
                       re.M)
    assert codes
    status = page_text(man_dir, "keybridge").split("EXIT STATUS")[1].split(
        "ENVIRONMENT")[0]
    assert re.findall(r"^\s+(\d+)$", status, re.M) == codes


def test_keysim_page_covers_every_option(man_dir, keysim_bin):
    help_text = subprocess.run([str(keysim_bin), "--help"],
                               capture_output=True, text=True,
                               timeout=30).stdout
    options, _ = parse_help(help_text)
    assert "--state" in options
    text = page_text(man_dir, "keysim")
    missing = [o for o in sorted(options)
               if not re.search(rf"{re.escape(o)}(?![\w-])", text)]
    assert not missing, f"not in keysim(1): {missing}"
