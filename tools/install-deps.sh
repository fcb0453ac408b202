#!/usr/bin/env bash
# Installs the Debian 12 packages keybridge needs to build and test.
# Usage: tools/install-deps.sh [build|demo|package|test]
#   build: what the build needs; demo: + what tools/demo.sh runs;
#   package: + what tools/package.sh runs (CPack DEB);
#   test: + every test tool (tools/test.sh).
# Installs only what is missing; needs root (or sudo) when something is.
set -euo pipefail

build_pkgs=(cmake ninja-build g++ pkg-config libssl-dev libcbor-dev
  libfido2-dev libhidapi-dev libpcsclite-dev libzbar-dev libpng-dev
  libcli11-dev nlohmann-json3-dev libcurl4-openssl-dev oathtool
  scdoc)  # scdoc renders docs/man/*.scd
demo_pkgs=(python3 awscli)  # oathtool is in build_pkgs (unit vectors)
# CPack DEB: dpkg-shlibdeps (dpkg-dev) computes Depends, and `file` tells it
# which files are ELF; strip is in binutils (g++). lintian checks the result.
package_pkgs=(dpkg-dev file lintian)
test_pkgs=(libboost-test-dev               # unit tests (Boost.Test)
  clang libclang-rt-14-dev                  # preset asan: ASan+UBSan, libFuzzer
  python3 python3-pytest python3-fido2 fido2-tools awscli zbar-tools
  python3-pytest-xdist                      # integration tests, one per core
  python3-qrcode python3-pil
  dpkg-dev file util-linux                          # tests/integration/packaging
  pcscd vsmartcard-vpcd yubikey-manager pcsc-tools  # PC/SC tests (vpcd + ykman)
  python3-pyscard libpcsclite-dev python3-yaml   # tests/integration/examples
  qemu-system-x86 busybox-static cpio kmod          # tools/vmtest (uhid in QEMU)
  groff-base bash-completion zsh   # tests/integration/cli (man, completion)
  valgrind                         # tests/integration/cli (callgrind counts)
  openssh-client openssh-server)   # tests/integration/ssh (libkeybridge-sk)
pkgs=("${build_pkgs[@]}")
# Every package a group needs is listed, so apt's Recommends are left out
# (libzbar-dev alone recommends a desktop's worth); the test group keeps them
# for the test tools' optional parts.
apt_options=(--no-install-recommends)
case "${1:-build}" in
  build) ;;
  demo) pkgs+=("${demo_pkgs[@]}") ;;
  package) pkgs+=("${package_pkgs[@]}") ;;
  test) pkgs+=("${demo_pkgs[@]}" "${test_pkgs[@]}"); apt_options=() ;;
  *) echo "usage: $0 [build|demo|package|test]" >&2; exit 2 ;;
esac

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

sudo=()
[[ $(id -u) -ne 0 ]] && sudo=(sudo)
echo "installing: ${missing[*]}" >&2
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq \
  "${apt_options[@]}" "${missing[@]}" >/dev/null
