#!/usr/bin/env bash
# The long proof runs of issue 16, through the same test cases CI runs short (tramtin_tests):
#   bash tests/bench/proof.sh monkey [EVENTS]     # default 1000000 random events, memory curve printed
#   bash tests/bench/proof.sh soak [HOURS]        # default 72 virtual hours, table at 0/24/48/72 h
#   bash tests/bench/proof.sh powercut [N]        # default 1000 SIGKILLs: sync 400, import 200,
#                                                 # --sync-once 200, report round 200
#   bash tests/bench/proof.sh fuzz [SECONDS]      # every fuzzer for SECONDS (default 3600) each
# BUILD_DIR (default: build) is a configured build of this tree; it is built first.
# TRAMTIN_PROOF_LOG=FILE: the monkey's curve and the soak's table go to FILE as they are taken.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${BUILD_DIR:-$root/build}"
what="${1:-}"
[ $# -gt 0 ] && shift
if [ "$what" = fuzz ]; then exec bash "$root/tests/fuzz/run.sh" "${1:-3600}"; fi
[ -f "$build/CMakeCache.txt" ] || cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" --target tramtin_tests tramtin tramtin-publish >/dev/null
tests="$build/tests/tramtin_tests"
cd "$build"
case "$what" in
  monkey)
    TRAMTIN_MONKEY_EVENTS="${1:-1000000}" exec "$tests" -tc='proof: monkey*' ;;
  soak)
    TRAMTIN_SOAK_HOURS="${1:-72}" exec "$tests" -tc='proof: soak*' ;;
  powercut)
    n="${1:-1000}"
    TRAMTIN_POWERCUT_SYNC_TRIALS=$((n * 2 / 5)) TRAMTIN_POWERCUT_TRIALS=$((n / 5)) \
      exec "$tests" -tc='powercut*' ;;
  *)
    echo "usage: bash tests/bench/proof.sh monkey [EVENTS] | soak [HOURS] | powercut [N] | fuzz [SECONDS]" >&2
    exit 2 ;;
esac
