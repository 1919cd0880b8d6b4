#!/usr/bin/env bash
# A real LiveKit server on this machine, built from source into the git-ignored .tools/ (once), with a
# config file that uses the machine's Redis and binds to loopback only (signalling, API and WebRTC).
#
#   bash scripts/livekit-server.sh build     # go install livekit-server (about 3.5 minutes, once)
#   bash scripts/livekit-server.sh config    # writes the config file and prints its path
#   bash scripts/livekit-server.sh start     # runs the server in the foreground (ws://127.0.0.1:7880)
#
# Environment (defaults in brackets): LIVEKIT_PORT [7880], LIVEKIT_UDP_PORT [7882] (WebRTC, UDP),
# LIVEKIT_API_KEY [devkey], LIVEKIT_API_SECRET [a dev secret], LIVEKIT_REDIS [127.0.0.1:6379],
# LIVEKIT_REDIS_DB [3], LIVEKIT_DIR [.tools/livekit] (config file), LIVEKIT_LOG_LEVEL [info].
#
# v1.13.5 is the last tag `go install` accepts: later go.mod files carry replace directives.
set -euo pipefail
VERSION="v1.13.5"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="$ROOT/.tools/bin"
DIR="${LIVEKIT_DIR:-$ROOT/.tools/livekit}"
PORT="${LIVEKIT_PORT:-7880}"
UDP_PORT="${LIVEKIT_UDP_PORT:-7882}"
API_KEY="${LIVEKIT_API_KEY:-devkey}"
# 32 characters or more: the server logs shorter secrets as insecure
API_SECRET="${LIVEKIT_API_SECRET:-devsecret-devsecret-devsecret-0000}"
REDIS="${LIVEKIT_REDIS:-127.0.0.1:6379}"
REDIS_DB="${LIVEKIT_REDIS_DB:-3}"
LOG_LEVEL="${LIVEKIT_LOG_LEVEL:-info}"

build() {
  if [[ -x "$BIN/livekit-server" ]]; then return; fi
  command -v go >/dev/null || { echo "livekit-server: Go is needed to build the server" >&2; exit 1; }
  mkdir -p "$BIN"
  local tmp
  tmp="$(mktemp -d)"
  echo "livekit-server: building github.com/livekit/livekit-server $VERSION (once; a few minutes)" >&2
  GOBIN="$tmp" go install "github.com/livekit/livekit-server/cmd/server@$VERSION" >&2
  mv "$tmp/server" "$BIN/livekit-server"
  rmdir "$tmp"
}

config() {
  mkdir -p "$DIR"
  local file="$DIR/livekit-$PORT.yaml"
  # WebRTC on loopback: the server filters loopback addresses out unless enable_loopback_candidate is
  # set; node_ip pins the advertised address (no STUN lookup, which has no internet to reach here);
  # the ips filter makes the UDP mux listen on 127.0.0.1 only; no TCP mux (it would listen on all
  # interfaces) and no TURN.
  cat >"$file" <<EOF
port: $PORT
bind_addresses: [127.0.0.1]
log_level: $LOG_LEVEL
redis:
  address: $REDIS
  db: $REDIS_DB
keys:
  $API_KEY: $API_SECRET
rtc:
  udp_port: $UDP_PORT
  tcp_port: 0
  node_ip: 127.0.0.1
  use_external_ip: false
  enable_loopback_candidate: true
  ips:
    includes: [127.0.0.1/32]
  allow_tcp_fallback: false
turn:
  enabled: false
room:
  auto_create: false
EOF
  echo "$file"
}

start() {
  build
  local file
  file="$(config)"
  echo "livekit-server: ws://127.0.0.1:$PORT (key $API_KEY), Redis $REDIS db $REDIS_DB, WebRTC udp 127.0.0.1:$UDP_PORT" >&2
  exec "$BIN/livekit-server" --config "$file"
}

case "${1:-}" in
  build) build ;;
  config) config ;;
  start) start ;;
  *) echo "usage: $0 build|config|start" >&2; exit 2 ;;
esac
