#!/usr/bin/env bash
# Runs every keybridge test on Debian 12, installing what it needs:
#   0. hsm/ includes no OS header (tools/check-hsm-includes.sh);
#   1. ASan+UBSan build (clang): unit tests (ctest);
#   2. the same build's libFuzzer targets, each for a few seconds;
#   3. default build: integration tests (pytest on Debian's /usr/bin/python3
#      against the real keysim and keybridge, one pytest-xdist worker per
#      core).
# --quick skips 1 and 2 and runs the unit tests in the default build instead
# (ctest). Ends with pytest's summary line.
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
[[ "${1:-}" == --quick ]] && quick=1

tools/install-deps.sh test
jobs=$(nproc)

echo "== layering"
tools/check-hsm-includes.sh

if [[ $quick -eq 0 ]]; then
  # One clang tree for both: ASan+UBSan everywhere, libFuzzer coverage
  # instrumentation (fuzzer-no-link) so the fuzz targets link into it too.
  echo "== ASan+UBSan unit tests"
  cmake --preset asan >/dev/null
  # Only the unit-test executables (target name = test name) and fuzzers.
  mapfile -t unit_tests < <(ctest --test-dir build/asan -N | awk '/Test +#/ {print $3}')
  mapfile -t fuzzers < <(cd tests/fuzz && ls *_fuzz.cc | sed 's/\.cc$//')
  cmake --build --preset asan -j "$jobs" --target "${unit_tests[@]}" "${fuzzers[@]}"
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --preset asan -j "$jobs"

  echo "== fuzz targets (${FUZZ_SECONDS:-5} s each, $jobs at a time)"
  corpus=$(mktemp -d)
  trap 'rm -rf "$corpus"' EXIT
  run_fuzzer() {
    local name=$1 fuzzer=build/asan/tests/fuzz/$1
    mkdir -p "$corpus/$name"
    "$fuzzer" -max_total_time="${FUZZ_SECONDS:-5}" -print_final_stats=0 \
      "$corpus/$name" 2>"$corpus/$name.log" ||
      { tail -40 "$corpus/$name.log"; echo "fuzzer $name failed"; return 1; }
    echo "$name: $(ls "$corpus/$name" | wc -l) corpus entries, no crash"
  }
  export -f run_fuzzer
  export corpus
  printf '%s\n' "${fuzzers[@]}" |
    xargs -P "$jobs" -I{} bash -c 'run_fuzzer "$1"' _ {}
fi

cmake --preset default >/dev/null
if [[ $quick -eq 0 ]]; then
  # The unit tests ran in the ASan+UBSan tree; compiling them again with -O2
  # -g was half of this build. Build every other folder's targets (each
  # top-level folder's "all" in build.ninja, tests/unit left out).
  echo "== default build (binaries for the integration tests)"
  mapfile -t parts < <(sed -n \
    's|^build \([^ /]*\(/[^ /]*\)\{0,1\}\)/all: phony.*|\1/all|p' \
    build/default/build.ninja | grep -vx 'tests/unit/all')
  cmake --build --preset default -j "$jobs" --target "${parts[@]}"
else
  echo "== unit tests"
  cmake --build --preset default -j "$jobs"
  ctest --preset default -j "$jobs"
fi

echo "== integration tests"
cd tests/integration
# pytest-xdist: one worker per core; every test has its own keysim, ports
# and pcscd, so they run side by side.
KEYBRIDGE_BUILD_DIR="$PWD/../../build/default" /usr/bin/python3 -m pytest -q \
  -n "$jobs"
