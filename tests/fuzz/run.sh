#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan, TRAMTIN_FUZZ=ON) in build-fuzz/, seeds their
# corpora from the sample pack, runs each for SECONDS (default 30) and prints one line per target:
# executions, executions per second, corpus size, findings. A finding (crash, leak, timeout, broken
# invariant) is kept in build-fuzz/findings/ and the script exits 1.
#   bash tests/fuzz/run.sh          # CI: about 30 s each
#   bash tests/fuzz/run.sh 3600     # the long run: an hour each
#   FUZZ_TARGETS="manifest item" bash tests/fuzz/run.sh 60
# Replay one finding: build-fuzz/tests/fuzz/fuzz_<name> build-fuzz/findings/<name>-crash-…
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
seconds="${1:-30}"
build="${FUZZ_BUILD_DIR:-$root/build-fuzz}"
targets="${FUZZ_TARGETS:-manifest item markdown search compose config fleet}"
jobs="$(nproc 2>/dev/null || echo 2)"
command -v clang++ >/dev/null || { echo "tests/fuzz/run.sh: clang++ is missing (Debian: apt-get install clang libclang-rt-14-dev)" >&2; exit 1; }

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTRAMTIN_FUZZ=ON \
  -DTRAMTIN_TESTS=OFF "${launcher[@]}" >/dev/null
names=()
for t in $targets; do names+=("fuzz_$t"); done
cmake --build "$build" -j "$jobs" --target "${names[@]}" tramtin-publish >/dev/null

# ---- Seeds, from the sample pack (made fresh each run; the corpora grow across runs).
seeds="$build/fuzz-seeds"
rm -rf "$seeds"
mkdir -p "$seeds"/{manifest,item,markdown,search,compose,config,fleet}
sample="$root/content/sample"
n=0
while IFS= read -r toml; do
  dir="$(dirname "$toml")"
  n=$((n + 1))
  { cat "$toml"; printf '\n--md--\n'; cat "$dir/vi.md" 2>/dev/null || true; } > "$seeds/item/$n"
  for md in "$dir"/*.md; do cp "$md" "$seeds/markdown/$n-$(basename "$md")"; done
done < <(find "$sample" -name item.toml | sort)
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$build/content/tramtin-publish" keygen "$tmp/key" >/dev/null
"$build/content/tramtin-publish" build "$sample" "$tmp/bundle" --channel lai-chau-commune --key "$tmp/key.key" >/dev/null
{ cat "$tmp/bundle/manifest.json"; printf '\n--sig--\n'; cat "$tmp/bundle/manifest.sig"; } > "$seeds/manifest/manifest"
i=0
for obj in "$tmp/bundle/objects/"*; do   # item documents (small JSON) as seeds too
  [ "$(stat -c %s "$obj")" -lt 20000 ] && head -c 1 "$obj" | grep -q '{' || continue
  i=$((i + 1)); [ $i -le 20 ] || break
  cp "$obj" "$seeds/manifest/object-$i"
done
i=0
while IFS=$'\t' read -r query _; do     # the relevance set's queries, in each language
  i=$((i + 1)); [ $i -le 60 ] || break
  printf '\x00%s' "$query" > "$seeds/search/$i"
done < "$root/tests/bench/data/relevance_vi.tsv"
printf '\x01%s' "dang ky khai sinh" > "$seeds/compose/telex-1"
printf '\x01%s' "ddangw kys khai sinh" > "$seeds/compose/telex-2"
printf '\x02%s' "da9ng ky1 khai sinh nguo7i" > "$seeds/compose/vni-1"
printf '\x00%s' "dang$(printf '\x02') ky$(printf '\x03') khai sinh" > "$seeds/compose/direct-1"
printf '\x05%s' "truowngf hojc quoocs" > "$seeds/compose/telex-3"
cp "$root/config/tramtin.toml" "$seeds/config/tramtin.toml"
# The JSON examples of content/report/REPORTS.md: status.json (first byte odd), a usage part (even).
awk '/^```json/{f=1; n++; next} /^```/{f=0} f{print > ("'"$tmp"'/report-" n ".json")}' "$root/content/report/REPORTS.md"
for f in "$tmp"/report-*.json; do
  if grep -q 'tramtin-status/1' "$f"; then { printf '1'; cat "$f"; } > "$seeds/fleet/$(basename "$f")"
  else { printf '*'; cat "$f"; } > "$seeds/fleet/$(basename "$f")"; fi
done

# Inputs that once found a bug (each has a regression test in tramtin_tests) stay in the seeds.
for d in "$root"/tests/fuzz/regressions/*/; do
  [ -d "$d" ] && cp "$d"* "$seeds/$(basename "$d")/" 2>/dev/null || true
done

# ---- Runs.
mkdir -p "$build/findings"
status=0
printf '%-10s %12s %10s %8s %s\n' target execs "exec/s" corpus findings
for t in $targets; do
  corpus="$build/fuzz-corpus/$t"
  mkdir -p "$corpus"
  log="$build/findings/$t.log"
  rm -f "$build/findings/$t-"*
  set +e
  "$build/tests/fuzz/fuzz_$t" "$corpus" "$seeds/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$build/findings/$t-" >"$log" 2>&1
  rc=$?
  set -e
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
  speed="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)"
  found="$(find "$build/findings" -name "$t-*" | wc -l)"
  printf '%-10s %12s %10s %8s %s\n' "$t" "${execs:-?}" "${speed:-?}" "$(find "$corpus" -type f | wc -l)" "$found"
  if [ $rc -ne 0 ] || [ "$found" -ne 0 ]; then
    status=1
    echo "fuzz_$t: exit $rc; log $log" >&2
    grep -E 'ERROR|SUMMARY|invariant|Test unit written' "$log" | head -n 8 >&2 || true
  fi
done
exit $status
