# bash completion for keysim(1)'s options (simulator/src/main.cc).
# Needs the bash-completion package (_init_completion, _filedir), which is
# also what loads this file from /usr/share/bash-completion/completions.

_keysim() {
  local cur prev words cword split
  _init_completion -s -n : || return
  case $prev in
    --state)
      _filedir -d
      return ;;
    --trace)
      _filedir
      return ;;
    --presence)
      COMPREPLY=($(compgen -W 'auto deny timeout manual' -- "$cur"))
      return ;;
    --udp | --control)
      COMPREPLY=($(compgen -W '127.0.0.1:0' -- "$cur"))
      __ltrim_colon_completions "$cur"
      return ;;
    --vpcd)
      COMPREPLY=($(compgen -W '127.0.0.1:35963' -- "$cur"))
      __ltrim_colon_completions "$cur"
      return ;;
    --uhid-name | --touch-timeout-ms | --reset-window-ms | --serial)
      return ;;
  esac
  $split && return
  COMPREPLY=($(compgen -W '--state --udp --presence --uhid --uhid-name --vpcd
    --serial --control --touch-timeout-ms --reset-window-ms --trace --solo-compat -h
    --help --version' \
    -- "$cur"))
}
complete -F _keysim keysim
