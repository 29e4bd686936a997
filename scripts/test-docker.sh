#!/usr/bin/env bash
# Builds the image from the tarball built by `mvn package` and checks it as an operator would: the daemon
# runs as the non-root user syncflux (uid 10001), the config is 0640 root:syncflux, and an API on 0.0.0.0
# with the sample's password refuses to start while one with a password from SYNCFLUX_HTTP_ADMIN_PASSWD_FILE
# (a mounted secret) answers. Needs a running Docker daemon; exits 0 with a notice when there is none.
#
#   scripts/test-docker.sh
set -euo pipefail
cd "$(dirname "$0")/.."

die() { printf 'test-docker: FAILED: %s\n' "$*" >&2; exit 1; }

if ! command -v docker >/dev/null || ! docker info >/dev/null 2>&1; then
  echo "test-docker: no Docker daemon here: skipped"
  exit 0
fi
shopt -s nullglob
tgzs=(syncflux-cli/target/syncflux-*.tar.gz)
shopt -u nullglob
[[ ${#tgzs[@]} -eq 1 ]] || die "expected one syncflux-cli/target/syncflux-*.tar.gz: run mvn package first"

IMAGE="syncflux-test:$$"
work="$(mktemp -d /tmp/syncflux-test-docker.XXXXXX)"
cleanup() {
  docker rm -f "syncflux-test-$$" >/dev/null 2>&1 || true
  docker rmi -f "$IMAGE" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
docker build -q -t "$IMAGE" . >/dev/null

[[ "$(docker run --rm --entrypoint id "$IMAGE" -u)" == 10001 ]] || die "the image does not run as uid 10001"
mode="$(docker run --rm --entrypoint stat "$IMAGE" -c '%U:%G %a' /opt/syncflux/conf/syncflux.toml)"
[[ "$mode" == "root:syncflux 640" ]] || die "config in the image: $mode"

# the packaged sample, made to listen on all interfaces: admin/admin must be refused
set +e
out="$(docker run --rm --entrypoint sh "$IMAGE" -c \
  "sed 's/127.0.0.1:4090/0.0.0.0:4090/' conf/syncflux.toml > /tmp/s.toml && exec bin/syncflux -config /tmp/s.toml" 2>&1)"
code=$?
set -e
echo "$out" | tail -1
[[ $code -eq 2 && "$out" == *"[http] admin-passwd"* ]] || die "admin/admin on 0.0.0.0: exit $code: $out"

printf 'S3cret-from-a-file\n' > "$work/api"
chmod 0644 "$work/api"
docker run -d --name "syncflux-test-$$" -e SYNCFLUX_HTTP_ADMIN_PASSWD_FILE=/run/secrets/api \
  -v "$work/api:/run/secrets/api:ro" --entrypoint sh "$IMAGE" -c \
  "sed 's/127.0.0.1:4090/0.0.0.0:4090/' conf/syncflux.toml > /tmp/s.toml && exec bin/syncflux -config /tmp/s.toml" >/dev/null
for _ in $(seq 1 100); do
  docker exec "syncflux-test-$$" bash -c 'exec 3<>/dev/tcp/127.0.0.1/4090' 2>/dev/null && break
  sleep 0.3
done
[[ "$(docker inspect -f '{{.State.Running}}' "syncflux-test-$$")" == true ]] || die "the daemon with a password file exited: $(docker logs "syncflux-test-$$" 2>&1 | tail -3)"
docker exec "syncflux-test-$$" bash -c 'exec 3<>/dev/tcp/127.0.0.1/4090' || die "the API does not listen"
[[ "$(docker exec "syncflux-test-$$" stat -c %U /proc/1)" == syncflux ]] || die "pid 1 does not run as syncflux"

printf '\ntest-docker: all checks passed\n'
