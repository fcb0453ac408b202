#!/usr/bin/env bash
# Builds the Debian packages keybridge_*.deb (the CLI) and keysim_*.deb (the
# simulator, its udev rule and the Python harness keysim_harness) on Debian
# 12: a Release build without tests in build/package (CMake preset
# "package"), then CPack (cmake/packaging.cmake). Prints the .deb paths.
# Install them with: sudo apt install ./keybridge_*.deb ./keysim_*.deb
# (docs/install.md).
# Usage: tools/package.sh [OUTPUT_DIR]   (default: build/package/deb)
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-build/package/deb}")

tools/install-deps.sh package
cmake --preset package >/dev/null
cmake --build --preset package -j "$(nproc)" >/dev/null
mkdir -p "$out"
rm -f "$out"/keybridge_*.deb "$out"/keysim_*.deb
cpack --config build/package/CPackConfig.cmake -B "$out" >/dev/null
rm -rf "$out/_CPack_Packages"  # CPack's staging folders
# Fails on lintian errors; the waived tags are explained in docs/install.md.
lintian --fail-on error --suppress-tags no-copyright-file,initial-upload-closes-no-bugs \
  "$out"/keybridge_*.deb "$out"/keysim_*.deb >&2
ls "$out"/keybridge_*.deb "$out"/keysim_*.deb
