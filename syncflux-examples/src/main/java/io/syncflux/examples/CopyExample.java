package io.syncflux.examples;

import io.syncflux.core.api.Selection;
import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.config.NodeConfig;
import io.syncflux.core.copy.ChunkedCopier;
import io.syncflux.core.event.CopyListener;
import io.syncflux.core.event.WorkUnit;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.report.CopyReport;

import java.io.PrintStream;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Copies the last hour of one measurement from one InfluxDB 1.x server to another, printing progress.
 *
 * <pre>
 * java -cp syncflux-examples.jar:... io.syncflux.examples.CopyExample \
 *     http://10.0.0.1:8086/ http://10.0.0.2:8086/ telegraf cpu
 * </pre>
 *
 * <p>A copy never creates schema: the database and its retention policies must already exist on the
 * destination (see {@link SchemaExample}); otherwise they are skipped and listed in the report.
 */
public final class CopyExample {
    private CopyExample() {
    }

    /**
     * Runs the example.
     *
     * @param args source URL, destination URL, database, measurement
     */
    public static void main(String[] args) {
        ExampleArgs.require(args, 4, "CopyExample <source-url> <destination-url> <database> <measurement>");
        CopyReport report = copyLastHour(args[0], args[1], args[2], args[3], System.out);
        report.failures().forEach(f -> System.err.println("not copied: " + f.describe()));
        report.skipped().forEach(s -> System.err.println("skipped: " + s));
        System.exit(report.ok() ? 0 : 1);
    }

    /**
     * Copies {@code database.*.measurement} over {@code [now-1h, now)} from source to destination under the
     * same names, printing each planned, finished or failed unit to {@code out}.
     *
     * @return the copy's report; {@link CopyReport#ok()} is true when every unit was copied
     */
    public static CopyReport copyLastHour(String sourceUrl, String destinationUrl, String database,
                                          String measurement, PrintStream out) {
        try (InfluxNode source = InfluxNode.connect(NodeConfig.of("source", sourceUrl));
             InfluxNode destination = InfluxNode.connect(NodeConfig.of("destination", destinationUrl))) {
            CopyReport report = ChunkedCopier.builder()
                    .source(source)
                    .destination(destination)
                    .selection(Selection.of(Selection.exactly(database), null, Selection.exactly(measurement), null,
                            null))
                    .window(TimeWindow.parse("-1h", "now", Instant.now()))
                    .listener(new ProgressPrinter(out))
                    .build()
                    .run();
            out.printf("copied %d points in %d units, ok=%s%n", report.points(), report.units(), report.ok());
            return report;
        }
    }

    /** Prints one line per planned copy and per finished or failed unit; safe from the worker threads. */
    private static final class ProgressPrinter implements CopyListener {
        private final PrintStream out;
        private final AtomicInteger done = new AtomicInteger();
        private volatile int planned;

        ProgressPrinter(PrintStream out) {
            this.out = out;
        }

        @Override
        public void planned(int units, TimeWindow window) {
            planned = units;
            out.printf("planned %d units over %s%n", units, window);
        }

        @Override
        public void unitFinished(WorkUnit unit, long points) {
            out.printf("[%d/%d] %s: %d points%n", done.incrementAndGet(), planned, unit.describe(), points);
        }

        @Override
        public void unitFailed(WorkUnit unit, String error) {
            out.printf("[%d/%d] %s FAILED: %s%n", done.incrementAndGet(), planned, unit.describe(), error);
        }
    }
}
