#!/usr/bin/env bash
# The main job, end to end on Debian 12: build keybridge, start keysim as the
# default key (state in a temporary folder), put a fresh TOTP secret into it,
# and print the key's current code next to oathtool's for the same secret.
# Then the AWS flow against the local STS/IAM emulator (tools/aws_emulator)
# with Debian's AWS CLI v2: enroll the key as an IAM user's virtual MFA device
# (the seed goes from AWS straight into the key) and get session credentials
# with a code from the key.
# Secrets only ever travel through pipes: never argv, never a file.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

tools/install-deps.sh demo
# Only what the demo runs, as the packages build it (release, no tests; the
# tests are tools/test.sh's).
cmake --preset package >/dev/null
cmake --build --preset package -j "$(nproc)" --target keybridge keysim >/dev/null
bin=$root/build/package

work=$(mktemp -d)
keysim_pid=
emulator_pid=
cleanup() {
  # A process we stop here ends by SIGTERM (status 143): that is expected and
  # must not become the script's exit status.
  for pid in $keysim_pid $emulator_pid; do
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  done
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

echo
echo "== AWS: enroll the key as alice's MFA device, then a session (local emulator)"
/usr/bin/python3 tools/aws_emulator/server.py --state "$work/aws.json" --port 0 \
  >"$work/emulator.out" &
emulator_pid=$!
for _ in $(seq 100); do
  read -r emu_listening <"$work/emulator.out" 2>/dev/null && break
  sleep 0.1
done
endpoint=${emu_listening#listening }
echo "emulator: $endpoint"

# alice's long-term keys go into a private AWS config, as `aws configure` would.
mkdir -m 700 "$work/home" "$work/home/.aws"
/usr/bin/python3 tools/aws_emulator/admin.py --state "$work/aws.json" add-user alice |
  /usr/bin/python3 -c 'import json,sys; u=json.load(sys.stdin); print("[demo]\naws_access_key_id = %s\naws_secret_access_key = %s" % (u["AccessKeyId"], u["SecretAccessKey"]))' \
  >"$work/home/.aws/credentials"
printf '[profile demo]\nregion = us-east-1\n' >"$work/home/.aws/config"
chmod 600 "$work/home/.aws/"*
export HOME=$work/home XDG_CACHE_HOME=$work/cache KEYBRIDGE_AWS=/usr/bin/aws
unset AWS_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN

"$bin/bridge/keybridge" aws enroll --user alice --profile demo --endpoint-url "$endpoint"
echo "~/.aws/config is now:"
sed 's/^/  /' "$HOME/.aws/config"

echo "session credentials from a code of the key (secret values shortened):"
"$bin/bridge/keybridge" aws session --profile demo --endpoint-url "$endpoint" --format env |
  sed -E "s/^(export AWS_(SECRET_ACCESS_KEY|SESSION_TOKEN)='.{6}).*'/\1…'/"
echo "the AWS CLI run with that session:"
"$bin/bridge/keybridge" aws exec --profile demo -- \
  /usr/bin/aws sts get-caller-identity --endpoint-url "$endpoint" --output json
