#!/usr/bin/env bash
# A private Prosody for the interop scenarios: loopback only, its own config, data, logs and
# ports in one directory, plaintext c2s (no TLS), three accounts. Nothing of the system's
# /etc/prosody or /var/lib/prosody is used, and the Debian service is never started.
#
#   bash tests/interop/prosody.sh start DIR   # install if missing, configure, register, start
#   bash tests/interop/prosody.sh stop DIR    # stop the server started in DIR, by its PID
#
# `start` leaves DIR/env, a shell file to source: PROSODY_PID, XMPP_DOMAIN, XMPP_MUC,
# XMPP_C2S_PORT, XMPP_HTTP_PORT, XMPP_WS_URL, XMPP_USERS ("alice bob carol"), XMPP_PASSWORD_<user>.
# Callers stop it from a trap, so a failing scenario never leaves a server behind:
#
#   dir=$(mktemp -d); trap 'bash tests/interop/prosody.sh stop "$dir"' EXIT
#   bash tests/interop/prosody.sh start "$dir" && . "$dir/env"
set -euo pipefail

DOMAIN=localhost
MUC=conference.localhost
USERS="alice bob carol"

die() { echo "prosody.sh: $*" >&2; exit 1; }

install_prosody() {
  command -v prosody >/dev/null && command -v prosodyctl >/dev/null && return
  [ "$(id -u)" = 0 ] || die "prosody is not installed and installing it needs root (apt-get install prosody)"
  echo "prosody.sh: installing Debian's prosody" >&2
  # policy-rc.d (exit 101) keeps the package's own service from starting on 0.0.0.0:5222 while
  # it installs; an existing policy file is left as it is.
  local policy=/usr/sbin/policy-rc.d added=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && added=1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prosody >/dev/null
  [ -n "$added" ] && rm -f "$policy"
  return 0
}

# Two free TCP ports on 127.0.0.1 (asked of the kernel, then released for Prosody to take).
free_ports() {
  python3 - <<'EOF'
import socket
socks = [socket.socket() for _ in range(2)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks:
    s.close()
EOF
}

port_open() {
  python3 -c 'import socket,sys; s=socket.socket(); s.settimeout(0.5); sys.exit(s.connect_ex(("127.0.0.1", int(sys.argv[1]))))' "$1"
}

write_config() {
  local dir=$1 c2s=$2 http=$3
  cat >"$dir/prosody.cfg.lua" <<EOF
-- Written by tests/interop/prosody.sh for one test run; everything lives in $dir.
pidfile = "$dir/prosody.pid"
data_path = "$dir/data"
certificates = "$dir/certs"
log = {
  { levels = { min = "${PROSODY_LOG_LEVEL:-info}" }, to = "file", filename = "$dir/prosody.log" };
}

-- Loopback only: c2s and HTTP (WebSocket) on ports chosen for this run, no s2s, no HTTPS,
-- no components listening on a port.
interfaces = { "127.0.0.1" }
local_interfaces = { "127.0.0.1" }
c2s_ports = { $c2s }
c2s_interfaces = { "127.0.0.1" }
s2s_ports = { }
component_ports = { }
http_ports = { $http }
http_interfaces = { "127.0.0.1" }
https_ports = { }
https_interfaces = { }
http_default_host = "$DOMAIN"

-- Plaintext on loopback, for the test only: no TLS, SASL PLAIN allowed without it.
c2s_require_encryption = false
s2s_require_encryption = false
allow_unencrypted_plain_auth = true
authentication = "internal_plain"
storage = "internal"
allow_registration = true
registration_throttle_max = 100
-- RFC 7395 over plain ws:// on loopback; Prosody 0.12's mod_websocket allows any Origin (CORS on).
consider_websocket_secure = true
archive_expires_after = "1d"
default_archive_policy = true

modules_enabled = {
  "saslauth"; "roster"; "disco"; "private"; "vcard_legacy"; "ping"; "time"; "version";
  "uptime"; "register"; "mam"; "carbons"; "websocket"; "posix";
}
modules_disabled = { "s2s"; "tls" }

VirtualHost "$DOMAIN"

Component "$MUC" "muc"
  restrict_room_creation = false
  modules_enabled = { "muc_mam" }
EOF
}

start() {
  local dir=$1
  install_prosody
  mkdir -p "$dir/data" "$dir/certs"
  read -r c2s http < <(free_ports)
  write_config "$dir" "$c2s" "$http"
  [ "$(id -u)" = 0 ] && chown -R prosody:prosody "$dir"

  local env="$dir/env"
  {
    echo "PROSODY_DIR='$dir'"
    echo "XMPP_DOMAIN='$DOMAIN'"
    echo "XMPP_MUC='$MUC'"
    echo "XMPP_C2S_PORT=$c2s"
    echo "XMPP_HTTP_PORT=$http"
    echo "XMPP_WS_URL='ws://127.0.0.1:$http/xmpp-websocket'"
    echo "XMPP_USERS='$USERS'"
  } >"$env"
  for user in $USERS; do
    local password="${user}-pw-$RANDOM$RANDOM"
    prosodyctl --config "$dir/prosody.cfg.lua" register "$user" "$DOMAIN" "$password" >/dev/null \
      || die "prosodyctl register $user failed"
    echo "XMPP_PASSWORD_$user='$password'" >>"$env"
  done

  # -F: stay in the foreground, so $! is the server's PID and nothing daemonizes away from us.
  # As root, setpriv runs it as the `prosody` user (Prosody refuses root) and execs in place, so
  # the PID stays Prosody's own.
  local as_user=()
  [ "$(id -u)" = 0 ] && as_user=(setpriv --reuid=prosody --regid=prosody --init-groups --)
  "${as_user[@]}" prosody --config "$dir/prosody.cfg.lua" -F >"$dir/stdout.log" 2>&1 &
  local pid=$!
  echo "PROSODY_PID=$pid" >>"$env"
  echo "$pid" >"$dir/started.pid"
  for _ in $(seq 1 100); do
    if ! kill -0 "$pid" 2>/dev/null; then
      cat "$dir/stdout.log" "$dir/prosody.log" >&2 2>/dev/null || true
      die "prosody exited during startup"
    fi
    if port_open "$c2s" && port_open "$http"; then
      echo "prosody.sh: $(prosodyctl about 2>/dev/null | head -1) pid $pid, c2s 127.0.0.1:$c2s, http 127.0.0.1:$http, dir $dir"
      return 0
    fi
    sleep 0.1
  done
  die "prosody did not open 127.0.0.1:$c2s and :$http within 10 s (log: $dir/prosody.log)"
}

stop() {
  local dir=$1 pid
  [ -f "$dir/started.pid" ] || return 0
  pid=$(cat "$dir/started.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "prosody.sh: pid $pid ignored SIGTERM; sending SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$dir/started.pid"
}

case "${1:-}" in
  start) [ $# = 2 ] || die "usage: prosody.sh start DIR"; start "$2" ;;
  stop) [ $# = 2 ] || die "usage: prosody.sh stop DIR"; stop "$2" ;;
  *) die "usage: prosody.sh start|stop DIR" ;;
esac
