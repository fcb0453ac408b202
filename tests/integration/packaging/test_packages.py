"""The Debian packages (cmake/packaging.cmake, tools/package.sh), built by
CPack from the already built $KEYBRIDGE_BUILD_DIR into a temporary folder (no
second compile), unpacked into an empty root with `dpkg-deb -x`, and run from
there as the unprivileged user nobody, the way people use them."""
import base64
import os
import pathlib
import re
import shutil
import signal
import subprocess
import tempfile
import time

import pytest

from cli.test_version import project_version
from oath.test_keybridge_codes import oathtool

PACKAGES = ("keybridge", "keysim")
USER = "nobody"
DIST_PACKAGES = "usr/lib/python3/dist-packages"
SK_PROVIDER = "usr/lib/keybridge/libkeybridge-sk.so"


def run(*args, **kwargs):
    return subprocess.run([str(a) for a in args], check=True,
                          capture_output=True, text=True, timeout=120, **kwargs)


def build_tree_state(build):
    """Every path under the build folder with its mtime, to prove CPack left
    it alone (CMake's install_manifest_*.txt aside, see _build_debs)."""
    state = {}
    for dirpath, _dirs, files in os.walk(build):
        for name in files:
            path = os.path.join(dirpath, name)
            state[path] = os.lstat(path).st_mtime_ns
    return state


def _build_debs(build, out):
    """cpack with the build folder's CPackConfig.cmake, output and staging in
    `out`. The one thing it writes into the build folder is what any
    `cmake --install` writes there: install_manifest_<component>.txt
    (the generated cmake_install.cmake), so the test allows only that."""
    if not (build / "CPackConfig.cmake").exists():
        pytest.fail(f"{build}/CPackConfig.cmake is missing: configure first")
    before = build_tree_state(build)
    run("cpack", "--config", build / "CPackConfig.cmake", "-B", out)
    after = build_tree_state(build)
    changed = {p for p in after if before.get(p) != after[p]}
    changed |= set(before) - set(after)
    assert changed <= {str(build / f"install_manifest_{c}.txt")
                       for c in PACKAGES}, sorted(changed)
    debs = {}
    for name in PACKAGES:
        found = sorted(pathlib.Path(out).glob(f"{name}_*.deb"))
        assert len(found) == 1, (name, os.listdir(out))
        debs[name] = found[0]
    return debs


@pytest.fixture(scope="module")
def packages(build_dir):
    """({name: .deb}, the root they are unpacked into, the work folder).
    mkdtemp makes the work folder 0700; it and the root are made 0755 so
    that the user nobody can reach the unpacked files."""
    if shutil.which("dpkg-shlibdeps") is None:
        pytest.fail("dpkg-shlibdeps is missing: tools/install-deps.sh test")
    work = pathlib.Path(tempfile.mkdtemp(prefix="keybridge-packages-"))
    try:
        debs = _build_debs(build_dir, work / "deb")
        root = work / "root"
        root.mkdir()
        for deb in debs.values():
            run("dpkg-deb", "-x", deb, root)
        for path in (work, root):
            path.chmod(0o755)
        yield debs, root, work
    finally:
        shutil.rmtree(work)


def control(deb):
    """dpkg-deb -I's control fields as a dict."""
    fields = {}
    for name in ("Package", "Version", "Architecture", "Section", "Maintainer",
                 "Depends", "Recommends", "Installed-Size", "Description"):
        fields[name] = run("dpkg-deb", "-f", deb, name).stdout.strip()
    return fields


def test_control_fields(packages):
    debs, _root, _work = packages
    arch = run("dpkg", "--print-architecture").stdout.strip()
    version = project_version()
    for name, deb in debs.items():
        info = run("dpkg-deb", "-I", deb).stdout
        assert re.search(r"^ Package: %s$" % name, info, re.M), info
        assert deb.name == f"{name}_{version}-1_{arch}.deb"
        fields = control(deb)
        assert fields["Version"] == f"{version}-1"
        assert fields["Maintainer"]
        # dpkg-shlibdeps computed these: libc6 (>= ...) etc.
        assert re.search(r"\blibc6 \(>= [0-9.]+\)", fields["Depends"]), fields
        summary, *body = fields["Description"].splitlines()
        assert summary and len(summary) < 80 and body, fields["Description"]
    keybridge, keysim = control(debs["keybridge"]), control(debs["keysim"])
    assert keybridge["Section"] == "utils"
    assert keysim["Section"] == "devel"
    for lib in ("libfido2-1", "libpcsclite1", "libhidapi-hidraw0", "libssl3",
                "libcbor0.8"):
        assert lib in keybridge["Depends"], keybridge["Depends"]
    assert "libzbar0" in keybridge["Recommends"]
    assert "libssl3" in keysim["Depends"] and "python3" in keysim["Depends"]
    for recommended in ("python3-fido2", "python3-pytest", "python3-pyscard"):
        assert recommended in keysim["Recommends"], keysim["Recommends"]


def test_contents(packages):
    debs, root, _work = packages
    listing = {name: run("dpkg-deb", "-c", deb).stdout
               for name, deb in debs.items()}
    for path in ("./usr/bin/keybridge",
                 "./usr/share/man/man1/keybridge.1.gz",  # compressed: policy
                 "./usr/share/bash-completion/completions/keybridge",
                 "./usr/share/zsh/vendor-completions/_keybridge"):
        assert f" {path}\n" in listing["keybridge"], listing["keybridge"]
    for path in ("./usr/bin/keysim",
                 "./usr/share/man/man1/keysim.1.gz",
                 "./usr/lib/udev/rules.d/70-keysim-uhid.rules",
                 f"./{DIST_PACKAGES}/keysim_harness/__init__.py",
                 f"./{DIST_PACKAGES}/keysim_harness/keysim.py",
                 f"./{DIST_PACKAGES}/keysim_harness/udp_hid.py",
                 f"./{DIST_PACKAGES}/keysim_harness/pytest_plugin.py",
                 f"./{DIST_PACKAGES}/keysim_harness-{project_version()}"
                 ".dist-info/entry_points.txt",
                 "./usr/share/keysim/cmake/keysimConfig.cmake",
                 "./usr/share/keysim/cmake/keysimConfigVersion.cmake",
                 f"./{SK_PROVIDER}"):  # docs/ssh.md §1
        assert f" {path}\n" in listing["keysim"], listing["keysim"]
    for text in listing.values():
        for line in text.splitlines():
            assert line.split()[1] == "root/root", line
            assert re.search(r" \./(usr(/.*)?)?$", line), line
            assert "aws_emulator" not in line
    # Stripped: RelWithDebInfo's debug info stays in the build folder.
    for binary in ("usr/bin/keybridge", "usr/bin/keysim", SK_PROVIDER):
        sections = run("readelf", "-S", "-W", root / binary).stdout
        assert ".debug_info" not in sections and ".symtab" not in sections


def test_sk_provider_exports_the_sk_api_only(packages):
    """libkeybridge-sk.so as OpenSSH dlopen()s it: the four sk-api functions
    (docs/ssh.md, sk/src/sk_api.h) and no other symbol; every library it
    needs is in the package's Depends."""
    debs, root, _work = packages
    lib = root / SK_PROVIDER
    symbols = run("nm", "-D", "--defined-only", lib).stdout.split()
    exported = {s for s in symbols if s.startswith("sk_")}
    assert exported == {"sk_api_version", "sk_enroll", "sk_sign",
                        "sk_load_resident_keys"}, symbols
    assert len(symbols) == 3 * len(exported), symbols  # address, type, name
    depends = control(debs["keysim"])["Depends"]
    assert "libfido2-1" in depends, depends


def as_user(*args, env=None, **kwargs):
    """args run as USER with only the environment given."""
    if os.geteuid() != 0:
        pytest.skip("runs the unpacked binaries as 'nobody' with runuser, "
                    "which needs root")
    cmd = ["runuser", "-u", USER, "--", "env", "-i",
           *(f"{k}={v}" for k, v in (env or {}).items()), *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60,
                          **kwargs)


def user_env(root, home):
    return {"PATH": f"{root}/usr/bin:/usr/bin:/bin", "HOME": home,
            "LANG": "C.UTF-8"}


@pytest.fixture
def user_home(packages):
    """An empty home folder that belongs to USER, inside the private work
    folder."""
    _debs, _root, work = packages
    home = pathlib.Path(tempfile.mkdtemp(dir=work, prefix="home-"))
    shutil.chown(home, USER)
    return home


@pytest.mark.parametrize("binary", PACKAGES)
def test_version_and_help_as_user(binary, packages, user_home):
    _debs, root, _work = packages
    env = user_env(root, user_home)
    proc = as_user(binary, "--version", env=env, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"{binary} {project_version()}"), proc.stdout
    proc = as_user(binary, "--help", env=env, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    assert "--help" in proc.stdout


def start_keysim(root, env, state):
    """The unpacked keysim as USER on an ephemeral loopback UDP port."""
    proc = subprocess.Popen(
        ["runuser", "-u", USER, "--", "env", "-i",
         *(f"{k}={v}" for k, v in env.items()),
         f"{root}/usr/bin/keysim", "--udp", "127.0.0.1:0", "--state", state],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    if not line.startswith("listening udp:"):
        proc.kill()
        raise AssertionError(f"keysim: {line!r} {proc.communicate()[1]!r}")
    return proc, line.split()[1]


def test_totp_code_as_user_matches_oathtool(packages, user_home):
    _debs, root, _work = packages
    env = user_env(root, user_home)
    state = user_home / "keysim-state"  # keysim creates it, 0700
    keysim, uri = start_keysim(root, env, state)
    try:
        secret = base64.b32encode(os.urandom(20)).decode()
        keybridge = ["keybridge", "--device", uri]
        proc = as_user(*keybridge, "oath", "accounts", "add", "pkg@example",
                       env=env, input=secret + "\n")  # stdin, never argv
        assert proc.returncode == 0, proc.stderr
        for _attempt in range(3):  # a retry when a 30 s step boundary falls
            before = int(time.time())  # between the two clocks
            proc = as_user(*keybridge, "oath", "accounts", "code", "--single",
                           "pkg@example", env=env, stdin=subprocess.DEVNULL)
            after = int(time.time())
            assert proc.returncode == 0, proc.stderr
            if before // 30 == after // 30:
                break
        assert proc.stdout.strip() == oathtool(secret, before)
        assert secret not in proc.stdout + proc.stderr
    finally:
        # SIGTERM to keysim itself: runuser would end it but report the
        # signal as its own status. env exec()s keysim, runuser's only child.
        children = pathlib.Path(f"/proc/{keysim.pid}/task/{keysim.pid}/children")
        os.kill(int(children.read_text().split()[0]), signal.SIGTERM)
        _out, err = keysim.communicate(timeout=10)
    assert keysim.returncode == 0, err  # SIGTERM (simulator/src/main.cc)
    # The state belongs to USER and is private (simulator/src/host_platform.cc).
    for path in (state, *state.iterdir()):
        st = path.stat()
        assert (st.st_mode & 0o077) == 0 and st.st_uid != 0, path


def test_installed_sk_provider_as_user(packages, user_home):
    """ssh-keygen run by USER makes an ed25519-sk key on the unpacked keysim
    through the unpacked libkeybridge-sk.so (docs/ssh.md §3)."""
    ssh_keygen = shutil.which("ssh-keygen")
    if ssh_keygen is None:
        pytest.skip("openssh-client is not installed (tools/install-deps.sh "
                    "test)")
    _debs, root, _work = packages
    env = user_env(root, user_home)
    keysim, uri = start_keysim(root, env, user_home / "keysim-state")
    try:
        key = user_home / "id_ed25519_sk"
        proc = as_user(ssh_keygen, "-t", "ed25519-sk", "-w", root / SK_PROVIDER,
                       "-f", key, "-N", "",
                       env={**env, "KEYBRIDGE_DEVICE": uri},
                       stdin=subprocess.DEVNULL)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert pathlib.Path(f"{key}.pub").read_text().startswith(
            "sk-ssh-ed25519@openssh.com ")
    finally:
        children = pathlib.Path(f"/proc/{keysim.pid}/task/{keysim.pid}/children")
        os.kill(int(children.read_text().split()[0]), signal.SIGTERM)
        keysim.communicate(timeout=10)


def test_installed_harness_finds_installed_keysim(packages, user_home):
    _debs, root, _work = packages
    env = dict(user_env(root, user_home), PYTHONPATH=root / DIST_PACKAGES)
    script = ("import keysim_harness, keysim_harness.keysim as k\n"
              "print(keysim_harness.__file__)\n"
              "print(k.find_keysim())\n"
              "sim = k.KeySim(None, %r).start()\n"
              "print(sim.uri)\n"
              "print(sim.stop())\n") % str(user_home / "harness-state")
    proc = as_user("/usr/bin/python3", "-c", script, env=env,
                   stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    module, keysim, uri, rc = proc.stdout.splitlines()
    assert module == f"{root}/{DIST_PACKAGES}/keysim_harness/__init__.py"
    assert keysim == f"{root}/usr/bin/keysim"
    assert re.fullmatch(r"udp:127\.0\.0\.1:\d+", uri)
    assert rc == "0"
