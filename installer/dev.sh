#!/usr/bin/env bash
# The two things a new developer does on a fresh Debian 12 machine:
#   bash installer/dev.sh run [kiosk options]   set up, build, start the kiosk on the sample content
#                                               (fullscreen; add --windowed 1280x800 on a desktop)
#   bash installer/dev.sh test                  set up, build, run every test
#   bash installer/dev.sh package               build the Debian package tramtin_<version>_<arch>.deb
#                                               (in PACKAGE_DIR, default build-package); its path is
#                                               the last line printed
# All are safe to repeat. BUILD_DIR (default: build) and CMAKE_ARGS change the build.
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
  package)
    # A separate Release build with no path of this tree compiled in (TRAMTIN_DEV_TREE=OFF),
    # installed under /usr; CPack's DEB generator writes the .deb into the build folder.
    pkg="${PACKAGE_DIR:-$root/build-package}"
    # shellcheck disable=SC2086
    cmake -S "$root" -B "$pkg" -DCMAKE_BUILD_TYPE=Release -DTRAMTIN_DEV_TREE=OFF -DTRAMTIN_TESTS=OFF \
      -DCMAKE_INSTALL_PREFIX=/usr ${CMAKE_ARGS:-} >/dev/null
    cmake --build "$pkg" -j "$jobs" --target tramtin tramtin-publish
    (cd "$pkg" && cpack -G DEB >&2)
    version="$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$pkg/CMakeCache.txt")"
    deb="$pkg/tramtin_${version}_$(dpkg --print-architecture).deb"
    [ -f "$deb" ] || { echo "dev.sh package: $deb was not made" >&2; exit 1; }
    echo "$deb"
    ;;
  *)
    echo "usage: bash installer/dev.sh run [kiosk options] | test [ctest options] | package" >&2
    exit 2
    ;;
esac
