package io.syncflux.core;

import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.report.ChunkDiff;
import io.syncflux.core.report.VerifyReport;
import io.syncflux.core.testing.DataDump;
import io.syncflux.core.testing.InfluxdExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

class VerifierIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    static InfluxNode master;
    static InfluxNode slave;
    Instant w0;
    TimeWindow window;

    @BeforeAll
    static void nodes() {
        master = InfluxNode.connect(INFLUX.node(0).nodeConfig());
        slave = InfluxNode.connect(INFLUX.node(1).nodeConfig());
    }

    @AfterAll
    static void close() {
        master.close();
        slave.close();
    }

    static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** The same 6 hours of data (one point a minute in two measurements) on both nodes. */
    @BeforeEach
    void sameData() {
        w0 = Instant.now().minus(7, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);
        window = new TimeWindow(w0, w0.plus(Duration.ofHours(6)));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 360; i++) {
            long t = nanos(w0.plus(Duration.ofMinutes(i))) + 5;
            sb.append("cpu,host=a v=").append(i).append("i,f=").append(i * 0.5).append(' ').append(t).append('\n');
            sb.append("mem free=").append(i).append("i ").append(t).append('\n');
        }
        for (int n = 0; n < 2; n++) {
            INFLUX.node(n).query("CREATE DATABASE v");
            INFLUX.node(n).write("v", null, sb.toString());
        }
    }

    private Verifier.Builder verifier() {
        return Verifier.builder().master(master).slave(slave).window(window).chunk(Duration.ofHours(1));
    }

    @Test
    void identicalServersHaveNoDifferences() {
        VerifyReport r = verifier().build().run();
        assertThat(r.identical()).isTrue();
        assertThat(r.consistent()).isTrue();
        assertThat(r.chunksCompared()).isEqualTo(12);
    }

    @Test
    void findsExactlyTheChunksWithDeletedPointsAndRepairsThem() {
        // scattered deletions on the slave: chunk 1 of cpu, chunk 4 of mem (two points), nothing else
        INFLUX.node(1).query("v", "DELETE FROM cpu WHERE time = " + (nanos(w0.plus(Duration.ofMinutes(75))) + 5));
        INFLUX.node(1).query("v", "DELETE FROM mem WHERE time = " + (nanos(w0.plus(Duration.ofMinutes(250))) + 5));
        INFLUX.node(1).query("v", "DELETE FROM mem WHERE time = " + (nanos(w0.plus(Duration.ofMinutes(299))) + 5));

        VerifyReport r = verifier().build().run();
        assertThat(r.identical()).isFalse();
        assertThat(r.differences()).containsExactlyInAnyOrder(
                new ChunkDiff("v", "autogen", "cpu", w0.plus(Duration.ofHours(1)), w0.plus(Duration.ofHours(2)), 60, 59),
                new ChunkDiff("v", "autogen", "mem", w0.plus(Duration.ofHours(4)), w0.plus(Duration.ofHours(5)), 60, 58));

        VerifyReport repaired = verifier().repair(true).build().run();
        assertThat(repaired.differences()).hasSize(2);
        assertThat(repaired.repairs()).hasSize(2).allMatch(c -> c.ok());
        assertThat(repaired.remaining()).isEmpty();
        assertThat(repaired.consistent()).isTrue();
        assertThat(DataDump.of(slave, "v")).containsExactlyElementsOf(DataDump.of(master, "v"));
        assertThat(verifier().build().run().identical()).isTrue();
    }

    @Test
    void twoWayRepairCopiesPointsOnlyTheSlaveHasBackToTheMaster() {
        long t = nanos(w0.plus(Duration.ofMinutes(130))) + 99;
        INFLUX.node(1).write("v", null, "cpu,host=b v=7i " + t);
        INFLUX.node(0).query("v", "DELETE FROM mem WHERE time = " + (nanos(w0.plus(Duration.ofMinutes(10))) + 5));

        VerifyReport r = verifier().repair(true).twoWays(true).build().run();
        assertThat(r.differences()).extracting(ChunkDiff::measurement).containsExactlyInAnyOrder("cpu", "mem");
        assertThat(r.consistent()).isTrue();
        assertThat(DataDump.of(master, "v")).containsExactlyElementsOf(DataDump.of(slave, "v"))
                .anyMatch(l -> l.contains("host=b"));
    }

    @Test
    void aMeasurementMissingOnTheSlaveIsADifference() {
        INFLUX.node(0).write("v", null, "only_master x=1i " + (nanos(w0) + 1));
        VerifyReport r = verifier().build().run();
        assertThat(r.differences()).singleElement().satisfies(d -> {
            assertThat(d.measurement()).isEqualTo("only_master");
            assertThat(d.masterPoints()).isEqualTo(1);
            assertThat(d.slavePoints()).isZero();
            assertThat(d.start()).isEqualTo(w0);
        });
    }
}
