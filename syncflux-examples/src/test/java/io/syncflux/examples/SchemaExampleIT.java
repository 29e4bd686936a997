package io.syncflux.examples;

import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.influx.RetentionPolicy;
import io.syncflux.core.report.SchemaAction;
import io.syncflux.core.report.SchemaReport;
import io.syncflux.core.testing.Influxd;
import io.syncflux.core.testing.InfluxdExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs {@link SchemaExample} between two real influxd processes. */
class SchemaExampleIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    private static final RetentionPolicy MONTH =
            new RetentionPolicy("month", Duration.ofHours(720), Duration.ofHours(24), 1, true);
    private static final RetentionPolicy WEEK =
            new RetentionPolicy("week", Duration.ofHours(168), Duration.ofHours(1), 1, false);

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @BeforeEach
    void sourceSchema() {
        Influxd src = INFLUX.node(0);
        src.query("CREATE DATABASE telegraf WITH DURATION 720h REPLICATION 1 SHARD DURATION 24h NAME month");
        src.query("CREATE RETENTION POLICY week ON telegraf DURATION 168h REPLICATION 1 SHARD DURATION 1h");
        src.query("CREATE DATABASE other");
    }

    private SchemaReport replicate() {
        return SchemaExample.replicateAs(INFLUX.node(0).url(), INFLUX.node(1).url(), "telegraf", "telegraf_copy", out);
    }

    @Test
    void createsTheDatabaseUnderTheNewNameWithTheSameRetentionPolicies() {
        SchemaReport report = replicate();

        assertThat(report.ok()).isTrue();
        try (InfluxNode destination = InfluxNode.connect(INFLUX.node(1).nodeConfig())) {
            assertThat(destination.databases()).filteredOn(db -> !db.equals("_internal"))
                    .containsExactly("telegraf_copy");
            assertThat(destination.retentionPolicies("telegraf_copy")).containsExactlyInAnyOrder(MONTH, WEEK);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8).lines())
                .contains("created database telegraf_copy")
                .anyMatch(l -> l.startsWith("created retention policy telegraf_copy.month ("))
                .anyMatch(l -> l.startsWith("created retention policy telegraf_copy.week ("));
    }

    @Test
    void changesNothingWhenRunAgain() {
        replicate();
        printed.reset();

        SchemaReport again = replicate();

        assertThat(again.ok()).isTrue();
        assertThat(again.actions()).extracting(SchemaAction::type)
                .containsExactly(SchemaAction.Type.UNCHANGED, SchemaAction.Type.UNCHANGED);
        try (InfluxNode destination = InfluxNode.connect(INFLUX.node(1).nodeConfig())) {
            assertThat(destination.retentionPolicies("telegraf_copy")).containsExactlyInAnyOrder(MONTH, WEEK);
        }
    }
}
