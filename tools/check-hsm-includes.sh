#!/usr/bin/env bash
# Checks that hsm/ includes no operating-system or I/O header
# (docs/architecture.md "No OS header in hsm/"): every <...> include under
# hsm/ must be on the list of OS-independent headers below. Prints each
# offending include as file:line and exits 1 if there is one.
set -euo pipefail
cd "$(dirname "$0")/.."

allowed='algorithm|array|cassert|cstddef|cstdint|cstdlib|cstring|functional|initializer_list|iterator|limits|memory|optional|span|string|string_view|type_traits|utility|vector|cbor\.h|openssl/[a-z0-9_]+\.h'
bad=$(grep -rnE '^\s*#\s*include\s*<' hsm/ |
  grep -vE "#\s*include\s*<(${allowed})>" || true)
if [[ -n "$bad" ]]; then
  echo "hsm/ must not include OS or I/O headers (docs/architecture.md):" >&2
  echo "$bad" >&2
  exit 1
fi
echo "hsm/ includes only OS-independent headers"
