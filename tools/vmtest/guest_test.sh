#!/bin/bash
# Runs inside the vmtest guest (tools/vmtest/init.sh chroots into the host's
# read-only / and calls it): keysim --uhid creates a FIDO key in the guest
# kernel, and real clients talk to it through /dev/hidraw:
#   - sysfs: the hidraw node's HID device has our name and test VID:PID;
#   - libfido2 (fido2-token -L and -I);
#   - python-fido2 over hidraw (guest_fido2.py: enumerate, ping, OATH
#     SELECT on vendor command 0x70, CTAP2 getInfo);
#   - keybridge over hidapi-hidraw (list, info, oath accounts add / code
#     compared with oathtool);
#   - keysim exits on SIGTERM and its hidraw node goes away (UHID_DESTROY);
#   - keysim --udp --uhid prints both lines in that order, and an account
#     added over UDP gives oathtool's code over hidraw (one device core).
# Each check prints `VMTEST PASS name` or `VMTEST FAIL name: detail`; the
# last line is `VMTEST RESULT: PASS` or `VMTEST RESULT: FAIL <failures>`.
# Usage: guest_test.sh BUILD_DIR PROJECT_ROOT
set -u
build=$1
root=$2
keysim=$build/simulator/keysim
keybridge=$build/bridge/keybridge
out=/run/vmtest-out
work=/run/vmtest
mkdir -p "$work" "$HOME"
unset KEYBRIDGE_DEVICE
failures=0
checks=0

pass() {
  checks=$((checks + 1))
  echo "VMTEST PASS $1"
}
fail() {
  checks=$((checks + 1))
  failures=$((failures + 1))
  echo "VMTEST FAIL $1: $2"
}
# Keeps a command's output for later checks and for the log.
run() {
  local name=$1
  shift
  "$@" >"$work/$name.out" 2>&1
  local rc=$?
  { echo "### $name (exit $rc): $*"; cat "$work/$name.out"; } >>"$out/guest.log"
  return $rc
}
oneline() { tr '\n' ' ' <"$1" | cut -c1-300; }
finish() {
  echo "VMTEST INFO $checks checks, $failures failed"
  if [[ $failures -eq 0 && $checks -gt 0 ]]; then
    echo "VMTEST RESULT: PASS"
    exit 0
  fi
  echo "VMTEST RESULT: FAIL $failures"
  exit 1
}

echo "VMTEST INFO kernel $(uname -r), build $build"

# --- keysim --uhid -----------------------------------------------------------
"$keysim" --uhid --state "$work/keysim-state" >"$work/keysim.out" \
  2>"$work/keysim.err" &
keysim_pid=$!
dev=""
for _ in $(seq 200); do
  dev=$(sed -n 's/^listening uhid:\(\/dev\/hidraw[0-9]*\)$/\1/p' \
    "$work/keysim.out")
  [[ -n "$dev" ]] && break
  kill -0 "$keysim_pid" 2>/dev/null || break
  sleep 0.1
done
if [[ -n "$dev" && -c "$dev" ]]; then
  pass "keysim --uhid created $dev"
else
  fail "keysim --uhid" "no hidraw node: $(oneline "$work/keysim.out") $(oneline "$work/keysim.err")"
  finish
fi
if grep -q '^listening udp:' "$work/keysim.out"; then
  fail "keysim --uhid alone" "also opened UDP: $(oneline "$work/keysim.out")"
else
  pass "keysim --uhid alone serves no UDP"
fi

# --- sysfs: what the kernel made of UHID_CREATE2 -------------------------------
uevent=/sys/class/hidraw/${dev#/dev/}/device/uevent
if grep -qx 'HID_ID=0003:00001209:00000001' "$uevent" &&
  grep -qx 'HID_NAME=keybridge keysim' "$uevent"; then
  pass "sysfs: bus USB, VID:PID 1209:0001, name 'keybridge keysim'"
else
  fail "sysfs" "$(oneline "$uevent")"
fi

# --- python-fido2 over hidraw ------------------------------------------------
run python_fido2 timeout 60 /usr/bin/python3 "$root/tools/vmtest/guest_fido2.py" \
  "$dev" "$work/getinfo.json"
py_rc=$?
while IFS= read -r line; do
  case "$line" in
    "PASS "*) pass "python-fido2: ${line#PASS }" ;;
    "FAIL "*) fail "python-fido2" "${line#FAIL }" ;;
  esac
done <"$work/python_fido2.out"
if [[ $py_rc -ne 0 ]] && ! grep -q '^FAIL ' "$work/python_fido2.out"; then
  fail "python-fido2" "exit $py_rc: $(tail -3 "$work/python_fido2.out" | tr '\n' ' ')"
fi
aaguid=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["aaguid"])' \
  "$work/getinfo.json" 2>/dev/null)
versions=$(/usr/bin/python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))["versions"]))' \
  "$work/getinfo.json" 2>/dev/null)

# --- libfido2: fido2-token ------------------------------------------------------
if run fido2_token_L timeout 20 fido2-token -L &&
  grep -q "^$dev: vendor=0x1209, product=0x0001" "$work/fido2_token_L.out"; then
  pass "fido2-token -L lists $dev (vendor=0x1209, product=0x0001)"
else
  fail "fido2-token -L" "$(oneline "$work/fido2_token_L.out")"
fi
if run fido2_token_I timeout 30 fido2-token -I "$dev"; then
  got_aaguid=$(sed -n 's/^aaguid: //p' "$work/fido2_token_I.out")
  got_versions=$(sed -n 's/^version strings: //p' "$work/fido2_token_I.out")
  if [[ -n "$aaguid" && "$got_aaguid" == "$aaguid" ]]; then
    pass "fido2-token -I: aaguid $got_aaguid (same as python-fido2)"
  else
    fail "fido2-token -I aaguid" "libfido2 '$got_aaguid', python-fido2 '$aaguid'"
  fi
  want_versions=$(tr ' ' '\n' <<<"$versions" | sort | paste -sd,)
  have_versions=$(tr -d ' ' <<<"$got_versions" | tr ',' '\n' | sort | paste -sd,)
  if [[ -n "$want_versions" && "$have_versions" == "$want_versions" ]]; then
    pass "fido2-token -I: versions $got_versions"
  else
    fail "fido2-token -I versions" "libfido2 '$got_versions', python-fido2 '$versions'"
  fi
else
  fail "fido2-token -I" "$(oneline "$work/fido2_token_I.out")"
fi

# --- keybridge over hidapi-hidraw ----------------------------------------------
if run kb_list timeout 30 "$keybridge" list &&
  grep -qP "^hid\t\Q$dev\E\t.*\toath: yes" "$work/kb_list.out"; then
  pass "keybridge list: hid $dev, oath: yes"
else
  fail "keybridge list" "$(oneline "$work/kb_list.out")"
fi
if run kb_info timeout 60 "$keybridge" info --json &&
  /usr/bin/python3 - "$work/kb_info.out" "$aaguid" <<'EOF'
import json, sys
report = json.load(open(sys.argv[1]))
info = report["fido2"]["info"]
assert info["aaguid"].replace("-", "").lower() == sys.argv[2], info["aaguid"]
assert report["oath"], report["oath"]
EOF
then
  pass "keybridge info: FIDO2 getInfo aaguid $aaguid, OATH applet"
else
  fail "keybridge info" "$(oneline "$work/kb_info.out")"
fi
# A fresh random secret per run, so no fixed code can pass.
secret=$(head -c 20 /dev/urandom | base32 | tr -d '=')
if run kb_add timeout 30 "$keybridge" oath accounts add vmtest \
  <<<"$secret" && grep -qx "Added 'vmtest'." "$work/kb_add.out"; then
  pass "keybridge oath accounts add (secret on stdin)"
else
  fail "keybridge oath accounts add" "$(oneline "$work/kb_add.out")"
fi
for t in 59 1111111109; do
  want=$(oathtool --totp -b --now "@$t" - <<<"$secret")
  if run "kb_code_$t" timeout 30 "$keybridge" oath accounts code vmtest \
    --single --time "$t" &&
    [[ -n "$want" && "$(tr -d '[:space:]' <"$work/kb_code_$t.out")" == "$want" ]]; then
    pass "keybridge oath accounts code --time $t = oathtool ($want)"
  else
    fail "keybridge code --time $t" "got '$(oneline "$work/kb_code_$t.out")', oathtool '$want'"
  fi
done

# --- --uhid with --udp: one device core behind both transports --------------------
kill -TERM "$keysim_pid"
wait "$keysim_pid"
keysim_rc=$?
gone=0
for _ in $(seq 50); do
  [[ -e "$dev" ]] || { gone=1; break; }
  sleep 0.1
done
if [[ $keysim_rc -eq 0 && $gone -eq 1 ]]; then
  pass "keysim exits 0 on SIGTERM and $dev is removed"
else
  fail "keysim teardown" "exit $keysim_rc, $dev still present: $((1 - gone)); $(oneline "$work/keysim.err")"
fi

"$keysim" --udp 127.0.0.1:0 --uhid --uhid-name "keysim both" \
  --state "$work/keysim-both" >"$work/both.out" 2>"$work/both.err" &
both_pid=$!
for _ in $(seq 200); do
  [[ $(wc -l <"$work/both.out") -ge 2 ]] && break
  kill -0 "$both_pid" 2>/dev/null || break
  sleep 0.1
done
udp=$(sed -n '1s/^listening \(udp:127\.0\.0\.1:[0-9]*\)$/\1/p' "$work/both.out")
dev2=$(sed -n '2s/^listening uhid:\(\/dev\/hidraw[0-9]*\)$/\1/p' "$work/both.out")
if [[ -n "$udp" && -n "$dev2" ]] &&
  grep -qx 'HID_NAME=keysim both' "/sys/class/hidraw/${dev2#/dev/}/device/uevent"; then
  pass "keysim --udp --uhid: udp line, then uhid line ($udp, $dev2)"
  secret2=$(head -c 20 /dev/urandom | base32 | tr -d '=')
  want=$(oathtool --totp -b --now @59 - <<<"$secret2")
  if run both_add timeout 30 "$keybridge" --device "$udp" oath accounts add \
    viaudp <<<"$secret2" &&
    run both_code timeout 30 "$keybridge" --device "$dev2" oath accounts code \
      viaudp --single --time 59 &&
    [[ "$(tr -d '[:space:]' <"$work/both_code.out")" == "$want" ]]; then
    pass "account added over UDP gives oathtool's code over hidraw ($want)"
  else
    fail "udp+uhid same device" "$(oneline "$work/both_add.out") / $(oneline "$work/both_code.out"), oathtool '$want'"
  fi
else
  fail "keysim --udp --uhid" "$(oneline "$work/both.out") $(oneline "$work/both.err")"
fi
kill -TERM "$both_pid"
wait "$both_pid"
finish
