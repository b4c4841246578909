#!/usr/bin/env bash
# The topology of docker/compose.yaml from local processes, on 127.0.0.1 only: redis-server, two sample-site
# instances sharing it (each with its own cache folder), nginx balancing between them.
#
#   docker/local-cluster.sh start [work-dir]   starts everything, waits until nginx answers /healthz with 200
#   docker/local-cluster.sh stop  [work-dir]   stops what start started (by the pids it recorded)
#
# Environment: REDIS_PORT (6390), SITE1_PORT (5101), SITE2_PORT (5102), NGINX_PORT (8088),
# SITE_DLL (default: builds sample-site and uses its build output), CONTENT_DIR (the content/ beside SITE_DLL), ISR_REVALIDATE_SECRET (required for start),
# ISR_BUILD_ID (local-cluster), NGINX (/usr/sbin/nginx), REDIS_SERVER (redis-server).
set -euo pipefail

command="${1:-}"
work="${2:-${TMPDIR:-/tmp}/isr-local-cluster}"
root="$(cd "$(dirname "$0")/.." && pwd)"
redis_port="${REDIS_PORT:-6390}"
site1_port="${SITE1_PORT:-5101}"
site2_port="${SITE2_PORT:-5102}"
nginx_port="${NGINX_PORT:-8088}"
nginx="${NGINX:-/usr/sbin/nginx}"
redis_server="${REDIS_SERVER:-redis-server}"

# Answers 0 when GET http://127.0.0.1:$1$2 is a 200.
http_ok() {
  exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
  printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&3
  local status
  status="$(head -1 <&3 || true)"
  exec 3<&- 3>&-
  [[ "$status" == *" 200 "* ]]
}

stop() {
  if [[ -f "$work/pids" ]]; then
    while read -r pid; do
      kill "$pid" 2>/dev/null || true
    done < "$work/pids"
    rm -f "$work/pids"
  fi
}

start() {
  : "${ISR_REVALIDATE_SECRET:?set ISR_REVALIDATE_SECRET (the revalidation, preview, status page and /metrics secret)}"
  mkdir -p "$work"
  stop
  local dll="${SITE_DLL:-}"
  if [[ -z "$dll" ]]; then
    dotnet build "$root/sample-site/SampleSite.csproj" -v q >/dev/null
    dll="$root/sample-site/bin/Debug/net10.0/SampleSite.dll"
  fi

  "$redis_server" --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --maxmemory 256mb --maxmemory-policy noeviction >"$work/redis.log" 2>&1 &
  echo $! >> "$work/pids"

  for n in 1 2; do
    local port_var="site${n}_port"
    ConnectionStrings__Redis="127.0.0.1:$redis_port" \
    Isr__CacheDirectory="$work/site$n-cache" \
    Isr__RevalidateSecret="$ISR_REVALIDATE_SECRET" \
    Isr__BuildId="${ISR_BUILD_ID:-local-cluster}" \
    Isr__Redis__InstanceName="site$n" \
    SampleSite__ContentDirectory="${CONTENT_DIR:-$(dirname "$dll")/content}" \
    ASPNETCORE_ENVIRONMENT=Production \
      bash -c 'cd "$(dirname "$1")" && exec dotnet "$@"' site "$dll" --urls "http://127.0.0.1:${!port_var}" >"$work/site$n.log" 2>&1 &
    echo $! >> "$work/pids"
  done

  mkdir -p "$work/nginx"
  cat > "$work/nginx/nginx.conf" <<CONF
daemon off;
master_process off;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path $work/nginx/client_body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    upstream sample_site {
        server 127.0.0.1:$site1_port max_fails=2 fail_timeout=5s;
        server 127.0.0.1:$site2_port max_fails=2 fail_timeout=5s;
    }
    server {
        listen 127.0.0.1:$nginx_port;
        location / {
            proxy_pass http://sample_site;
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_next_upstream error timeout http_502;
        }
    }
}
CONF
  "$nginx" -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" >"$work/nginx.log" 2>&1 &
  echo $! >> "$work/pids"

  # Both instances ready (pre-rendering done), then the balancer: at most 180 s.
  for _ in $(seq 1 360); do
    if http_ok "$site1_port" /healthz 2>/dev/null && http_ok "$site2_port" /healthz 2>/dev/null && http_ok "$nginx_port" /healthz 2>/dev/null; then
      echo "cluster ready: http://127.0.0.1:$nginx_port (instances :$site1_port :$site2_port, redis :$redis_port)"
      return 0
    fi
    sleep 0.5
  done

  echo "cluster did not become ready within 180 s; logs in $work" >&2
  stop
  return 1
}

case "$command" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop [work-dir]" >&2; exit 2 ;;
esac
