#!/usr/bin/env bash
# HTTP load test: IsrMiddleware's memory- and disk-tier hits against reference endpoints served by the same process
# (raw Kestrel writing a preallocated page, Output Caching, UseStaticFiles), all with the same 20 KiB page.
# The bench app runs pinned to one core, wrk to another; targets alternate over rounds, and each target's req/s is
# compared with /raw's in the same round. See BENCHMARKS.md at the repository root.
#
# Usage: test/IsrMiddleware.Benchmarks/load.sh
# Settings (environment):
#   DURATION=5      seconds of load per target per round      WARMUP=5     seconds per target, once, before round 1
#   ROUNDS=3        rounds (each one starts one target later)  CONNECTIONS=32  THREADS=1  (wrk)
#   SERVER_CPU=0    core of the bench app                      CLIENT_CPU=1    core of wrk
#   PORT=5300       the app listens on 127.0.0.1:PORT and 127.0.0.1:PORT+1 (the disk-tier host)
#   TARGETS="raw raw-endpoint oc static isr isr-params isr-disk isr-stale"   (also: isr-br, the Brotli variant of /isr/page)
#   isr-stale: revalidate 1 s, every regeneration takes 500 ms, so much of the run is stale hits while one runs
#   SKIP_BUILD=1    use the Release build already there        RESULTS_DIR=dir  keep wrk's raw output there
set -euo pipefail

DURATION="${DURATION:-5}"
WARMUP="${WARMUP:-5}"
ROUNDS="${ROUNDS:-3}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-1}"
SERVER_CPU="${SERVER_CPU:-0}"
CLIENT_CPU="${CLIENT_CPU:-1}"
PORT="${PORT:-5300}"
TARGETS="${TARGETS:-raw raw-endpoint oc static isr isr-params isr-disk isr-stale}"
SKIP_BUILD="${SKIP_BUILD:-0}"
STARTUP_TIMEOUT="${STARTUP_TIMEOUT:-120}"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
project="$here/BenchApp/IsrMiddleware.BenchApp.csproj"
dll="$here/BenchApp/bin/Release/net10.0/IsrMiddleware.BenchApp.dll"

die() { echo "load.sh: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || die "'$1' is not installed. Install it with: $2"; }
need wrk "apt-get install -y wrk"
need taskset "apt-get install -y util-linux"
need curl "apt-get install -y curl"
need dotnet "the .NET 10 SDK"

for value in DURATION WARMUP ROUNDS CONNECTIONS THREADS SERVER_CPU CLIENT_CPU PORT STARTUP_TIMEOUT; do
  [[ "${!value}" =~ ^[0-9]+$ ]] || die "$value must be a whole number, not '${!value}'"
done
(( ROUNDS >= 1 && DURATION >= 1 )) || die "ROUNDS and DURATION must be at least 1"
[[ "$SERVER_CPU" != "$CLIENT_CPU" ]] || die "SERVER_CPU and CLIENT_CPU must differ (both are $SERVER_CPU)"
taskset -c "$SERVER_CPU" true 2>/dev/null || die "core $SERVER_CPU (SERVER_CPU) cannot be used: this machine has $(nproc) cores"
taskset -c "$CLIENT_CPU" true 2>/dev/null || die "core $CLIENT_CPU (CLIENT_CPU) cannot be used: this machine has $(nproc) cores"

url_of() {
  case "$1" in
    raw) echo "http://127.0.0.1:$PORT/raw" ;;
    raw-endpoint) echo "http://127.0.0.1:$PORT/raw-endpoint" ;;
    oc) echo "http://127.0.0.1:$PORT/oc" ;;
    static) echo "http://127.0.0.1:$PORT/static/page.html" ;;
    isr | isr-br) echo "http://127.0.0.1:$PORT/isr/page" ;;
    isr-params) echo "http://127.0.0.1:$PORT/products/tools/hammer" ;;
    isr-disk) echo "http://127.0.0.1:$((PORT + 1))/isr-disk/page" ;;
    isr-stale) echo "http://127.0.0.1:$PORT/isr-stale/page" ;;
    *) die "unknown target '$1' (known: raw raw-endpoint oc static isr isr-params isr-disk isr-stale isr-br)" ;;
  esac
}
header_of() { [[ "$1" == isr-br ]] && echo "Accept-Encoding: br" || true; }

read -r -a targets <<<"$TARGETS"
(( ${#targets[@]} > 0 )) || die "TARGETS is empty"
for target in "${targets[@]}"; do url_of "$target" >/dev/null; done

if [[ "$SKIP_BUILD" != 1 ]]; then
  echo "Building the bench app (Release)..."
  timeout 600 dotnet build "$project" -c Release -nologo -v quiet >/dev/null || die "the build failed: run 'dotnet build $project -c Release' to see why"
fi
[[ -f "$dll" ]] || die "$dll is missing: build it, or run without SKIP_BUILD=1"

results="${RESULTS_DIR:-$(mktemp -d)}"
mkdir -p "$results"
cache_dir="$(mktemp -d "${CACHE_PARENT:-${TMPDIR:-/tmp}}/isr-load.XXXXXX")"
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

for port in "$PORT" "$((PORT + 1))"; do
  if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/"; then die "port $port is already in use: set PORT"; fi
done

# The app, pinned; 127.0.0.1 only (the app binds nothing else).
taskset -c "$SERVER_CPU" dotnet "$dll" --port "$PORT" --cache-dir "$cache_dir" >"$results/app.log" 2>&1 &
app_pid=$!

deadline=$((SECONDS + STARTUP_TIMEOUT))
for port in "$PORT" "$((PORT + 1))"; do
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/healthz" || true)" == 200 ]]; do
    kill -0 "$app_pid" 2>/dev/null || { cat "$results/app.log" >&2; die "the bench app exited"; }
    (( SECONDS < deadline )) || die "the bench app was not ready within $STARTUP_TIMEOUT s"
    sleep 0.2
  done
done

# Every target must answer 200 with the same 20480 bytes (isr-br: the Brotli variant); static routes must be hits.
for target in "${targets[@]}"; do
  url="$(url_of "$target")"
  header="$(header_of "$target")"
  check="$(curl -s --max-time 5 -D "$results/$target.headers" -o "$results/$target.body" -w '%{http_code} %{size_download}' ${header:+-H "$header"} "$url")"
  status="${check% *}"
  size="${check#* }"
  [[ "$status" == 200 ]] || die "$target ($url) answered $status"
  if [[ "$target" == isr-br ]]; then
    grep -qi '^content-encoding: br' "$results/$target.headers" || die "$target was not served Brotli"
  else
    [[ "$size" == 20480 ]] || die "$target ($url) answered $size bytes, not 20480"
  fi
  if [[ "$target" == isr* ]]; then
    grep -qi '^x-isr-cache: \(hit\|stale\)' "$results/$target.headers" || die "$target is not a cache hit: $(grep -i '^x-isr-cache' "$results/$target.headers" || echo 'no X-Isr-Cache')"
  fi
done

# One wrk run; prints "req/s p50_ms p99_ms errors".
run_wrk() {
  local target="$1" seconds="$2" out="$3" header
  header="$(header_of "$target")"
  local args=(-t "$THREADS" -c "$CONNECTIONS" -d "${seconds}s" --timeout 5s --latency)
  [[ -z "$header" ]] || args+=(-H "$header")
  timeout $((seconds + 30)) taskset -c "$CLIENT_CPU" wrk "${args[@]}" "$(url_of "$target")" >"$out" 2>&1 || die "wrk failed on $target: $(tail -n 3 "$out")"
  awk -f "$here/wrk-summary.awk" "$out"
}

cpu_model="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
git -C "$root" diff --quiet HEAD -- src 2>/dev/null || commit="$commit (src/ modified)"
echo "Machine: $(nproc) cores, ${cpu_model:-unknown CPU}; .NET SDK $(dotnet --version); $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2)"
echo "Library: $commit. App on core $SERVER_CPU, wrk on core $CLIENT_CPU: $THREADS thread, $CONNECTIONS connections, ${DURATION} s per target x $ROUNDS rounds (warm-up ${WARMUP} s each)."

echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg). Other busy processes disturb the figures: run on a quiet machine."

if (( WARMUP > 0 )); then
  for target in "${targets[@]}"; do
    echo "warm-up: $target"
    run_wrk "$target" "$WARMUP" "$results/warmup-$target.txt" >/dev/null
  done
fi

: >"$results/results.tsv"
count=${#targets[@]}
for (( round = 1; round <= ROUNDS; round++ )); do
  for (( i = 0; i < count; i++ )); do
    target="${targets[$(( (i + round - 1) % count ))]}"
    read -r rps p50 p99 errors < <(run_wrk "$target" "$DURATION" "$results/round$round-$target.txt")
    (( errors == 0 )) || echo "warning: $target had $errors errors or non-2xx answers in round $round" >&2
    printf 'round %d  %-13s %10s req/s  p50 %7s ms  p99 %7s ms\n' "$round" "$target" "$rps" "$p50" "$p99"
    printf '%s\t%d\t%s\t%s\t%s\n' "$target" "$round" "$rps" "$p50" "$p99" >>"$results/results.tsv"
  done
done

echo "Load average after the rounds: $(cut -d' ' -f1-3 /proc/loadavg) (the app and wrk account for about 2 while running)."
echo
awk -F '\t' -v order="$TARGETS" '
  function median(list,    n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  function minimum(list,    n, a, i, m) { n = split(list, a, " "); m = a[1] + 0; for (i = 2; i <= n; i++) if (a[i] + 0 < m) m = a[i] + 0; return m }
  function maximum(list,    n, a, i, m) { n = split(list, a, " "); m = a[1] + 0; for (i = 2; i <= n; i++) if (a[i] + 0 > m) m = a[i] + 0; return m }
  { rps[$1] = rps[$1] " " $3; p50[$1] = p50[$1] " " $4; p99[$1] = p99[$1] " " $5; by[$1, $2] = $3; rounds[$2] = 1 }
  END {
    n = split(order, names, " ")
    hasRaw = ("raw" in rps)
    if (hasRaw) { rawRps = median(rps["raw"]); rawP99 = median(p99["raw"]) }
    printf "| target | req/s (median) | min-max | x raw (median of rounds) | x raw min-max | p50 ms | p99 ms | p99 / raw p99 |\n"
    printf "|---|---:|---:|---:|---:|---:|---:|---:|\n"
    for (k = 1; k <= n; k++) {
      t = names[k]
      ratios = ""
      if (hasRaw) for (r in rounds) if ((t, r) in by && ("raw", r) in by) ratios = ratios " " by[t, r] / by["raw", r]
      ratio = "n/a"; spread = "n/a"; tail = "n/a"
      if (hasRaw) { ratio = sprintf("%.2f", median(ratios)); spread = sprintf("%.2f-%.2f", minimum(ratios), maximum(ratios)) }
      if (hasRaw && rawP99 > 0) tail = sprintf("%.2f", median(p99[t]) / rawP99)
      printf "| %s | %.0f | %.0f-%.0f | %s | %s | %.3f | %.3f | %s |\n", t, median(rps[t]), minimum(rps[t]), maximum(rps[t]),
        ratio, spread, median(p50[t]), median(p99[t]), tail
    }
  }
' "$results/results.tsv"
[[ -z "${RESULTS_DIR:-}" ]] || echo "wrk output and results.tsv kept in $results"
