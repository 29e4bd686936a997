package io.syncflux.examples;

import io.syncflux.core.api.Selection;
import io.syncflux.core.config.NodeConfig;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.report.SchemaAction;
import io.syncflux.core.report.SchemaReport;
import io.syncflux.core.schema.SchemaReplicator;

import java.io.PrintStream;

/**
 * Replicates the schema (the database and its retention policies) of one database to another
 * InfluxDB 1.x server under a new name. Running it again changes nothing; a retention policy that
 * exists there with other settings is altered to match.
 *
 * <pre>
 * java -cp syncflux-examples.jar:... io.syncflux.examples.SchemaExample \
 *     http://10.0.0.1:8086/ http://10.0.0.2:8086/ telegraf telegraf_copy
 * </pre>
 */
public final class SchemaExample {
    private SchemaExample() {
    }

    /**
     * Runs the example.
     *
     * @param args source URL, destination URL, source database, destination database
     */
    public static void main(String[] args) {
        ExampleArgs.require(args, 4, "SchemaExample <source-url> <destination-url> <database> <new-database>");
        SchemaReport report = replicateAs(args[0], args[1], args[2], args[3], System.out);
        report.mismatches().forEach(m -> System.err.println("mismatch: " + m));
        System.exit(report.ok() ? 0 : 1);
    }

    /**
     * Creates (or aligns) {@code newDatabase} on the destination with the retention policies of
     * {@code database} on the source, printing one line per action to {@code out}.
     *
     * @return the replication's report; {@link SchemaReport#ok()} is true when the destination matches
     */
    public static SchemaReport replicateAs(String sourceUrl, String destinationUrl, String database,
                                           String newDatabase, PrintStream out) {
        try (InfluxNode source = InfluxNode.connect(NodeConfig.of("source", sourceUrl));
             InfluxNode destination = InfluxNode.connect(NodeConfig.of("destination", destinationUrl))) {
            SchemaReport report = SchemaReplicator.builder()
                    .source(source)
                    .destination(destination)
                    // the database pattern must select exactly one database when it is renamed
                    .selection(Selection.of(Selection.exactly(database), null, null, newDatabase, null))
                    .build()
                    .run();
            for (SchemaAction action : report.actions()) {
                out.println(action.describe());
            }
            return report;
        }
    }
}
