#!/usr/bin/env bash
# Checks the distribution tarball built by `mvn package` (syncflux-cli/target/syncflux-<version>.tar.gz):
# the files and their modes (conf/syncflux.toml, which will hold passwords, is 0640), an unpacked copy
# keeping them, the launcher running from it, and the Dockerfile built on it running as a non-root user
# (scripts/test-docker.sh builds and runs the image where a Docker daemon is available).
#
#   scripts/test-tarball.sh [path/to/syncflux-<version>.tar.gz]      needs tar; java for the launcher check
set -euo pipefail
cd "$(dirname "$0")/.."

die() { printf 'test-tarball: FAILED: %s\n' "$*" >&2; exit 1; }

TGZ="${1:-}"
if [[ -z "$TGZ" ]]; then
  shopt -s nullglob
  tgzs=(syncflux-cli/target/syncflux-*.tar.gz)
  shopt -u nullglob
  [[ ${#tgzs[@]} -eq 1 ]] || die "expected one syncflux-cli/target/syncflux-*.tar.gz, found ${#tgzs[@]}: run mvn package first"
  TGZ="${tgzs[0]}"
fi

listing="$(tar -tvzf "$TGZ")"
echo "$listing"
expect() { # mode path-under-the-base-directory
  grep -Eq "^$1 .* syncflux-[^/]+/$2\$" <<<"$listing" || die "expected $1 $2"
}
expect '-rwxr-xr-x' bin/syncflux
expect '-rw-r--r--' lib/syncflux.jar
expect '-rw-r-----' conf/syncflux.toml
expect '-rw-r--r--' conf/sample.syncflux.toml
expect '-rw-r--r--' dist/syncflux.service
expect '-rw-r--r--' dist/syncflux.default
expect '-rw-r--r--' dist/syncflux.logrotate
expect 'drwxr-xr-x' log/
expect 'drwxr-xr-x' data/

work="$(mktemp -d /tmp/syncflux-test-tarball.XXXXXX)"
trap 'rm -rf "$work"' EXIT
tar -xzf "$TGZ" -C "$work"
home="$(echo "$work"/syncflux-*)"
[[ "$(stat -c '%a' "$home/conf/syncflux.toml")" == 640 ]] || die "unpacked conf/syncflux.toml is $(stat -c '%a' "$home/conf/syncflux.toml")"
grep -q '^/opt/syncflux/log/syncflux.log /opt/syncflux/log/http_access.log {' "$home/dist/syncflux.logrotate" \
  || die "dist/syncflux.logrotate does not rotate /opt/syncflux/log"
grep -q 'kill --kill-who=main --signal=HUP syncflux.service' "$home/dist/syncflux.logrotate" \
  || die "dist/syncflux.logrotate does not signal the daemon"
if command -v logrotate >/dev/null; then
  logrotate -d "$home/dist/syncflux.logrotate" >/dev/null 2>&1 || die "logrotate cannot read dist/syncflux.logrotate"
fi
if command -v java >/dev/null; then
  "$home/bin/syncflux" -version || die "the unpacked launcher does not run"
fi

# the image built on this tarball must not run as root
user="$(sed -n 's/^USER[[:space:]]\+//p' Dockerfile | tail -1)"
[[ -n "$user" ]] || die "the Dockerfile sets no USER: the image would run as root"
case "${user%%:*}" in
  root | 0) die "the Dockerfile runs as $user" ;;
esac
grep -q 'chmod 0640 /opt/syncflux/conf/syncflux.toml' Dockerfile || die "the image does not keep the config 0640"

printf '\ntest-tarball: all checks passed (%s; image user %s)\n' "$(basename "$TGZ")" "$user"
