#!/usr/bin/env bash
# The main job, end to end on Debian 12: build keybridge, start keysim as the
# default key (state in a temporary folder), put a fresh TOTP secret into it,
# and print the key's current code next to oathtool's for the same secret.
# The secret only ever travels through pipes: never argv, never a file.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

tools/install-deps.sh test
cmake --preset default >/dev/null
cmake --build --preset default -j "$(nproc)" >/dev/null
bin=$root/build/default

work=$(mktemp -d)
keysim_pid=
cleanup() {
  [[ -n $keysim_pid ]] && kill "$keysim_pid" 2>/dev/null && wait "$keysim_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# Start keysim and read the one line that says where it listens.
coproc KEYSIM { exec "$bin/simulator/keysim" --udp 127.0.0.1:0 --state "$work/keysim"; }
keysim_pid=$KEYSIM_PID
read -r -t 10 listening <&"${KEYSIM[0]}"
export KEYBRIDGE_DEVICE=${listening#listening }
echo "keysim: $listening (state in $work/keysim)"

"$bin/bridge/keybridge" list

secret=$(head -c 20 /dev/urandom | base32)
printf '%s\n' "$secret" |
  "$bin/bridge/keybridge" oath accounts add demo@example.com --issuer Demo
echo "accounts on the key:"
"$bin/bridge/keybridge" oath accounts list

now=$(date +%s)
key_code=$("$bin/bridge/keybridge" oath accounts code Demo:demo@example.com --single --time "$now")
ref_code=$(printf '%s\n' "$secret" | oathtool --totp -b --now "@$now" -)
unset secret
printf 'keybridge (key): %s\noathtool  (ref): %s\n' "$key_code" "$ref_code"
[[ "$key_code" == "$ref_code" ]] || { echo "MISMATCH" >&2; exit 1; }
echo "codes match"
