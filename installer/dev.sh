#!/usr/bin/env bash
# The two things a new developer does on a fresh Debian 12 machine:
#   bash installer/dev.sh run [kiosk options]   set up, build, start the kiosk on the sample content
#                                               (fullscreen; add --windowed 1280x800 on a desktop)
#   bash installer/dev.sh test                  set up, build, run every test
# Both are safe to repeat. BUILD_DIR (default: build) and CMAKE_ARGS change the build.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$root/build}"
jobs="$(nproc 2>/dev/null || echo 2)"

what="${1:-}"
[ $# -gt 0 ] && shift

bash "$root/installer/setup.sh"

configure() {
  # shellcheck disable=SC2086
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE="${CMAKE_BUILD_TYPE:-RelWithDebInfo}" ${CMAKE_ARGS:-} >/dev/null
}

case "$what" in
  run)
    configure
    cmake --build "$build" -j "$jobs" --target tramtin
    exec "$build/kiosk/tramtin" --config "$root/config/tramtin.toml" "$@"
    ;;
  test)
    configure
    cmake --build "$build" -j "$jobs"
    cd "$build"
    exec ctest --output-on-failure -j "$jobs" "$@"
    ;;
  *)
    echo "usage: bash installer/dev.sh run [kiosk options] | test [ctest options]" >&2
    exit 2
    ;;
esac
