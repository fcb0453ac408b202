#!/bin/busybox sh
# shellcheck shell=dash disable=SC2013  # word splitting of the lists is intended
# /init of the vmtest initramfs (tools/vmtest/run.sh builds it).
#
# Loads the modules listed in /lib/modules/order, in that order; mounts the
# host's / (9p tag "hostroot") read-only on /mnt/host and the writable 9p
# share "vmtestout" on /mnt/host/run/vmtest-out and the project (9p tag
# "project") at $guest_root; gives the chroot fresh
# proc, sysfs, devtmpfs and tmpfs /run and /tmp; chroots and runs
# $guest_test $guest_build $guest_root (kernel command-line parameters)
# with loopback up (-net none leaves the guest only lo);
# prints `VMTEST EXIT <status>` and powers off. Any setup failure prints
# `VMTEST RESULT: FAIL setup` so the host never waits for the timeout.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev

die() {
  echo "VMTEST INFO init: $*" >/dev/console
  echo "VMTEST RESULT: FAIL setup" >/dev/console
  poweroff -f
}

for m in $(cat /lib/modules/order); do
  insmod "/lib/modules/$m.ko" || die "insmod $m failed"
done

for arg in $(cat /proc/cmdline); do
  case "$arg" in
    guest_test=*) guest_test=${arg#guest_test=} ;;
    guest_build=*) guest_build=${arg#guest_build=} ;;
    guest_root=*) guest_root=${arg#guest_root=} ;;
  esac
done
[ -n "$guest_test" ] || die "no guest_test= on the kernel command line"
ip link set lo up || die "cannot bring up lo"  # keysim --udp 127.0.0.1

h=/mnt/host
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=262144 hostroot $h ||
  die "9p mount of the host root failed"
mount -t proc proc $h/proc || die "mount proc"
mount -t sysfs sysfs $h/sys || die "mount sysfs"
mount -t devtmpfs devtmpfs $h/dev || die "mount devtmpfs"
mount -t tmpfs -o mode=0755 tmpfs $h/run || die "mount /run"
mount -t tmpfs -o mode=1777 tmpfs $h/tmp || die "mount /tmp"
mkdir -p $h/run/vmtest-out
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 vmtestout \
  $h/run/vmtest-out || die "9p mount of the output share failed"
# The project has its own share: the checkout may live under /tmp (hidden by
# the tmpfs above) or on another mount the host root share does not cross.
if [ -n "$guest_root" ]; then
  mkdir -p "$h$guest_root" 2>/dev/null
  mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=262144 project \
    "$h$guest_root" || die "9p mount of the project failed"
fi

chroot $h /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  HOME=/run/vmtest-home TMPDIR=/tmp LANG=C.UTF-8 \
  /bin/bash "$guest_test" "$guest_build" "$guest_root" >/dev/console 2>&1
echo "VMTEST EXIT $?" >/dev/console
sync
umount $h/run/vmtest-out
poweroff -f
