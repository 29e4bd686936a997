package io.syncflux.core;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.copy.ChunkedCopier;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.influx.NodeException;
import io.syncflux.core.report.CopyReport;
import io.syncflux.core.report.RpCopyStats;
import io.syncflux.core.schema.SchemaReplicator;
import io.syncflux.core.testing.DataDump;
import io.syncflux.core.testing.InfluxdExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A master with {@code [http] max-row-limit = 3} cuts every unchunked answer longer than three rows
 * (marking it {@code partial}); metadata must still be read whole.
 */
class RowLimitIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02")
            .config("influx01", "http", "max-row-limit = 3");

    final InfluxNode master = INFLUX.client(0);
    final InfluxNode slave = INFLUX.client(1);


    /** Writes 4 databases, 4 RPs in one, 6 measurements of 5 fields and 4 series each, over 5 shard groups. */
    private static int writeMoreThanTheLimitOfEverything(Instant t0) {
        int points = 0;
        for (String db : List.of("r1", "r2", "r3", "r4")) {
            INFLUX.node(0).query("CREATE DATABASE " + db + " WITH SHARD DURATION 1h NAME hourly");
        }
        for (String rp : List.of("rp2", "rp3", "rp4")) {
            INFLUX.node(0).query("CREATE RETENTION POLICY " + rp + " ON r1 DURATION INF REPLICATION 1 SHARD DURATION 1h");
        }
        for (String rp : List.of("hourly", "rp2", "rp3", "rp4")) {
            StringBuilder lines = new StringBuilder();
            for (int m = 1; m <= 6; m++) {
                for (int h = 1; h <= 4; h++) {
                    for (int hour = 0; hour < 5; hour++) {
                        long t = (t0.getEpochSecond() + hour * 3600L + m * 7L + h) * 1_000_000_000L;
                        lines.append("m").append(m).append(",host=h").append(h)
                                .append(" a=1i,b=2.5,c=true,d=\"x\",e=").append(hour).append("i ").append(t).append('\n');
                        points++;
                    }
                }
            }
            INFLUX.node(0).write("r1", rp, lines.toString());
        }
        for (String db : List.of("r2", "r3", "r4")) {
            INFLUX.node(0).write(db, null, "only v=1i " + t0.getEpochSecond() * 1_000_000_000L);
            points++;
        }
        return points;
    }

    /** Debian's default monitor creates {@code _internal} at its first store, about 10 s after the start. */
    private void awaitInternalDatabase() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!master.databases().contains("_internal") && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Test
    void copiesEverythingFromAMasterWithARowLimitBelowItsMetadata() {
        Instant t0 = Instant.now().minus(6, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);
        int written = writeMoreThanTheLimitOfEverything(t0);
        awaitInternalDatabase();
        assertThat(master.databases()).contains("r1", "r2", "r3", "r4", "_internal");
        assertThat(master.retentionPolicies("r1")).hasSize(4);
        assertThat(master.measurements("r1")).hasSize(6);
        assertThat(master.fieldKeys("r1", "hourly", "m1")).hasSize(5);
        assertThat(master.shardGroups("r1", "hourly")).hasSize(5);

        assertThat(SchemaReplicator.builder().source(master).destination(slave).build().run().ok()).isTrue();
        CopyReport r = ChunkedCopier.builder().source(master).destination(slave).retryDelay(Duration.ZERO)
                .window(new TimeWindow(t0, t0.plus(Duration.ofHours(6)))).build().run();

        assertThat(r.failures()).isEmpty();
        assertThat(r.points()).isEqualTo(written);
        assertThat(r.perRp()).extracting(RpCopyStats::db).doesNotContain("_internal").contains("r1", "r2", "r3", "r4");
        int total = 0;
        for (String db : List.of("r1", "r2", "r3", "r4")) {
            List<String> source = DataDump.of(master, db);
            total += source.size();
            assertThat(DataDump.of(slave, db)).as(db).containsExactlyElementsOf(source);
        }
        assertThat(total).isEqualTo(written);
    }

    @Test
    void anUnchunkedAnswerTheServerCutIsAnErrorNotAShortList() {
        writeMoreThanTheLimitOfEverything(Instant.now().minus(6, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS));

        assertThatThrownBy(() -> master.stream("r1", "SHOW MEASUREMENTS", 0, s -> {
        })).isInstanceOf(NodeException.class).hasMessageContaining("partial").hasMessageContaining("max-row-limit");
    }
}
