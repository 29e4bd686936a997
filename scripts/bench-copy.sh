#!/usr/bin/env bash
# Copy benchmark: two local influxd processes, ~2 million points over 24 h, raw ingest rate vs copy rate,
# peak heap of the copier, then the content verify (digest) of both nodes vs reading both in full.
# Usage: scripts/bench-copy.sh [-Dbench.series=200 -Dbench.pointsPerSeries=1000 -Dbench.workers=4 ...]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl syncflux-core test-compile
mvn -B -q -pl syncflux-core dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
CP="syncflux-core/target/classes:syncflux-core/target/test-classes:$(cat syncflux-core/target/bench.classpath)"
exec java -Xmx128m -XX:+UseSerialGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "$@" \
  -cp "$CP" io.syncflux.core.bench.CopyBenchmark
