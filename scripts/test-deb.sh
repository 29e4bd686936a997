#!/usr/bin/env bash
# Installs, runs, reinstalls and purges the Debian package built by `mvn package`
# (syncflux-cli/target/syncflux_<version>_all.deb) on this machine, as an operator would:
#
#   1. dpkg -i (missing dependencies through apt-get -f install), `syncflux -version`;
#   2. lintian on the .deb (no errors; skipped with a notice when lintian is not installed);
#   3. two influxd test nodes (temp dirs, free loopback ports, otherwise influxd's defaults), the nodes
#      written into /etc/syncflux/syncflux.toml, and the systemd unit's ExecStart run as the user
#      syncflux with the unit's environment file and working directory: /api/health must answer OK and
#      the journal must appear in /var/lib/syncflux, the log in /var/log/syncflux;
#   4. dpkg -i again: the edited config must survive;
#   5. dpkg --purge: the package's files, /etc/syncflux, /var/lib/syncflux and /var/log/syncflux are gone.
#
# Needs root, dpkg, influxd (Debian package influxdb) and curl. It refuses to run when syncflux is
# already installed, so that it never removes an operator's install. Takes about a minute.
#
#   scripts/test-deb.sh [path/to/syncflux_<version>_all.deb]
set -euo pipefail
cd "$(dirname "$0")/.."

die() { printf 'test-deb: FAILED: %s\n' "$*" >&2; exit 1; }
step() { printf '\n==> %s\n' "$*"; }

DEB="${1:-}"
if [[ -z "$DEB" ]]; then
  shopt -s nullglob
  debs=(syncflux-cli/target/syncflux_*_all.deb)
  shopt -u nullglob
  [[ ${#debs[@]} -eq 1 ]] || die "expected one syncflux-cli/target/syncflux_*_all.deb, found ${#debs[@]}: run mvn package first"
  DEB="${debs[0]}"
fi
DEB="$(cd "$(dirname "$DEB")" && pwd)/$(basename "$DEB")"
[[ "$(id -u)" == 0 ]] || die "needs root (dpkg -i)"
command -v dpkg >/dev/null || die "needs dpkg"
command -v influxd >/dev/null || die "needs influxd (apt-get install influxdb)"
command -v curl >/dev/null || die "needs curl"
if dpkg-query -W -f='${Status}' syncflux 2>/dev/null | grep -q 'installed'; then
  die "syncflux is already installed here; remove it first (this test purges the package)"
fi

WORK="$(mktemp -d /tmp/syncflux-test-deb.XXXXXX)"
chmod 755 "$WORK"
PIDS=()
cleanup() {
  local rc=$?
  for p in "${PIDS[@]}"; do
    kill "$p" 2>/dev/null || true
  done
  for p in "${PIDS[@]}"; do
    wait "$p" 2>/dev/null || true
  done
  if [[ $rc -ne 0 ]]; then
    for f in "$WORK"/*.log /var/log/syncflux/*.log; do
      [[ -f "$f" ]] && { echo "--- $f (last lines)"; tail -20 "$f"; }
    done
    # leave no half-installed package behind
    dpkg --purge syncflux >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
}

start_influxd() { # name -> sets PORT; only paths and ports differ from influxd's defaults
  local dir="$WORK/$1" http rpc
  http="$(free_port)"
  rpc="$(free_port)"
  mkdir -p "$dir"
  cat >"$dir/influxd.conf" <<CONF
reporting-disabled = true
bind-address = "127.0.0.1:$rpc"
[meta]
  dir = "$dir/meta"
[data]
  dir = "$dir/data"
  wal-dir = "$dir/wal"
[http]
  bind-address = "127.0.0.1:$http"
CONF
  influxd -config "$dir/influxd.conf" >"$WORK/influxd-$1.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 150); do
    curl -sf -o /dev/null "http://127.0.0.1:$http/ping" && { PORT="$http"; return 0; }
    sleep 0.2
  done
  die "influxd $1 did not answer on port $http"
}

installed_files() { # files and links of the package, not directories (/lib may be a link to usr/lib)
  dpkg-query -L syncflux | while read -r f; do
    if [[ ! -d "$f" && ( -f "$f" || -L "$f" ) ]]; then echo "$f"; fi
  done
}

step "dpkg -i $(basename "$DEB")"
dpkg-deb --info "$DEB" | sed -n '/Package:/,/Description:/p'
if ! dpkg -i "$DEB"; then
  echo "installing the missing dependencies"
  DEBIAN_FRONTEND=noninteractive apt-get install -f -y -q
fi
dpkg-query -W -f='${Status}\n' syncflux | grep -q 'install ok installed' || die "syncflux is not installed"
for f in /usr/bin/syncflux /usr/share/syncflux/lib/syncflux.jar /etc/syncflux/syncflux.toml /etc/default/syncflux \
         /lib/systemd/system/syncflux.service /usr/share/doc/syncflux/copyright; do
  [[ -e "$f" ]] || die "$f is not installed"
done
grep -qx 'License: Apache-2.0' /usr/share/doc/syncflux/copyright || die "the copyright file names no Apache-2.0 licence"
[[ "$(dpkg-query -W -f='${Maintainer}' syncflux)" == "SyncFlux maintainers <maintainers@syncflux.io>" ]] \
  || die "unexpected Maintainer: $(dpkg-query -W -f='${Maintainer}' syncflux)"
getent passwd syncflux >/dev/null || die "no system user syncflux"
[[ "$(stat -c '%U:%G %a' /var/lib/syncflux)" == "syncflux:syncflux 750" ]] || die "/var/lib/syncflux: $(stat -c '%U:%G %a' /var/lib/syncflux)"
[[ "$(stat -c '%U:%G %a' /var/log/syncflux)" == "syncflux:syncflux 750" ]] || die "/var/log/syncflux: $(stat -c '%U:%G %a' /var/log/syncflux)"
[[ "$(stat -c '%U:%G %a' /etc/syncflux/syncflux.toml)" == "root:syncflux 640" ]] || die "config mode $(stat -c '%U:%G %a' /etc/syncflux/syncflux.toml)"
grep -qx '/etc/syncflux/syncflux.toml' /var/lib/dpkg/info/syncflux.conffiles || die "syncflux.toml is not a conffile"
grep -q '^ *datadir = "/var/lib/syncflux"' /etc/syncflux/syncflux.toml || die "the packaged config does not set datadir"

step "syncflux -version (from another directory)"
version="$(cd "$WORK" && syncflux -version)"
echo "$version"
[[ "$version" == syncflux* ]] || die "unexpected -version output: $version"

if command -v lintian >/dev/null; then
  step "lintian"
  # the tags are shown; only errors fail the test
  lintian_out="$(lintian --no-tag-display-limit "$DEB" 2>&1 || true)"
  echo "${lintian_out:-no tags}"
  if grep -q '^E:' <<<"$lintian_out"; then
    die "lintian reports errors"
  fi
else
  echo "lintian is not installed: skipped (apt-get install lintian)"
fi

step "two influxd test nodes"
start_influxd master
MASTER_PORT="$PORT"
start_influxd slave
SLAVE_PORT="$PORT"
API_PORT="$(free_port)"
echo "master 127.0.0.1:$MASTER_PORT, slave 127.0.0.1:$SLAVE_PORT, API 127.0.0.1:$API_PORT"

step "edit /etc/syncflux/syncflux.toml: the test nodes, the API port, a short check interval"
sed -i -e "s#http://127.0.0.1:8086/#http://127.0.0.1:$MASTER_PORT/#" \
       -e "s#http://127.0.0.1:8087/#http://127.0.0.1:$SLAVE_PORT/#" \
       -e "s#bind-addr = \"127.0.0.1:4090\"#bind-addr = \"127.0.0.1:$API_PORT\"#" \
       -e 's#check-interval = "10s"#check-interval = "1s"#' \
       -e 's#min-sync-interval = "20s"#min-sync-interval = "2s"#' \
       /etc/syncflux/syncflux.toml
grep -q "127.0.0.1:$MASTER_PORT" /etc/syncflux/syncflux.toml || die "the node edit did not apply"
CONF_SUM="$(md5sum < /etc/syncflux/syncflux.toml)"

step "relative paths are the caller's: syncflux -config my.toml from another directory"
mkdir -p "$WORK/operator"
cp /etc/syncflux/syncflux.toml "$WORK/operator/my.toml"
(cd "$WORK/operator" && syncflux -config my.toml -action replicaschema) || die "replicaschema with ./my.toml failed"
set +e
missing="$(cd "$WORK/operator" && syncflux -config missing.toml -action replicaschema 2>&1)"
code=$?
set -e
echo "$missing (exit $code)"
[[ $code -eq 2 && "$missing" == *"missing.toml: file not found"* ]] || die "a missing relative -config: exit $code, $missing"

step "the unit's ExecStart as the user syncflux"
unit=/lib/systemd/system/syncflux.service
exec_start="$(sed -n 's/^ExecStart=//p' "$unit")"
workdir="$(sed -n 's/^WorkingDirectory=//p' "$unit")"
[[ "$(sed -n 's/^User=//p' "$unit")" == syncflux ]] || die "the unit does not run as syncflux"
[[ -n "$exec_start" && -n "$workdir" ]] || die "no ExecStart or WorkingDirectory in $unit"
echo "$exec_start (in $workdir)"
# as systemd would: the environment file, the working directory, the user; no shell in between
(
  cd "$workdir"
  set -a
  # shellcheck disable=SC1091
  . /etc/default/syncflux
  set +a
  # shellcheck disable=SC2086
  exec setpriv --reuid=syncflux --regid=syncflux --init-groups --no-new-privs $exec_start
) >"$WORK/syncflux.log" 2>&1 &
SF_PID=$!
PIDS+=("$SF_PID")
state=""
for _ in $(seq 1 300); do
  state="$(curl -sf "http://127.0.0.1:$API_PORT/api/health" 2>/dev/null | sed -n 's/.*"ClusterState":"\([A-Z_]*\)".*/\1/p' || true)"
  [[ "$state" == OK ]] && break
  kill -0 "$SF_PID" 2>/dev/null || die "the service exited: $(tail -5 "$WORK/syncflux.log")"
  sleep 0.2
done
[[ "$state" == OK ]] || die "/api/health did not report OK within 60 s (last: ${state:-no answer})"
curl -sf "http://127.0.0.1:$API_PORT/api/health"; echo
# the launcher execs the JVM: the process started is the monitor
[[ "$(ps -o user= -p "$SF_PID" | tr -d ' ')" == syncflux ]] || die "the monitor does not run as syncflux"
ls /var/lib/syncflux/hamonitor-*.json >/dev/null 2>&1 || die "no journal in /var/lib/syncflux"
ls /var/log/syncflux/*.log >/dev/null 2>&1 || die "no log in /var/log/syncflux"
echo "journal: $(ls /var/lib/syncflux), logs: $(ls /var/log/syncflux)"
kill "$SF_PID"
wait "$SF_PID" 2>/dev/null || true

step "dpkg -i again: the edited config survives"
dpkg -i "$DEB"
[[ "$(md5sum < /etc/syncflux/syncflux.toml)" == "$CONF_SUM" ]] || die "the edited /etc/syncflux/syncflux.toml was replaced"
[[ "$(stat -c '%U:%G %a' /etc/syncflux/syncflux.toml)" == "root:syncflux 640" ]] || die "config mode changed on reinstall"
echo "kept: $(grep -c "127.0.0.1:$MASTER_PORT" /etc/syncflux/syncflux.toml) edited line(s)"

step "dpkg --purge syncflux"
files="$(installed_files)"
dpkg --purge syncflux
if dpkg-query -W -f='${Status}' syncflux 2>/dev/null | grep -q 'installed'; then
  die "syncflux is still installed"
fi
left=()
while read -r f; do
  [[ -n "$f" && ( -e "$f" || -L "$f" ) ]] && left+=("$f")
done <<<"$files"
for d in /etc/syncflux /var/lib/syncflux /var/log/syncflux /usr/share/syncflux /etc/default/syncflux; do
  [[ -e "$d" ]] && left+=("$d")
done
[[ ${#left[@]} -eq 0 ]] || die "left after purge: ${left[*]}"
echo "purged: no file of the package, /etc/syncflux, /var/lib/syncflux or /var/log/syncflux is left"

printf '\ntest-deb: all checks passed (%s)\n' "$(basename "$DEB")"
