package io.syncflux.core;

import io.syncflux.core.api.RepairPolicy;
import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.api.VerifyMode;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.report.ChunkDiff;
import io.syncflux.core.report.SeriesDiff;
import io.syncflux.core.report.VerifyReport;
import io.syncflux.core.testing.DataDump;
import io.syncflux.core.testing.InfluxdExtension;
import io.syncflux.core.verify.Verifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

import static io.syncflux.core.testing.Fixtures.nanos;

/** Content verify and precise repair against two real influxd nodes; each kind of difference on its own. */
class VerifierIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    static InfluxNode master;
    static InfluxNode slave;
    Instant w0;
    TimeWindow window;

    @BeforeAll
    static void nodes() {
        master = INFLUX.client(0);
        slave = INFLUX.client(1);
    }

    long at(int minute) {
        return nanos(w0.plus(Duration.ofMinutes(minute))) + 5;
    }

    /**
     * The same 6 hours on both nodes: two cpu series (integer, float and string fields) and mem, one point a
     * minute, and "sparse" whose field b has a point only every 30 minutes, at times field a never has.
     */
    @BeforeEach
    void sameData() {
        w0 = Instant.now().minus(7, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);
        window = new TimeWindow(w0, w0.plus(Duration.ofHours(6)));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 360; i++) {
            long t = at(i);
            for (String h : List.of("a", "b")) {
                sb.append("cpu,host=").append(h).append(" v=").append(i).append("i,f=").append(i * 0.5)
                        .append(",s=\"str").append(i).append("\" ").append(t).append('\n');
            }
            sb.append("mem free=").append(i).append("i ").append(t).append('\n');
            sb.append("sparse,host=a a=").append(i).append("i ").append(t).append('\n');
            if (i % 30 == 0) {
                sb.append("sparse,host=a b=").append(i).append("i ").append(t + 30_000_000_000L).append('\n');
            }
        }
        for (int n = 0; n < 2; n++) {
            INFLUX.node(n).query("CREATE DATABASE v");
            INFLUX.node(n).write("v", null, sb.toString());
        }
    }

    private Verifier.Builder verifier() {
        return Verifier.builder().master(master).slave(slave).window(window).chunk(Duration.ofHours(1));
    }

    /** The only differing series of the only differing chunk. */
    private static SeriesDiff onlyDiff(VerifyReport r, String measurement, Instant chunkStart) {
        assertThat(r.identical()).isFalse();
        assertThat(r.differences()).singleElement().satisfies(d -> {
            assertThat(d.measurement()).isEqualTo(measurement);
            assertThat(d.start()).isEqualTo(chunkStart);
            assertThat(d.series()).hasSize(1);
        });
        return r.differences().get(0).series().get(0);
    }

    private VerifyReport assertRepairedToIdentical() {
        VerifyReport repaired = verifier().repair(RepairPolicy.ONE_WAY).build().run();
        assertThat(repaired.repairedToIdentical()).as(repaired.toString()).isTrue();
        assertThat(repaired.remaining()).isEmpty();
        assertThat(DataDump.of(slave, "v")).containsExactlyElementsOf(DataDump.of(master, "v"));
        assertThat(verifier().build().run().identical()).isTrue();
        return repaired;
    }

    @Test
    void identicalNodesHaveNoDifferences() {
        VerifyReport r = verifier().build().run();
        assertThat(r.identical()).isTrue();
        assertThat(r.consistent()).isTrue();
        assertThat(r.complete()).isTrue();
        assertThat(r.chunksCompared()).isEqualTo(18);
        assertThat(r.seriesCompared()).isEqualTo(6 * 4);
    }

    @Test
    void findsAndRepairsAMissingPointOfASparseField() {
        INFLUX.node(1).query("v", "DELETE FROM sparse WHERE time = " + (at(90) + 30_000_000_000L));
        SeriesDiff d = onlyDiff(verifier().build().run(), "sparse", w0.plus(Duration.ofHours(1)));
        assertThat(d.series()).isEqualTo("sparse,host=a");
        assertThat(d.kind()).isEqualTo(SeriesDiff.Kind.DIFFERENT);
        assertThat(d.missingOnSlave()).isEqualTo(1);
        assertThat(d.missingOnMaster()).isZero();
        assertThat(d.valuesDiffer()).isZero();
        assertThat(d.examples()).singleElement().asString().contains("only on master: b=90i");
        assertRepairedToIdentical();
    }

    @Test
    void countsModeSeesTheSparseFieldPerFieldButNotAChangedValue() {
        INFLUX.node(1).query("v", "DELETE FROM sparse WHERE time = " + (at(90) + 30_000_000_000L));
        INFLUX.node(1).write("v", null, "cpu,host=a f=999.25 " + at(100));
        VerifyReport r = verifier().mode(VerifyMode.COUNTS).build().run();
        SeriesDiff d = onlyDiff(r, "sparse", w0.plus(Duration.ofHours(1)));
        assertThat(d.examples()).containsExactly("field b: master 2, slave 1");
        assertThat(d.missingOnSlave()).isEqualTo(1);
        // the documented limit of counts: the changed float in cpu goes unseen; digest sees it
        assertThat(verifier().build().run().differences()).extracting(ChunkDiff::measurement)
                .containsExactlyInAnyOrder("sparse", "cpu");
    }

    @Test
    void findsAndRepairsAMissingSeries() {
        INFLUX.node(0).write("v", null, "cpu,host=c v=1i " + at(200) + "\ncpu,host=c v=2i " + at(201));
        SeriesDiff d = onlyDiff(verifier().build().run(), "cpu", w0.plus(Duration.ofHours(3)));
        assertThat(d.series()).isEqualTo("cpu,host=c");
        assertThat(d.kind()).isEqualTo(SeriesDiff.Kind.ONLY_ON_MASTER);
        assertThat(d.masterPoints()).isEqualTo(2);
        assertThat(d.missingOnSlave()).isEqualTo(2);
        assertThat(assertRepairedToIdentical().repair().pointsToSlave()).isEqualTo(2);
    }

    @Test
    void findsAndRepairsAChangedFloat() {
        INFLUX.node(1).write("v", null, "cpu,host=a f=999.25 " + at(100));
        SeriesDiff d = onlyDiff(verifier().build().run(), "cpu", w0.plus(Duration.ofHours(1)));
        assertThat(d.series()).isEqualTo("cpu,host=a");
        assertThat(d.valuesDiffer()).isEqualTo(1);
        assertThat(d.missingOnSlave()).isZero();
        assertThat(d.examples()).singleElement().asString().contains("f master 50.0 slave 999.25");
        assertThat(assertRepairedToIdentical().repair().pointsToSlave()).isEqualTo(1);
    }

    @Test
    void findsAndRepairsAChangedString() {
        INFLUX.node(1).write("v", null, "cpu,host=b s=\"changed\" " + at(5));
        SeriesDiff d = onlyDiff(verifier().build().run(), "cpu", w0);
        assertThat(d.series()).isEqualTo("cpu,host=b");
        assertThat(d.examples()).singleElement().asString().contains("s master \"str5\" slave \"changed\"");
        assertRepairedToIdentical();
    }

    @Test
    void namesAFieldWhoseTypeDiffersAndDoesNotClaimToRepairIt() {
        INFLUX.node(0).write("v", null, "typed x=1.5 " + at(10));
        INFLUX.node(1).write("v", null, "typed x=1i " + at(10));
        SeriesDiff d = onlyDiff(verifier().build().run(), "typed", w0);
        assertThat(d.typeConflicts()).containsExactly("x");
        assertThat(d.examples()).singleElement().asString().contains("x master 1.5 slave 1i");

        VerifyReport r = verifier().repair(RepairPolicy.ONE_WAY).build().run();
        assertThat(r.consistent()).isFalse();
        assertThat(r.repair().unrepairable()).isEqualTo(1);
        assertThat(r.remaining()).extracting(ChunkDiff::measurement).containsExactly("typed");
    }

    @Test
    void reportsAPointOnlyOnTheSlaveAndDeletesItOnlyWhenAsked() {
        INFLUX.node(1).write("v", null, "cpu,host=a v=7i " + (at(130) + 1) + "\ncpu,host=z v=1i " + at(131));
        VerifyReport r = verifier().build().run();
        assertThat(r.differences()).singleElement().satisfies(c -> assertThat(c.series())
                .extracting(SeriesDiff::series, SeriesDiff::kind, SeriesDiff::missingOnMaster).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("cpu,host=a", SeriesDiff.Kind.DIFFERENT, 1L),
                        org.assertj.core.groups.Tuple.tuple("cpu,host=z", SeriesDiff.Kind.ONLY_ON_SLAVE, 1L)));

        VerifyReport kept = verifier().repair(RepairPolicy.ONE_WAY).build().run();
        assertThat(kept.consistent()).isFalse();
        assertThat(kept.repair().slaveOnlyKept()).isEqualTo(2);
        assertThat(kept.repair().pointsDeleted()).isZero();
        assertThat(DataDump.of(slave, "v")).hasSize(DataDump.of(master, "v").size() + 2);

        VerifyReport deleted = verifier().repair(RepairPolicy.ONE_WAY_DELETE).build().run();
        assertThat(deleted.repairedToIdentical()).isTrue();
        assertThat(deleted.repair().pointsDeleted()).isEqualTo(2);
        assertThat(DataDump.of(slave, "v")).containsExactlyElementsOf(DataDump.of(master, "v"));
    }

    @Test
    void twoWayRepairCopiesMissingPointsBothWaysAndTheMasterWinsAConflict() {
        INFLUX.node(1).write("v", null, "cpu,host=b v=7i " + (at(130) + 99) + "\ncpu,host=a f=999.25,extra=1i "
                + at(100));
        INFLUX.node(0).query("v", "DELETE FROM mem WHERE time = " + at(10));

        VerifyReport r = verifier().repair(RepairPolicy.TWO_WAYS).build().run();
        assertThat(r.differences()).extracting(ChunkDiff::measurement).containsExactlyInAnyOrder("cpu", "mem", "cpu");
        assertThat(r.repairedToIdentical()).isTrue();
        List<String> dump = DataDump.of(master, "v");
        assertThat(DataDump.of(slave, "v")).containsExactlyElementsOf(dump);
        assertThat(dump).anyMatch(l -> l.contains("host=b|" + (at(130) + 99)))
                .anyMatch(l -> l.contains("|" + at(100) + "|") && l.contains("extra=int:1") && l.contains("(50.0)"));
    }

    @Test
    void aMeasurementMissingOnTheSlaveIsADifference() {
        INFLUX.node(0).write("v", null, "only_master x=1i " + (nanos(w0) + 1));
        SeriesDiff d = onlyDiff(verifier().build().run(), "only_master", w0);
        assertThat(d.kind()).isEqualTo(SeriesDiff.Kind.ONLY_ON_MASTER);
        assertThat(d.masterPoints()).isEqualTo(1);
        assertRepairedToIdentical();
    }
}
