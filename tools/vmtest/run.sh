#!/usr/bin/env bash
# tools/vmtest/run.sh — tests keysim --uhid through a real Linux HID stack
# (uhid → /dev/hidraw) inside a QEMU guest, because the host kernel here has
# no uhid and cannot load modules.
#
# Usage: tools/vmtest/run.sh [--build DIR] [--cache DIR] [--timeout SECONDS]
#                            [--guest-script PATH]
#   --build    CMake build folder whose simulator/keysim and bridge/keybridge
#              the guest runs (default: build/default)
#   --cache    work folder for the kernel, the initramfs and run logs
#              (default: build/vmtest)
#   --timeout  hard limit for the QEMU run (default: 240)
#   --guest-script  what the guest runs instead of tools/vmtest/guest_test.sh
#              (for debugging; same arguments, same result-line contract)
#
# What it does:
#   1. Resolves the kernel package linux-image-amd64 depends on today
#      (apt-cache depends), `apt-get download`s it and `dpkg-deb -x`s it into
#      the cache (once per package version; nothing touches the host's /boot),
#      keeping vmlinuz and the modules the guest needs.
#   2. Builds a busybox initramfs whose /init (tools/vmtest/init.sh) loads
#      those modules in a fixed order, mounts the host's / read-only over 9p,
#      chroots into it and runs tools/vmtest/guest_test.sh; a second,
#      writable 9p share carries the guest's log out.
#   3. Boots qemu-system-x86_64 with TCG (KVM cannot boot this kernel here)
#      under `timeout`, and reads the guest's check lines and its
#      `VMTEST RESULT: ...` line from the console.
#
# Output: the guest's PASS/FAIL lines, then `vmtest: PASS (N s)` or
# `vmtest: FAIL ...`. Exit status: 0 pass, 1 a guest check failed,
# 2 the guest did not report (boot failure, timeout), 77 the VM cannot run
# on this machine (missing tool or kernel package; the reason is printed as
# `vmtest: SKIP reason`).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
build="$root/build/default"
cache="$root/build/vmtest"
timeout_s=240
guest_script=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build) build=$(cd "$2" && pwd); shift 2 ;;
    --cache) mkdir -p "$2"; cache=$(cd "$2" && pwd); shift 2 ;;
    --timeout) timeout_s=$2; shift 2 ;;
    --guest-script) guest_script=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
      shift 2 ;;
    *) echo "usage: $0 [--build DIR] [--cache DIR] [--timeout SECONDS]" \
         "[--guest-script PATH]" >&2
       exit 2 ;;
  esac
done

skip() { echo "vmtest: SKIP $*"; exit 77; }
fail() { echo "vmtest: FAIL $*"; exit 2; }

# Loaded in exactly this order: another order makes the 9p mount fail with
# "Invalid argument" (docs/testing.md recipe A).
modules=(hid uhid hid-generic virtio_ring virtio virtio_pci_legacy_dev
  virtio_pci_modern_dev virtio_pci netfs fscache 9pnet 9pnet_virtio 9p)

for tool in qemu-system-x86_64 busybox cpio apt-get apt-cache dpkg-deb gzip \
  timeout flock; do
  command -v "$tool" >/dev/null ||
    skip "$tool not found (install qemu-system-x86 busybox-static cpio kmod)"
done
busybox_bin=$(command -v busybox)
{ ldd "$busybox_bin" 2>&1 || true; } | grep -q "not a dynamic executable" ||
  skip "$busybox_bin is not static (install busybox-static)"
for bin in simulator/keysim bridge/keybridge; do
  [[ -x "$build/$bin" ]] || fail "$build/$bin is missing: build it first"
done
[[ "$root$build$cache$guest_script" != *[[:space:]]* ]] ||
  fail "paths with spaces are not supported (kernel command line)"

# --- 1. kernel -------------------------------------------------------------
mkdir -p "$cache"
exec 9>"$cache/lock"
flock 9  # one preparer at a time; released before the boot
pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
  awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }')
[[ -n "$pkg" ]] ||
  skip "apt-cache cannot resolve linux-image-amd64 (run apt-get update)"
version=$(apt-cache show --no-all-versions "$pkg" 2>/dev/null |
  awk '$1 == "Version:" { print $2; exit }')
kdir="$cache/kernel/$pkg-$version"
if [[ ! -f "$kdir/ready" ]]; then
  echo "vmtest: fetching $pkg $version" >&2
  rm -rf "$kdir"
  mkdir -p "$kdir/dl" "$kdir/modules"
  (cd "$kdir/dl" && apt-get download "$pkg" >/dev/null 2>"$kdir/dl/log") ||
    skip "apt-get download $pkg failed: $(tail -1 "$kdir/dl/log")"
  dpkg-deb -x "$kdir"/dl/*.deb "$kdir/x"
  cp "$kdir"/x/boot/vmlinuz-* "$kdir/vmlinuz"
  for m in "${modules[@]}"; do
    ko=$(find "$kdir/x/lib/modules" -name "$m.ko" -o -name "$m.ko.xz" \
      -o -name "$m.ko.zst" | head -1)
    [[ -n "$ko" ]] || fail "module $m is not in $pkg"
    case "$ko" in
      *.xz) xz -dc "$ko" >"$kdir/modules/$m.ko" ;;
      *.zst) zstd -qdc "$ko" >"$kdir/modules/$m.ko" ;;
      *) cp "$ko" "$kdir/modules/$m.ko" ;;
    esac
  done
  rm -rf "$kdir/x" "$kdir/dl"  # ~400 MB of modules the guest does not need
  touch "$kdir/ready"
fi

# --- 2. initramfs ------------------------------------------------------------
here="$root/tools/vmtest"
guest_script=${guest_script:-$here/guest_test.sh}
key=$( (sha256sum "$here/init.sh" "$busybox_bin"; echo "${modules[*]}") |
  sha256sum | cut -c1-16)
initrd="$kdir/initrd-$key.cpio.gz"
if [[ ! -f "$initrd" ]]; then
  stage=$(mktemp -d "$cache/initramfs.XXXXXX")
  mkdir -p "$stage"/{bin,dev,proc,sys,mnt/host,lib/modules}
  cp "$busybox_bin" "$stage/bin/busybox"
  cp "$here/init.sh" "$stage/init"
  chmod 755 "$stage/init"
  printf '%s\n' "${modules[@]}" >"$stage/lib/modules/order"
  cp "$kdir"/modules/*.ko "$stage/lib/modules/"
  (cd "$stage" && find . | cpio -o -H newc --quiet | gzip -9) >"$initrd.tmp"
  mv "$initrd.tmp" "$initrd"
  rm -rf "$stage"
fi

# --- 3. boot -----------------------------------------------------------------
flock -u 9
# Keep the logs of the last few runs only.
find "$cache" -maxdepth 1 -name 'run.*' -printf '%T@ %p\n' | sort -rn |
  tail -n +6 | cut -d' ' -f2- | xargs -r rm -rf
run_dir=$(mktemp -d "$cache/run.XXXXXX")
mkdir -p "$run_dir/out"
console="$run_dir/console.log"
start=$(date +%s)
set +e
timeout --kill-after=10 "$timeout_s" qemu-system-x86_64 \
  -accel tcg -m 1024 -smp 1 -nographic -no-reboot -net none \
  -kernel "$kdir/vmlinuz" -initrd "$initrd" \
  -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
  -virtfs "local,path=$run_dir/out,mount_tag=vmtestout,security_model=none,multidevs=remap" \
  -virtfs "local,path=$root,mount_tag=project,security_model=none,readonly=on,multidevs=remap" \
  -append "console=ttyS0 quiet panic=-1 guest_test=$guest_script guest_build=$build guest_root=$root" \
  </dev/null >"$console" 2>&1
qemu_rc=$?
set -e
elapsed=$(($(date +%s) - start))

# The console is the source of truth; QEMU's status does not carry the
# guest's. Check lines are printed by guest_test.sh as `VMTEST PASS|FAIL ...`.
tr -d '\r' <"$console" | grep -E '^VMTEST (PASS|FAIL|INFO) ' | sed 's/^VMTEST //'
result=$(tr -d '\r' <"$console" | grep -aoE 'VMTEST RESULT: [A-Z]+( [0-9]+)?' |
  tail -1 | sed 's/^VMTEST RESULT: //')
echo "vmtest: console log $console" >&2
if [[ "$result" == PASS ]]; then
  echo "vmtest: PASS (${elapsed} s)"
  exit 0
fi
if [[ "$result" == FAIL* ]]; then
  echo "vmtest: $result (${elapsed} s)"
  exit 1
fi
echo "--- last console lines:"
tr -d '\r' <"$console" | tail -25
if [[ $qemu_rc -eq 124 || $qemu_rc -eq 137 ]]; then
  fail "no result after ${timeout_s} s (timeout)"
fi
fail "no result line (qemu exit $qemu_rc after ${elapsed} s)"
