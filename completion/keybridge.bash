# bash completion for keybridge(1): commands, options, account names (from
# the key, `keybridge oath accounts list`) and device URIs (`keybridge list`).
#
# Needs the bash-completion package (_init_completion,
# __ltrim_colon_completions): it is also what loads this file from
# /usr/share/bash-completion/completions, so the keybridge package should
# Recommend bash-completion. The command tree mirrors bridge/src/cli/*.cc;
# tests/integration/cli/test_completion.py fails when it falls behind
# `keybridge --help`.

# Sub-commands and options of each command path ("." is the top level).
declare -gA _keybridge_subcommands=(
  [.]="list info fido oath aws trace"
  [fido]="info pin credentials config reset"
  [fido pin]="set change"
  [fido credentials]="list delete"
  [fido config]="toggle-always-uv set-min-pin-length"
  [oath]="accounts access pin reset"
  [oath accounts]="add uri list code delete"
  [oath access]="change remember forget"
  [oath pin]="set change verify"
  [aws]="session exec credential-process login logout enroll"
)
_keybridge_aws_session_opts="--profile --aws --endpoint-url --serial --account
  --duration --no-cache --no-session"
declare -gA _keybridge_options=(
  [.]="--device --version"
  [info]="--json"
  [fido info]="--json"
  [fido credentials list]="--json"
  [fido credentials delete]="-f --force"
  [fido config set-min-pin-length]="--rp-id --force-change-pin"
  [fido reset]="-f --force"
  [oath accounts add]="--qr -i --issuer -a --algorithm -d --digits -p --period
    -t --touch -H --hotp -c --counter"
  [oath accounts uri]="-t --touch"
  [oath accounts list]="--json --pin"
  [oath accounts code]="-s --single --time --json --pin"
  [oath accounts delete]="-f --force"
  [oath access change]="-c --clear -r --remember"
  [oath access forget]="-a --all"
  [oath reset]="-f --force"
  [trace]="--show-secrets"
  [aws session]="$_keybridge_aws_session_opts --format --ini-section"
  [aws exec]="$_keybridge_aws_session_opts"
  [aws credential-process]="$_keybridge_aws_session_opts"
  [aws login]="$_keybridge_aws_session_opts --destination --stdout"
  [aws logout]="--profile --all"
  [aws enroll]="--profile --aws --endpoint-url --user --device-name
    --account-label"
)
# Options that take a value (the next word is not a command).
_keybridge_value_opts=" --device --qr -i --issuer -a --algorithm -d --digits
  -p --period -c --counter --time --profile --aws --endpoint-url --serial
  --account --duration --format --ini-section --user --device-name
  --destination --account-label --rp-id "

# Prints one line per word of `cands` that starts with `cur`, quoted for the
# command line.
_keybridge_quote_matches() {
  local cur=$1 line
  while IFS= read -r line; do
    [[ -n $line && $line == "$cur"* ]] && printf '%q\n' "$line"
  done
}

# Runs keybridge ($1) with a 2 s limit and the --device of the command line
# (KEYBRIDGE_DEVICE is inherited), never reading the terminal.
_keybridge_query() {
  local kb=$1 device=$2
  shift 2
  timeout 2 "$kb" ${device:+--device "$device"} "$@" </dev/null 2>/dev/null
}

_keybridge() {
  local cur prev words cword split
  _init_completion -s -n : || return

  # Walk the words before the cursor: the command path and --device.
  local path=. device="" i w
  for ((i = 1; i < cword; i++)); do
    w=${words[i]}
    if [[ $w == -- ]]; then
      [[ $path == "aws exec" ]] && { _command_offset $((i + 1)); return; }
    elif [[ $w == --device=* ]]; then
      device=${w#--device=}
    elif [[ $_keybridge_value_opts == *" $w "* ]]; then
      [[ $w == --device ]] && device=${words[i + 1]}
      ((i++))
    elif [[ $w != -* && " ${_keybridge_subcommands[$path]-} " == *" $w "* ]]; then
      [[ $path == . ]] && path=$w || path+=" $w"
    fi
  done
  device=$(dequote "$device")

  local kb=${words[0]} cands=""
  case $prev in
    --device)
      # URIs, then the serials keys report (", serial N").
      local listed
      listed=$(_keybridge_query "$kb" "" list)
      cands=$(cut -f2 <<<"$listed"
        sed -n 's/.*, serial \([0-9]*\).*/\1/p' <<<"$listed") ;;
    --algorithm | -a) cands=$'SHA1\nSHA256\nSHA512' ;;
    --digits | -d) cands=$'6\n8' ;;
    --format) cands=$'env\njson\nprocess\nini' ;;
    --account)
      cands=$(_keybridge_query "$kb" "$device" oath accounts list) ;;
    --qr | --aws)
      _filedir
      return ;;
    --profile)
      cands=$(sed -n 's/^\[\(profile \)\{0,1\}\([^]]*\)\]$/\2/p' \
        "${AWS_CONFIG_FILE:-$HOME/.aws/config}" 2>/dev/null) ;;
    *)
      if [[ $_keybridge_value_opts == *" $prev "* ]]; then
        return  # a free-form value
      elif [[ $cur == -* ]]; then
        cands=$(printf '%s\n' -h --help ${_keybridge_options[$path]-})
      elif [[ -n ${_keybridge_subcommands[$path]-} ]]; then
        cands=$(printf '%s\n' ${_keybridge_subcommands[$path]})
      elif [[ $path == trace ]]; then
        _filedir
        return
      elif [[ $path == "oath accounts "@(code|delete) ]]; then
        cands=$(_keybridge_query "$kb" "$device" oath accounts list)
      fi ;;
  esac
  local IFS=$'\n'
  COMPREPLY=($(_keybridge_quote_matches "$(dequote "$cur")" <<<"$cands"))
  __ltrim_colon_completions "$cur"
}
complete -F _keybridge keybridge
