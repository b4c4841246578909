# Reads wrk's --latency output; prints "req/s p50_ms p99_ms errors" (errors: non-2xx/3xx answers and socket errors).
# Used by load.sh and holes.sh.
function ms(v) {
  if (v ~ /us$/) { sub(/us$/, "", v); return v / 1000 }
  if (v ~ /ms$/) { sub(/ms$/, "", v); return v + 0 }
  if (v ~ /m$/)  { sub(/m$/, "", v);  return v * 60000 }
  if (v ~ /s$/)  { sub(/s$/, "", v);  return v * 1000 }
  return -1
}
/^Requests\/sec:/ { rps = $2 }
$1 == "50%" { p50 = ms($2) }
$1 == "99%" { p99 = ms($2) }
/Non-2xx or 3xx responses:/ { errors += $NF }
/Socket errors:/ { for (i = 3; i <= NF; i++) { gsub(/,/, "", $i); if ($i ~ /^[0-9]+$/) errors += $i } }
END { printf "%s %.3f %.3f %d\n", rps, p50, p99, errors + 0 }
