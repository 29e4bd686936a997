package io.syncflux.core;

import io.syncflux.core.api.RepairPolicy;
import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.copy.ChunkedCopier;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.influx.Influxql;
import io.syncflux.core.report.CopyReport;
import io.syncflux.core.report.VerifyReport;
import io.syncflux.core.schema.SchemaReplicator;
import io.syncflux.core.testing.DataDump;
import io.syncflux.core.testing.InfluxdExtension;
import io.syncflux.core.verify.Verifier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

import static io.syncflux.core.testing.Fixtures.nanos;

/**
 * Schema, copy and verify over a database, retention policy, measurements, tags and fields whose
 * names carry quotes, backslashes, semicolons, commas, spaces and InfluxQL keywords, and string
 * values with newlines: every query must quote them so that each name reaches exactly itself. (A
 * measurement name cannot end in a backslash: line protocol reads it as an escape.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileNamesIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    static final String DB = "we\"ird db; DROP DATABASE x \u00e9'";
    static final String RP = "r p.\"x\";y";
    /** Measurement names as line protocol writes them, and as InfluxDB stores them. */
    static final List<String[]> MEASUREMENTS = List.of(
            new String[] {"back\\slash", "back\\slash"},
            new String[] {"quo\"te;semi", "quo\"te;semi"},
            new String[] {"com\\,ma\\ space", "com,ma space"},
            new String[] {"tr'ick\";DROP\\ MEASUREMENT\\ x", "tr'ick\";DROP MEASUREMENT x"},
            new String[] {"select", "select"},
            new String[] {"semi;colon;", "semi;colon;"});

    InfluxNode master;
    InfluxNode slave;
    Instant w0;
    TimeWindow window;

    @BeforeEach
    void setUp() {
        master = INFLUX.client(0);
        slave = INFLUX.client(1);
        INFLUX.node(0).query("CREATE DATABASE " + Influxql.ident(DB) + " WITH NAME " + Influxql.ident(RP));
        w0 = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);
        window = new TimeWindow(w0, w0.plus(Duration.ofHours(2)));
        StringBuilder sb = new StringBuilder();
        for (String[] m : MEASUREMENTS) {
            for (int i = 0; i < 12; i++) {
                long t = nanos(w0.plus(Duration.ofMinutes(10L * i))) + 7;
                sb.append(m[0]).append(",k\\ ey=v\\,a\"l;ue,p=a\\\\b,q=x\\=y ")
                        .append("s=\"line1\nline2 \\\"q\\\" ;DROP\",f\\ ield=").append(i).append(".5,n=").append(i)
                        .append("i ").append(t).append('\n');
            }
        }
        INFLUX.node(0).write(DB, RP, sb.toString());
    }

    private Verifier.Builder verifier() {
        return Verifier.builder().master(master).slave(slave).window(window).chunk(Duration.ofHours(1));
    }

    @Test
    void schemaCopyAndVerifyReachEveryHostileNameExactly() {
        assertThat(master.measurements(DB)).containsExactlyInAnyOrderElementsOf(
                MEASUREMENTS.stream().map(m -> m[1]).toList());

        assertThat(SchemaReplicator.builder().source(master).destination(slave).build().run().ok()).isTrue();
        assertThat(slave.databases()).contains(DB);
        CopyReport copy = ChunkedCopier.builder().source(master).destination(slave).window(window)
                .chunk(Duration.ofHours(1)).build().run();
        assertThat(copy.failures()).isEmpty();
        assertThat(copy.points()).isEqualTo(MEASUREMENTS.size() * 12L);
        List<String> onMaster = DataDump.of(master, DB);
        assertThat(onMaster).hasSize(MEASUREMENTS.size() * 12)
                .anyMatch(l -> l.contains("|back\\\\slash|")).anyMatch(l -> l.contains("line1\\nline2"));
        assertThat(DataDump.of(slave, DB)).containsExactlyElementsOf(onMaster);
        assertThat(verifier().build().run().identical()).isTrue();

        String victim = "quo\"te;semi";
        INFLUX.node(1).query(DB, "DELETE FROM " + Influxql.ident(victim) + " WHERE time = "
                + (nanos(w0.plus(Duration.ofMinutes(70))) + 7));
        VerifyReport r = verifier().build().run();
        assertThat(r.differences()).singleElement().satisfies(d -> {
            assertThat(d.measurement()).isEqualTo(victim);
            assertThat(d.start()).isEqualTo(w0.plus(Duration.ofHours(1)));
            assertThat(d.end()).isEqualTo(w0.plus(Duration.ofHours(2)));
            assertThat(d.series()).singleElement().satisfies(s -> {
                assertThat(s.tags()).containsEntry("k ey", "v,a\"l;ue").containsEntry("p", "a\\\\b");
                assertThat(s.masterPoints()).isEqualTo(6);
                assertThat(s.slavePoints()).isEqualTo(5);
                assertThat(s.missingOnSlave()).isEqualTo(1);
            });
        });

        VerifyReport repaired = verifier().repair(RepairPolicy.ONE_WAY).build().run();
        assertThat(repaired.consistent()).isTrue();
        assertThat(DataDump.of(slave, DB)).containsExactlyElementsOf(onMaster);
    }
}
