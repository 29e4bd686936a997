#!/usr/bin/env bash
# Copy benchmark: two local influxd processes; dense (~2 million points) and sparse data over 24 h; raw
# ingest rate vs copy rate at the default 60m chunks, per-chunk queries and 24h chunks; a rate-limited
# copy; the peak RSS of a default copy through the installed launcher;
# then the content verify (digest) of both nodes vs reading both in full. Needs influxd on the PATH (Debian
# package influxdb) and Maven.
# Usage: scripts/bench-copy.sh [-Dbench.series=200 -Dbench.pointsPerSeries=1000 -Dbench.workers=4 ...]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package
install="$PWD/syncflux-cli/target/bench-install"
rm -rf "$install" && mkdir -p "$install"
tar -xzf "$(ls syncflux-cli/target/syncflux-*.tar.gz | head -1)" -C "$install"
launcher="$(ls -d "$install"/syncflux-*/bin/syncflux | head -1)"
mvn -B -q -pl syncflux-core dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
CP="syncflux-core/target/classes:syncflux-core/target/test-classes:$(cat syncflux-core/target/bench.classpath)"
exec java -Xmx128m -XX:+UseSerialGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  "-Dbench.launcher=$launcher" "$@" \
  -cp "$CP" io.syncflux.core.bench.CopyBenchmark
