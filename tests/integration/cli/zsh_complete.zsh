# Prints the matches zsh's completion system offers for a command line:
#   zsh -f zsh_complete.zsh COMPDIR 'COMMAND LINE'
# An interactive `zsh -f` in a zpty (zsh/zpty module) runs compinit with
# COMPDIR first in $fpath; compadd is wrapped to print each match it adds
# as a `MATCH:` line; the line is typed with a TAB, then ^X ends the shell.
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PROMPT='' RPROMPT=''"
zpty -w z "fpath=($1 \$fpath); autoload -U compinit; compinit -u -D"
zpty -w z 'compadd () { if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi; typeset -a __hits; builtin compadd -A __hits "$@"; local r=$?; (( $#__hits )) && print -rl -- "" MATCH:${^__hits}; return $r; }'
zpty -w z 'finish () { print; print END_OF_COMPLETION; exit }; zle -N finish; bindkey "^X" finish'
zpty -n -w z "$2"$'\t'$'\x18'
local line
while zpty -r z line; do
  line=${line%$'\n'}; line=${line%$'\r'}
  [[ $line == END_OF_COMPLETION ]] && break
  [[ $line == MATCH:* ]] && print -r -- "${line#MATCH:}"
done
zpty -d z
