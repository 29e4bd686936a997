#!/usr/bin/env bash
# SyncFlux quickstart: two local InfluxDB 1.x nodes, some sample data on the first one, then
# "replicaschema" and "copy" from the first to the second.
#
#   scripts/quickstart.sh            build, start the nodes, load data, replicate, copy, show, stop
#   scripts/quickstart.sh hamonitor  the same, then the HA monitor daemon on the two nodes: its health
#                                    API, node 2 stopped (CHECK_SLAVE_DOWN), restarted, recovered (OK)
#   scripts/quickstart.sh stop       stop nodes (and a daemon) left running by an interrupted run
#
# Everything lives under ./.quickstart/ (relative to the repository root). On a fresh Debian machine
# run it as root: it installs influxdb (and a JDK, Maven and curl) with apt-get when missing.
# Ports: HTTP 8086/8087, RPC 8088/8089, HA monitor API 4090 (override with QS_HTTP1, QS_HTTP2, QS_RPC1,
# QS_RPC2, QS_API).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
QS="$ROOT/.quickstart"
HTTP1="${QS_HTTP1:-8086}"
HTTP2="${QS_HTTP2:-8087}"
RPC1="${QS_RPC1:-8088}"
RPC2="${QS_RPC2:-8089}"
API="${QS_API:-4090}"
JAR="$ROOT/syncflux-cli/target/syncflux.jar"
SERVER_JAR="$ROOT/syncflux-server/target/syncflux-server.jar"

log() { printf '\n==> %s\n' "$*"; }
die() { printf 'quickstart: %s\n' "$*" >&2; exit 1; }

stop_pidfile() { # pidfile label
    local pidfile="$1"
    if [[ -f "$pidfile" ]]; then
        local pid
        pid="$(cat "$pidfile")"
        if kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
            kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
            echo "stopped $2 (pid $pid)"
        fi
        rm -f "$pidfile"
    fi
}

stop_nodes() {
    stop_pidfile "$QS/syncflux-server.pid" "syncflux-server"
    for n in node1 node2; do
        stop_pidfile "$QS/$n/influxd.pid" "influxd $n"
    done
}

MODE="${1:-copy}"
if [[ "$MODE" == "stop" ]]; then
    stop_nodes
    exit 0
elif [[ $# -gt 1 || ( "$MODE" != "copy" && "$MODE" != "hamonitor" ) ]]; then
    die "usage: $0 [hamonitor|stop]"
fi

install_missing() {
    local pkgs=()
    command -v influxd >/dev/null 2>&1 || pkgs+=(influxdb)
    command -v curl >/dev/null 2>&1 || pkgs+=(curl)
    command -v java >/dev/null 2>&1 || pkgs+=(openjdk-17-jdk-headless)
    command -v mvn >/dev/null 2>&1 || pkgs+=(maven)
    if [[ ${#pkgs[@]} -gt 0 ]]; then
        [[ "$(id -u)" == 0 ]] || die "missing ${pkgs[*]}: install them or run as root"
        log "installing ${pkgs[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q
        apt-get install -y -q "${pkgs[@]}"
        # the Debian package starts a system influxd on 8086; the quickstart runs its own nodes
        if [[ " ${pkgs[*]} " == *" influxdb "* ]]; then
            systemctl stop influxdb 2>/dev/null || service influxdb stop 2>/dev/null || true
        fi
    fi
}

port_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start_node() { # name http-port rpc-port
    local dir="$QS/$1"
    mkdir -p "$dir"
    cat > "$dir/influxd.conf" <<CONF
reporting-disabled = true
bind-address = "127.0.0.1:$3"
[meta]
  dir = "$dir/meta"
  logging-enabled = false
[data]
  dir = "$dir/data"
  wal-dir = "$dir/wal"
  query-log-enabled = false
[coordinator]
  query-timeout = "0s"
[monitor]
  store-enabled = false
[http]
  bind-address = "127.0.0.1:$2"
  log-enabled = false
[continuous_queries]
  enabled = false
[logging]
  level = "warn"
CONF
    influxd -config "$dir/influxd.conf" >"$dir/influxd.log" 2>&1 &
    echo $! > "$dir/influxd.pid"
    for _ in $(seq 1 150); do
        if curl -sf -o /dev/null "http://127.0.0.1:$2/ping"; then
            echo "influxd $1 is up on http://127.0.0.1:$2/ (pid $(cat "$dir/influxd.pid"))"
            return 0
        fi
        kill -0 "$(cat "$dir/influxd.pid")" 2>/dev/null || { tail -5 "$dir/influxd.log" >&2; die "influxd $1 exited"; }
        sleep 0.2
    done
    die "influxd $1 did not answer on port $2 (see $dir/influxd.log)"
}

query() { # port [db] statement
    local port="$1" db="" q
    if [[ $# -eq 3 ]]; then db="$2"; q="$3"; else q="$2"; fi
    curl -sS -XPOST "http://127.0.0.1:$port/query" --data-urlencode "db=$db" --data-urlencode "q=$q"
}

write() { # port db rp < lines
    curl -sS -f -XPOST "http://127.0.0.1:$1/write?db=$2&rp=$3&precision=s" --data-binary @-
}

load_sample() {
    log "loading sample data into node1 (db telegraf, rp autogen and rp week)"
    query "$HTTP1" "CREATE DATABASE telegraf" >/dev/null
    query "$HTTP1" "CREATE RETENTION POLICY week ON telegraf DURATION 168h REPLICATION 1" >/dev/null
    local now lines="" lines_week="" t
    now="$(date +%s)"
    for i in $(seq 0 59); do
        t=$((now - 3600 + i * 60))
        for host in web01 db01; do
            lines+="cpu,host=$host,cpu=cpu-total usage_idle=$((90 - i % 30)).5,usage_user=$((i % 10)).25 $t"$'\n'
            lines+="mem,host=$host used=$((1000000 + i * 1024))i,used_percent=$((40 + i % 20)).0,swapping=$([[ $((i % 2)) == 0 ]] && echo true || echo false) $t"$'\n'
        done
        lines_week+="disk,host=db01,path=/var used=$((5000000 + i * 100))i,mode=\"rw\" $t"$'\n'
    done
    printf '%s' "$lines" | write "$HTTP1" telegraf autogen
    printf '%s' "$lines_week" | write "$HTTP1" telegraf week
    echo "wrote 240 points to telegraf.autogen and 60 to telegraf.week"
}

counts() { # port
    query "$1" telegraf "SELECT count(usage_idle) FROM autogen.cpu; SELECT count(used) FROM autogen.mem; SELECT count(used) FROM week.disk"
}

api() { # path [curl options...]: one JSON answer of the HA monitor's API
    local path="$1"
    shift
    curl -sS "$@" "http://127.0.0.1:$API$path"
}

health_field() { # name: a scalar of /api/health, empty while the API does not answer
    curl -sf "http://127.0.0.1:$API/api/health" 2>/dev/null | sed -n "s/.*\"$1\":\"\{0,1\}\([^,\"}]*\).*/\1/p"
}

await_health() { # description seconds condition...: polls until the condition (a command) holds
    local what="$1" seconds="$2"
    shift 2
    for _ in $(seq 1 $((seconds * 5))); do
        if "$@"; then
            return 0
        fi
        kill -0 "$(cat "$QS/syncflux-server.pid")" 2>/dev/null || { tail -5 "$QS/syncflux-server.log" >&2; die "syncflux-server exited"; }
        sleep 0.2
    done
    die "$what not reached within $seconds s (see $QS/syncflux-server.log)"
}

state_is() { [[ "$(health_field ClusterState)" == "$1" ]]; }
recovered_ok() { state_is OK && [[ "$(health_field ClusterNumRecovers)" -ge "$1" ]]; }

relay_write() { # like a write relay: every point to both nodes, skipping a node that is down
    local body
    body="$(cat)"
    printf '%s' "$body" | write "$HTTP1" telegraf autogen
    printf '%s' "$body" | write "$HTTP2" telegraf autogen 2>/dev/null || echo "node2 is down: the write reached node1 only"
}

hamonitor_demo() {
    log "starting the HA monitor: java -jar syncflux-server/target/syncflux-server.jar -config $QS/syncflux.toml"
    java -jar "$SERVER_JAR" -config "$QS/syncflux.toml" >"$QS/syncflux-server.log" 2>&1 &
    echo $! > "$QS/syncflux-server.pid"
    echo "pid $(cat "$QS/syncflux-server.pid"), log $QS/syncflux-server.log"
    await_health "state OK" 60 state_is OK

    log "the status page: open http://127.0.0.1:$API/ in a browser"
    [[ "$(curl -sf "http://127.0.0.1:$API/")" == *'id="cluster-state"'* ]] || die "the status page does not answer"
    log "curl http://127.0.0.1:$API/api/health"
    api /api/health
    log "curl http://127.0.0.1:$API/api/queryactive"
    api /api/queryactive

    log "stopping node2 (the slave)"
    stop_pidfile "$QS/node2/influxd.pid" "influxd node2"
    await_health "state CHECK_SLAVE_DOWN" 30 state_is CHECK_SLAVE_DOWN
    api /api/health
    api /api/queryactive
    log "writing 20 points (now, 20 cpus of host relay) while node2 is down"
    local now lines=""
    now="$(date +%s)"
    for i in $(seq 0 19); do
        lines+="cpu,host=relay,cpu=cpu$i usage_idle=$((50 + i)).5,usage_user=1.5 $now"$'\n'
    done
    printf '%s' "$lines" | relay_write

    log "restarting node2"
    start_node node2 "$HTTP2" "$RPC2"
    await_health "state OK after a recovery" 60 recovered_ok 1
    api /api/health
    grep -E 'cluster state|recover' "$QS/syncflux-server.log" | sed 's/^/  log: /'

    log "point counts on node1 (master)"
    counts "$HTTP1"
    log "point counts on node2 (slave)"
    counts "$HTTP2"
    [[ "$(counts "$HTTP1")" == "$(counts "$HTTP2")" ]] || die "point counts differ after the recovery"

    log "curl -u admin:admin -XPOST 'http://127.0.0.1:$API/api/action/recover?start=-1h' (recover a window on demand)"
    api "/api/action/recover?start=-1h" -u admin:admin -XPOST
    await_health "state OK after the requested recovery" 60 recovered_ok 2
    api /api/health
    log "OK: node2 was down, missed 20 points, and the HA monitor copied them back"
}

main() {
    install_missing
    local ports=("$HTTP1" "$HTTP2" "$RPC1" "$RPC2")
    [[ "$MODE" == hamonitor ]] && ports+=("$API")
    for p in "${ports[@]}"; do
        port_free "$p" || die "port $p is in use (a system influxd? try: systemctl stop influxdb, or set QS_HTTP1/QS_HTTP2/QS_RPC1/QS_RPC2/QS_API)"
    done

    log "building (mvn -B -q package -DskipTests)"
    (cd "$ROOT" && mvn -B -q package -DskipTests)
    [[ -f "$JAR" && -f "$SERVER_JAR" ]] || die "build did not produce $JAR and $SERVER_JAR"

    stop_nodes
    rm -rf "$QS/node1" "$QS/node2"
    trap stop_nodes EXIT
    log "starting two influxd nodes"
    start_node node1 "$HTTP1" "$RPC1"
    start_node node2 "$HTTP2" "$RPC2"

    cat > "$QS/syncflux.toml" <<CONF
# written by scripts/quickstart.sh
[General]
 master-db = "influxdb01"
 slave-db = "influxdb02"
 data-chuck-duration = "30m"
 monitor-retry-interval = "5s"
 # short intervals for the hamonitor demo (the defaults are 10s and 20s)
 check-interval = "2s"
 min-sync-interval = "2s"
 logdir = "$QS/log"
 datadir = "$QS/data"

[http]
 bind-addr = "127.0.0.1:$API"
 admin-user = "admin"
 admin-passwd = "admin"

[[influxdb]]
 release = "1x"
 name = "influxdb01"
 location = "http://127.0.0.1:$HTTP1/"
 timeout = "30s"

[[influxdb]]
 release = "1x"
 name = "influxdb02"
 location = "http://127.0.0.1:$HTTP2/"
 timeout = "30s"
CONF
    echo "config: $QS/syncflux.toml"

    load_sample

    log "syncflux -action replicaschema"
    java -jar "$JAR" -config "$QS/syncflux.toml" -action replicaschema

    log "syncflux -action copy -start -2h"
    java -jar "$JAR" -config "$QS/syncflux.toml" -action copy -start -2h

    log "node2 (slave): SHOW DATABASES"
    query "$HTTP2" "SHOW DATABASES"
    log "node2 (slave): SHOW RETENTION POLICIES ON telegraf"
    query "$HTTP2" "SHOW RETENTION POLICIES ON telegraf"
    log "point counts on node1 (master)"
    counts "$HTTP1"
    log "point counts on node2 (slave)"
    counts "$HTTP2"
    if [[ "$(counts "$HTTP1")" == "$(counts "$HTTP2")" ]]; then
        log "OK: the slave has the same points as the master"
    else
        die "point counts differ between master and slave"
    fi
    if [[ "$MODE" == hamonitor ]]; then
        hamonitor_demo
    fi
}

main
