package io.syncflux.core;

import io.syncflux.core.api.CopyOrder;
import io.syncflux.core.api.Selection;
import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.copy.ChunkedCopier;
import io.syncflux.core.event.WorkUnit;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.report.CopyReport;
import io.syncflux.core.schema.SchemaReplicator;
import io.syncflux.core.testing.DataDump;
import io.syncflux.core.testing.InfluxdExtension;
import io.syncflux.core.testing.Points;
import io.syncflux.core.testing.RecordingCopyListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

import static io.syncflux.core.testing.Fixtures.nanos;

/** Copies between two real influxd processes and compares their full contents exactly. */
class ChunkedCopierIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    static InfluxNode master;
    static InfluxNode slave;

    @BeforeAll
    static void nodes() {
        master = INFLUX.client(0);
        slave = INFLUX.client(1);
    }

    private static void createBoth(String db) {
        INFLUX.node(0).query("CREATE DATABASE \"" + db + "\"");
        INFLUX.node(1).query("CREATE DATABASE \"" + db + "\"");
    }

    private static ChunkedCopier.Builder copier() {
        return ChunkedCopier.builder().source(master).destination(slave).retryDelay(Duration.ZERO);
    }

    /** Every awkward value, name and tag that line protocol and InfluxQL allow in 1.x. */
    static String hostileData(long t) {
        return String.join("\n",
                "cpu,host=server\\ 01,region=eu\\,west f=1.5,i=-9223372036854775808i,b=true,"
                        + "s=\"quote \\\" back \\\\ comma , newline\nend\" " + (t + 1),
                "cpu,host=server\\ 01,region=eu\\,west i=9223372036854775807i,f=-0.0,b=false,s=\"\" " + (t + 2),
                "cpu,host=server\\ 01,region=eu\\,west f=4.9E-324,i=0i " + (t + 3),
                "cpu,host=server\\ 01,region=eu\\,west f=1.7976931348623157E308,i=-1i " + (t + 4),
                "cpu,host=h2 f=0.1,i=42i,s=\"ends with backslash \\\\\" " + (t + 123_456_789L),
                "cpu,host=h2 f=1.0E-300,i=7i " + (t + 999_999_999L),
                "cpu f=2.0 " + (t + 5),
                "we\\ ird\\,meas,k\\=ey=v\\=al\\ ue,q=\"x\" v=1i " + (t + 6),
                "ünïcode\"m ü=\"日本語 ✓ \\\"ok\\\"\",n=3.25 " + (t + 7),
                "m2 field\\ key=1i,other\\,k=2.5,eq\\=k=true " + (t + 8),
                "back\\slash,tag=a\\\\b v=\"x\" " + (t + 9),
                "old v=1i -1000000001",
                "old v=2i 0",
                "");
    }

    @Test
    void copiesAHostileDatasetBitExactly() {
        createBoth("exact");
        long t = nanos(Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS));
        INFLUX.node(0).write("exact", null, hostileData(t));
        List<String> source = DataDump.of(master, "exact");
        assertThat(source).hasSize(13);

        CopyReport report = copier()
                .window(new TimeWindow(Instant.parse("1960-01-01T00:00:00Z"), Instant.now().plusSeconds(60)))
                .chunk(Duration.ofHours(24 * 30))
                .build().run();

        assertThat(report.failures()).isEmpty();
        assertThat(report.ok()).isTrue();
        assertThat(report.points()).isEqualTo(13);
        assertThat(DataDump.of(slave, "exact")).containsExactlyElementsOf(source);
        assertThat(source).anyMatch(l -> l.contains("i=int:-9223372036854775808"))
                .anyMatch(l -> l.contains("i=int:9223372036854775807"))
                .anyMatch(l -> l.contains("f=float:8000000000000000"))
                .anyMatch(l -> l.contains("|-1000000001|"));
    }

    @Test
    void aMeasurementWithMoreSeriesThanOneQueryTakesIsReadInPartsAndCopiedExactly() {
        createBoth("parts");
        long t = nanos(Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS));
        StringBuilder sb = new StringBuilder();
        String[] ends = {"", "0", "9", "a", "Z", "~", " x", "\\,", "\u00e9", "\uD83D\uDE00"};
        for (int i = 0; i < 60; i++) {
            String v = ("v" + i + ends[i % ends.length]).replace(" ", "\\ ");
            sb.append("wide,").append(i % 7 == 0 ? "other=o" : "pod=" + v).append(",ns=n").append(i % 3)
                    .append(" f=").append(i).append("i ").append(t + i).append('\n');
        }
        INFLUX.node(0).write("parts", null, sb.toString());
        List<String> source = DataDump.of(master, "parts");
        assertThat(source).hasSize(60);
        CopyReport report = copier().window(new TimeWindow(Instant.now().minus(3, ChronoUnit.HOURS), Instant.now()))
                .chunk(Duration.ofHours(3)).seriesPerQuery(7).build().run();
        assertThat(report.ok()).isTrue();
        assertThat(report.points()).isEqualTo(60);
        // 60 series by the server's estimate (an approximate count) in parts of 7: one query per part
        assertThat(report.queries()).as("one query per part").isBetween(8L, 10L);
        assertThat(DataDump.of(slave, "parts")).isEqualTo(source);
    }

    @Test
    void pointsOnChunkBoundariesArriveOnceAndTheWindowEndIsExcluded() {
        createBoth("edges");
        Instant w0 = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);
        long s = nanos(w0);
        long tenMin = Duration.ofMinutes(10).toNanos();
        INFLUX.node(0).write("edges", null, String.join("\n",
                "b v=0i " + s,
                "b v=1i " + (s + tenMin),
                "b v=2i " + (s + 2 * tenMin),
                "b v=3i " + (s + 3 * tenMin - 1),
                "b v=4i " + (s + 3 * tenMin),
                "b v=5i " + (s - 1)));
        RecordingCopyListener events = new RecordingCopyListener();
        CopyReport report = copier()
                .window(new TimeWindow(w0, w0.plus(Duration.ofMinutes(30))))
                .chunk(Duration.ofMinutes(10))
                .order(CopyOrder.FORWARD)
                .workers(1)
                .listener(events)
                .build().run();
        assertThat(report.ok()).isTrue();
        assertThat(report.points()).isEqualTo(4);
        assertThat(events.assertEachUnitEndedOnce().starts()).containsExactly(w0, w0.plus(Duration.ofMinutes(10)),
                w0.plus(Duration.ofMinutes(20)));
        assertThat(DataDump.of(slave, "edges")).extracting(l -> l.substring(l.lastIndexOf('=') + 1))
                .containsExactly("int:0", "int:1", "int:2", "int:3");
    }

    @Test
    void backwardOrderCopiesTheNewestChunkFirst() {
        createBoth("order");
        Instant w0 = Instant.now().minus(5, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);
        INFLUX.node(0).write("order", null, "o v=1i " + nanos(w0.plusSeconds(10)) + "\no v=2i "
                + nanos(w0.plus(Duration.ofHours(2))));
        RecordingCopyListener events = new RecordingCopyListener();
        copier().window(new TimeWindow(w0, w0.plus(Duration.ofHours(3)))).chunk(Duration.ofHours(1)).workers(1)
                .listener(events).build().run();
        assertThat(events.assertEachUnitEndedOnce().starts()).containsExactly(w0.plus(Duration.ofHours(2)), w0.plus(Duration.ofHours(1)), w0);
    }

    @Test
    void aFieldWithDifferentTypesInTwoShardsKeepsEachValuesType() {
        createBoth("conflict");
        // default shard groups are 7 days: these two points lie in different shard groups
        long old = nanos(Instant.now().minus(Duration.ofDays(20)));
        long recent = nanos(Instant.now().minus(Duration.ofHours(1)));
        INFLUX.node(0).write("conflict", null, "tc v=1.5 " + old);
        INFLUX.node(0).write("conflict", null, "tc v=9223372036854775807i " + recent);
        CopyReport report = copier()
                .window(new TimeWindow(Instant.now().minus(Duration.ofDays(30)), Instant.now()))
                .chunk(Duration.ofDays(30))
                .build().run();
        assertThat(report.ok()).isTrue();
        assertThat(report.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.measurement()).isEqualTo("tc");
            assertThat(c.field()).isEqualTo("v");
            assertThat(c.types()).containsExactlyInAnyOrder("float", "integer");
        });
        List<String> slaveData = DataDump.of(slave, "conflict");
        assertThat(slaveData).containsExactlyElementsOf(DataDump.of(master, "conflict"));
        assertThat(slaveData).anyMatch(l -> l.endsWith("v=int:9223372036854775807"))
                .anyMatch(l -> l.contains("v=float:3ff8000000000000"));
    }

    @Test
    void writesNeverCarryMoreThanMaxPointsAndRenameTheDestination() {
        INFLUX.node(0).query("CREATE DATABASE src WITH NAME keep");
        INFLUX.node(1).query("CREATE DATABASE dst WITH NAME renamed");
        long t = nanos(Instant.now().minus(Duration.ofMinutes(30)));
        Points.of("load").tag("s", "", 7).from(t, 1000).write(INFLUX.node(0), "src", 1000);
        RecordingCopyListener events = new RecordingCopyListener();
        CopyReport report = copier()
                .selection(Selection.of("^src$", null, null, "dst", "renamed"))
                .window(new TimeWindow(Instant.now().minus(Duration.ofHours(1)), Instant.now()))
                .maxPointsPerWrite(64)
                .listener(events)
                .build().run();
        assertThat(report.ok()).isTrue();
        assertThat(report.points()).isEqualTo(1000);
        events.assertEachUnitEndedOnce();
        assertThat(events.writes()).extracting(RecordingCopyListener.Write::points).allMatch(n -> n <= 64);
        assertThat(events.written()).isEqualTo(1000);
        assertThat(report.perRp()).singleElement().satisfies(r -> {
            assertThat(r.targetDb()).isEqualTo("dst");
            assertThat(r.targetRp()).isEqualTo("renamed");
        });
        assertThat(DataDump.of(slave, "dst")).containsExactlyElementsOf(
                DataDump.of(master, "src").stream().map(l -> l.replaceFirst("^keep\\|", "renamed|")).toList());
    }

    @Test
    void missingDestinationDatabaseIsSkippedWithAWarningAndMeasurementFilterApplies() {
        INFLUX.node(0).query("CREATE DATABASE onlymaster");
        createBoth("sel");
        long t = nanos(Instant.now().minus(Duration.ofMinutes(5)));
        INFLUX.node(0).write("onlymaster", null, "x v=1i " + t);
        INFLUX.node(0).write("sel", null, "cpu1 v=1i " + t + "\ncpu2 v=2i " + t + "\nmem v=3i " + t);
        RecordingCopyListener events = new RecordingCopyListener();
        CopyReport report = copier()
                .selection(Selection.of(null, null, "^cpu", null, null))
                .window(new TimeWindow(Instant.now().minus(Duration.ofHours(1)), Instant.now()))
                .listener(events)
                .build().run();
        assertThat(report.skipped()).singleElement().asString().contains("onlymaster").contains("does not exist");
        assertThat(events.assertEachUnitEndedOnce().skipped()).hasSize(1);
        assertThat(report.ok()).isTrue();
        assertThat(DataDump.of(slave, "sel")).hasSize(2).allMatch(l -> l.contains("|cpu"));
    }

    @Test
    void fullCopyUsesTheRetentionPolicyDuration() {
        INFLUX.node(0).query("CREATE DATABASE full WITH DURATION 48h SHARD DURATION 1h NAME short");
        INFLUX.node(0).query("CREATE RETENTION POLICY forever ON full DURATION INF REPLICATION 1");
        SchemaReplicator.builder().source(master).destination(slave).build().run();
        Instant now = Instant.now();
        INFLUX.node(0).write("full", "short", "s v=1i " + nanos(now.minus(Duration.ofHours(47))));
        INFLUX.node(0).write("full", "forever", "f v=1i " + nanos(now.minus(Duration.ofDays(400)))
                + "\nf v=2i " + nanos(now.minus(Duration.ofDays(10))));
        CopyReport report = copier().full(Duration.ofDays(365)).chunk(Duration.ofDays(7)).build().run();
        assertThat(report.ok()).isTrue();
        // the 400-day-old point lies beyond max-retention-interval and is not copied
        assertThat(report.points()).isEqualTo(2);
        assertThat(DataDump.of(slave, "full")).hasSize(2);
    }

    @Test
    void unitsRecordedAsDoneAreSkippedOnResume() {
        createBoth("resume");
        Instant w0 = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);
        INFLUX.node(0).write("resume", null, "a v=1i " + nanos(w0.plusSeconds(1)) + "\na v=2i "
                + nanos(w0.plus(Duration.ofMinutes(90))) + "\nb v=3i " + nanos(w0.plusSeconds(2)));
        TimeWindow w = new TimeWindow(w0, w0.plus(Duration.ofHours(2)));
        RecordingCopyListener events = new RecordingCopyListener();
        copier().window(w).selection(Selection.of(null, null, "^a$", null, null)).listener(events).build().run();
        List<String> done = events.assertEachUnitEndedOnce().finished().stream().filter(u -> u.start().equals(w0))
                .map(WorkUnit::key).toList();
        INFLUX.node(1).query("DROP DATABASE resume");
        INFLUX.node(1).query("CREATE DATABASE resume");
        CopyReport resumed = copier().window(w).alreadyCopied(u -> done.contains(u.key())).build().run();
        assertThat(resumed.ok()).isTrue();
        // a's first hour was recorded as done and skipped; a's second hour and b were copied
        assertThat(resumed.units()).isEqualTo(3);
        assertThat(DataDump.of(slave, "resume")).extracting(l -> l.substring(l.lastIndexOf('=') + 1))
                .containsExactlyInAnyOrder("int:2", "int:3");
    }
}
