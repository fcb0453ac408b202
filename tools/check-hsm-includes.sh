#!/usr/bin/env bash
# Checks that hsm/ (and secret/, wire/, which it links) includes no
# operating-system or I/O header
# (docs/architecture.md "No OS header in hsm/"): every <...> include under
# hsm/ must be on the list of OS-independent headers below. Prints each
# offending include as file:line and exits 1 if there is one.
set -euo pipefail
cd "$(dirname "$0")/.."

allowed='algorithm|array|cassert|cstddef|cstdint|cstdlib|cstring|functional|initializer_list|iterator|limits|memory|optional|span|string|string_view|type_traits|utility|vector|cbor\.h|openssl/[a-z0-9_]+\.h'
# secret/ and wire/ are linked into hsm, so they follow the same rule.
bad=$(grep -rnE '^\s*#\s*include\s*<' hsm/ secret/ wire/ |
  grep -vE "#\s*include\s*<(${allowed})>" || true)
if [[ -n "$bad" ]]; then
  echo "hsm/ (and secret/, wire/) must not include OS or I/O headers (docs/architecture.md):" >&2
  echo "$bad" >&2
  exit 1
fi
echo "hsm/, secret/ and wire/ include only OS-independent headers"
