#!/usr/bin/env bash
# Cardinality benchmark: for each size (series), two fresh local influxd processes with Debian's default
# config; high-cardinality data within the server's default limits (at most 85,000 series per
# measurement, under max-values-per-tag 100,000), loaded into the master (raw ingest), then through the
# installed launcher with no JAVA_OPTS: fullcopy (checked exact), verify (identical), verify with 1 % of the
# series changed on the slave, verify -repair, and a last verify. Prints per phase the wall time, points/s,
# the ratio to raw ingest, the launcher's peak RSS and CPU per million points, and each influxd's peak
# RSS and CPU; then a table and the growth from one size to the next. Not part of CI. Needs influxd on the
# PATH (Debian package influxdb), Maven, and RAM: up to 13 GiB per influxd at 1,000,000 series.
# Usage: scripts/bench-cardinality.sh [-Dbench.sizes=300000,1000000] [-Dbench.pointsPerSeries=4]
#        [-Dbench.changedPercent=1] [-Dbench.timeoutMinutes=60] [-Dbench.nodeTimeout=10s]
# Quick run: scripts/bench-cardinality.sh -Dbench.sizes=20000,40000
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package
install="$PWD/syncflux-cli/target/bench-install"
rm -rf "$install" && mkdir -p "$install"
tar -xzf "$(ls syncflux-cli/target/syncflux-*.tar.gz | head -1)" -C "$install"
launcher="$(ls -d "$install"/syncflux-*/bin/syncflux | head -1)"
mvn -B -q -pl syncflux-core dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
CP="syncflux-core/target/classes:syncflux-core/target/test-classes:$(cat syncflux-core/target/bench.classpath)"
unset JAVA_OPTS
exec java -Xmx256m -XX:+UseSerialGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  "-Dbench.launcher=$launcher" "-Dbench.logs=$PWD/syncflux-cli/target/bench-cardinality" "$@" \
  -cp "$CP" io.syncflux.core.bench.CardinalityBenchmark
