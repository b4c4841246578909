#!/usr/bin/env bash
# HTTP load test of live holes on the sample site (BENCHMARKS.md, "Live holes"): one Razor page, /blog/hello-world,
# whose layout has the greeting hole, asked three ways of one process, in turn over rounds:
#   shell  the cached shell whole, as an ESI cache gets it (Surrogate-Capability): a plain memory-tier hit
#   hole   the cached shell with the greeting rendered for this request (cookie sample-user) and streamed in
#   live   the same page rendered live for this request (a preview cookie: the Razor page runs every time)
# The site runs pinned to one core, wrk to another; each target's req/s is compared with the others' in the same round.
#
# Usage: test/IsrMiddleware.Benchmarks/holes.sh
# Settings (environment): DURATION=5 WARMUP=3 ROUNDS=3 CONNECTIONS=32 THREADS=1 SERVER_CPU=0 CLIENT_CPU=1 PORT=5320
#   PAGE=/blog/hello-world  SKIP_BUILD=1 (use the Release build already there)  RESULTS_DIR=dir (keep wrk's output)
set -euo pipefail

DURATION="${DURATION:-5}"
WARMUP="${WARMUP:-3}"
ROUNDS="${ROUNDS:-3}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-1}"
SERVER_CPU="${SERVER_CPU:-0}"
CLIENT_CPU="${CLIENT_CPU:-1}"
PORT="${PORT:-5320}"
PAGE="${PAGE:-/blog/hello-world}"
SKIP_BUILD="${SKIP_BUILD:-0}"
SECRET="holes-bench-secret"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
project="$root/sample-site/SampleSite.csproj"
dll="$root/sample-site/bin/Release/net10.0/SampleSite.dll"

die() { echo "holes.sh: $*" >&2; exit 1; }
for tool in wrk taskset curl dotnet; do command -v "$tool" >/dev/null 2>&1 || die "'$tool' is not installed"; done
for value in DURATION WARMUP ROUNDS CONNECTIONS THREADS SERVER_CPU CLIENT_CPU PORT; do
  [[ "${!value}" =~ ^[0-9]+$ ]] || die "$value must be a whole number, not '${!value}'"
done
(( ROUNDS >= 1 && DURATION >= 1 )) || die "ROUNDS and DURATION must be at least 1"
[[ "$SERVER_CPU" != "$CLIENT_CPU" ]] || die "SERVER_CPU and CLIENT_CPU must differ"
[[ "$PAGE" =~ ^/[A-Za-z0-9/_-]*$ ]] || die "PAGE must be a plain local path, not '$PAGE'"

if [[ "$SKIP_BUILD" != 1 ]]; then
  echo "Building the sample site (Release)..."
  timeout 600 dotnet build "$project" -c Release -nologo -v quiet >/dev/null || die "the build failed: run 'dotnet build $project -c Release'"
fi
[[ -f "$dll" ]] || die "$dll is missing: build it, or run without SKIP_BUILD=1"

results="${RESULTS_DIR:-$(mktemp -d)}"
mkdir -p "$results"
cache_dir="$(mktemp -d "${TMPDIR:-/tmp}/isr-holes.XXXXXX")"
app_pid=""
cleanup() {
  if [[ -n "$app_pid" ]] && kill -0 "$app_pid" 2>/dev/null; then
    kill -TERM "$app_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$app_pid" 2>/dev/null || true
  fi
  rm -rf "$cache_dir"
  [[ -n "${RESULTS_DIR:-}" ]] || rm -rf "$results"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

base="http://127.0.0.1:$PORT"
if curl -s -o /dev/null --max-time 2 "$base/"; then die "port $PORT is already in use: set PORT"; fi
ASPNETCORE_ENVIRONMENT=Production Isr__CacheDirectory="$cache_dir" Isr__RevalidateSecret="$SECRET" \
  Serilog__MinimumLevel__Default=Warning Serilog__MinimumLevel__Override__IsrMiddleware=Warning \
  taskset -c "$SERVER_CPU" dotnet "$dll" --urls "$base" >"$results/app.log" 2>&1 &
app_pid=$!
deadline=$((SECONDS + 120))
until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$base/healthz" || true)" == 200 ]]; do
  kill -0 "$app_pid" 2>/dev/null || { cat "$results/app.log" >&2; die "the site exited"; }
  (( SECONDS < deadline )) || die "the site was not ready within 120 s"
  sleep 0.2
done

preview="$(curl -s -o /dev/null -D - -H "X-Revalidate-Secret: $SECRET" "$base/api/preview?path=$PAGE" | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p' | head -n 1)"
[[ -n "$preview" ]] || die "no preview cookie from $base/api/preview"

header_of() {
  case "$1" in
    shell) echo 'Surrogate-Capability: bench="ESI/1.0"' ;;
    hole) echo "Cookie: sample-user=bench" ;;
    live) echo "Cookie: sample-user=bench; $preview" ;;
  esac
}
expect_of() {
  case "$1" in
    shell) echo "x-isr-cache: HIT" ;;
    hole) echo "x-isr-cache: HIT" ;;
    live) echo "x-isr-cache: BYPASS" ;;
  esac
}
targets=(shell hole live)
for target in "${targets[@]}"; do
  curl -s --max-time 5 -D "$results/$target.headers" -o "$results/$target.body" -H "$(header_of "$target")" "$base$PAGE" >/dev/null
  grep -qi "^$(expect_of "$target")" "$results/$target.headers" || die "$target: expected '$(expect_of "$target")', got: $(grep -i '^x-isr-cache' "$results/$target.headers" || echo none)"
done
grep -q "Signed in as bench" "$results/hole.body" || die "hole: the greeting is missing"
grep -q "Signed in as bench" "$results/live.body" || die "live: the greeting is missing"
grep -q "esi:include" "$results/shell.body" || die "shell: not the ESI shell"

run_wrk() {
  local target="$1" seconds="$2" out="$3"
  timeout $((seconds + 30)) taskset -c "$CLIENT_CPU" wrk -t "$THREADS" -c "$CONNECTIONS" -d "${seconds}s" --timeout 5s --latency \
    -H "$(header_of "$target")" "$base$PAGE" >"$out" 2>&1 || die "wrk failed on $target: $(tail -n 3 "$out")"
  awk '
    function ms(v) {
      if (v ~ /us$/) { sub(/us$/, "", v); return v / 1000 }
      if (v ~ /ms$/) { sub(/ms$/, "", v); return v + 0 }
      if (v ~ /s$/)  { sub(/s$/, "", v);  return v * 1000 }
      return -1
    }
    /^Requests\/sec:/ { rps = $2 }
    $1 == "99%" { p99 = ms($2) }
    /Non-2xx or 3xx responses:/ { errors += $NF }
    END { printf "%s %.3f %d\n", rps, p99, errors + 0 }
  ' "$out"
}

echo "Machine: $(nproc) cores; .NET SDK $(dotnet --version). Site on core $SERVER_CPU, wrk on core $CLIENT_CPU, $CONNECTIONS connections, ${DURATION} s x $ROUNDS rounds."
echo "Library: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown). Page: $PAGE. Load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for target in "${targets[@]}"; do run_wrk "$target" "$WARMUP" "$results/warmup-$target.txt" >/dev/null; done

: >"$results/results.tsv"
for (( round = 1; round <= ROUNDS; round++ )); do
  for (( i = 0; i < ${#targets[@]}; i++ )); do
    target="${targets[$(( (i + round - 1) % ${#targets[@]} ))]}"
    read -r rps p99 errors < <(run_wrk "$target" "$DURATION" "$results/round$round-$target.txt")
    (( errors == 0 )) || echo "warning: $target had $errors non-2xx answers in round $round" >&2
    printf 'round %d  %-6s %10s req/s  p99 %7s ms\n' "$round" "$target" "$rps" "$p99"
    printf '%s\t%d\t%s\t%s\n' "$target" "$round" "$rps" "$p99" >>"$results/results.tsv"
  done
done

echo
awk -F '\t' '
  { by[$1, $2] = $3; rounds[$2] = 1 }
  END {
    printf "| round | hole / shell | hole / live | shell / live |\n|---|---:|---:|---:|\n"
    for (r = 1; r in rounds; r++)
      printf "| %d | %.2f | %.2f | %.2f |\n", r, by["hole", r] / by["shell", r], by["hole", r] / by["live", r], by["shell", r] / by["live", r]
  }
' "$results/results.tsv"
