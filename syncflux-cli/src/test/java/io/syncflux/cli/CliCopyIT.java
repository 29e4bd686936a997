package io.syncflux.cli;

import io.syncflux.core.testing.InfluxdExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code -action copy} and {@code -action fullcopy} against two real influxd nodes. */
class CliCopyIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    static final int POINTS = 1000;

    @TempDir
    Path dir;
    Path config;

    @BeforeEach
    void setUp() throws IOException {
        config = Files.writeString(dir.resolve("syncflux.toml"), INFLUX.toml("influx01", "influx02",
                "monitor-retry-interval = \"200ms\"", "rw-retry-delay = \"100ms\"", "rw-max-retries = 1"));
    }

    private CliRun cli(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-config";
        all[1] = config.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.of(all);
    }

    /**
     * Writes {@link #POINTS} points over the last three hours into db.rp: two measurements, tags
     * needing escapes, and integer, float, string and boolean fields.
     */
    static void writeSample(String db, String rp) {
        long now = System.currentTimeMillis() * 1_000_000L;
        long span = Duration.ofHours(3).toNanos();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < POINTS; i++) {
            long t = now - span + (span / POINTS) * i + 17;
            if (i % 2 == 0) {
                lines.add("cpu,host=server\\ " + (i % 3) + ",region=eu\\,west usage=" + (i * 0.25) + ",count=" + i
                        + "i,state=\"ok \\\"" + i + "\\\" é=,\",up=" + (i % 4 == 0) + " " + t);
            } else {
                lines.add("mem,host=server\\ " + (i % 3) + " used=" + (i * 1024L) + "i,free=" + (1.0 / (i + 1))
                        + ",note=\"line " + i + "\" " + t);
            }
        }
        INFLUX.node(0).write(db, rp, String.join("\n", lines));
    }

    private static String select(int node, String db, String q) {
        return INFLUX.node(node).query(db, q);
    }

    @Test
    void copiesAWindowExactly() {
        INFLUX.node(0).query("CREATE DATABASE x");
        writeSample("x", null);
        assertThat(cli("-action", "replicaschema", "-db", "^x$").exit()).isZero();

        CliRun r = cli("-action", "copy", "-db", "^x$", "-start", "-4h", "-end", "now", "-chunk", "30m");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.errorLines()).isEmpty();
        for (String m : new String[] {"cpu", "mem"}) {
            String q = "SELECT * FROM \"" + m + "\"";
            assertThat(select(1, "x", q)).as(m).isEqualTo(select(0, "x", q));
            assertThat(select(1, "x", "SHOW FIELD KEYS FROM " + m)).isEqualTo(select(0, "x", "SHOW FIELD KEYS FROM " + m));
        }
        assertThat(select(1, "x", "SELECT count(count) FROM cpu")).contains("," + POINTS / 2 + "]");
        assertThat(select(1, "x", "SELECT count(used) FROM mem")).contains("," + POINTS / 2 + "]");
        assertThat(r.outLines()).anySatisfy(l -> assertThat(l).matches("x\\.autogen\\s+x\\.autogen\\s+" + POINTS
                + "\\s.*"));
        assertThat(r.outLines()).anySatisfy(l -> assertThat(l).matches("TOTAL\\s+" + POINTS + "\\s.*"));
        assertThat(r.outLines().get(1)).matches("DB\\.RP\\s+TARGET\\s+POINTS\\s+BYTES\\s+UNITS\\s+FAILED\\s+ELAPSED"
                + "\\s+POINTS/S\\s+BYTES/S\\s+QUERIES\\s+RETRIES");
    }

    @Test
    void aRateLimitedCopyIsExactAndSaysItsLimit() {
        INFLUX.node(0).query("CREATE DATABASE x");
        writeSample("x", null);
        assertThat(cli("-action", "replicaschema", "-db", "^x$").exit()).isZero();

        CliRun r = cli("-action", "copy", "-db", "^x$", "-start", "-4h", "-end", "now", "-rate", "1000000");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.outLines().get(0)).endsWith(", at most 1000000 points/s");
        for (String m : new String[] {"cpu", "mem"}) {
            String q = "SELECT * FROM \"" + m + "\"";
            assertThat(select(1, "x", q)).as(m).isEqualTo(select(0, "x", q));
        }
    }

    @Test
    void copiesOnlyTheRequestedWindow() {
        INFLUX.node(0).query("CREATE DATABASE x");
        writeSample("x", null);
        assertThat(cli("-action", "replicaschema", "-db", "^x$").exit()).isZero();

        CliRun r = cli("-action", "copy", "-db", "^x$", "-meas", "^cpu$", "-start", "-1h", "-copyorder", "forward");

        assertThat(r.exit()).as(r.toString()).isZero();
        String q = "SELECT * FROM cpu WHERE time >= now() - 50m";
        assertThat(select(1, "x", q)).isEqualTo(select(0, "x", q));
        assertThat(select(1, "x", "SELECT count(count) FROM cpu WHERE time < now() - 70m"))
                .doesNotContain("\"values\"");
        assertThat(select(1, "x", "SHOW MEASUREMENTS")).doesNotContain("mem");
    }

    @Test
    void warnsAboutDatabasesMissingOnTheSlave() {
        INFLUX.node(0).query("CREATE DATABASE x");
        writeSample("x", null);

        CliRun r = cli("-action", "copy", "-db", "^x$", "-start", "-4h");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.outLines()).anySatisfy(l -> assertThat(l).startsWith("warning: skipped ")
                .contains("database x does not exist on influx02"));
    }

    @Test
    void saysSoWhenTheSelectionMatchesNothing() {
        INFLUX.node(0).query("CREATE DATABASE x");
        writeSample("x", null);
        assertThat(cli("-action", "replicaschema", "-db", "^x$").exit()).isZero();

        CliRun r = cli("-action", "copy", "-db", "^x$", "-meas", "^nosuch$");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.outLines()).contains("warning: nothing to copy: no database, retention policy or measurement "
                + "matches the selection");
    }

    @Test
    void fullcopyReplicatesSchemaThenData() {
        INFLUX.node(0).query("CREATE DATABASE y WITH DURATION 720h NAME main");
        INFLUX.node(0).query("CREATE RETENTION POLICY short ON y DURATION 24h REPLICATION 1");
        writeSample("y", "main");
        writeSample("y", "short");

        CliRun r = cli("-action", "fullcopy", "-db", "^y$", "-start", "-4h", "-newdb", "z");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.outLines()).startsWith("created database z");
        assertThat(INFLUX.node(1).query("SHOW RETENTION POLICIES ON z")).contains("\"main\"").contains("\"short\"");
        for (String rp : new String[] {"main", "short"}) {
            String q = "SELECT * FROM \"" + rp + "\".cpu";
            assertThat(INFLUX.node(1).query("z", q)).isEqualTo(INFLUX.node(0).query("y", q));
        }
        assertThat(r.outLines()).anySatisfy(l -> assertThat(l).matches("TOTAL\\s+" + 2 * POINTS + "\\s.*"));
    }

    @Test
    void fullFlagCopiesEverythingWithinTheMaxRetention() {
        INFLUX.node(0).query("CREATE DATABASE x");
        writeSample("x", null);
        assertThat(cli("-action", "replicaschema", "-db", "^x$").exit()).isZero();

        CliRun r = cli("-action", "copy", "-db", "^x$", "-full", "-chunk", "2h");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(select(1, "x", "SELECT * FROM mem")).isEqualTo(select(0, "x", "SELECT * FROM mem"));
    }

    @Test
    void rangesTheSlaveRefusesAreListedAndExitOne() {
        INFLUX.node(0).query("CREATE DATABASE x");
        writeSample("x", null);
        assertThat(cli("-action", "replicaschema", "-db", "^x$").exit()).isZero();
        // the slave already has "count" as a string in the same shard: integer writes conflict
        long t = System.currentTimeMillis() * 1_000_000L - Duration.ofMinutes(30).toNanos();
        INFLUX.node(1).write("x", null, "cpu count=\"text\" " + t);

        CliRun r = cli("-action", "copy", "-db", "^x$", "-start", "-4h");

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.outLines()).anySatisfy(l -> assertThat(l).startsWith("failed: x.autogen.cpu [")
                .contains("field type conflict"));
        assertThat(r.outLines()).noneMatch(l -> l.startsWith("failed: x.autogen.mem"));
        assertThat(r.errorLines()).singleElement().asString()
                .matches("syncflux: copy incomplete: \\d+ range\\(s\\) not copied \\(listed above\\)");
        assertThat(select(1, "x", "SELECT * FROM mem")).isEqualTo(select(0, "x", "SELECT * FROM mem"));
    }

    @Test
    void aStoppedSlaveFailsFastNamingIt() {
        INFLUX.node(0).query("CREATE DATABASE x");
        writeSample("x", null);
        INFLUX.node(1).stop();

        long t0 = System.nanoTime();
        CliRun r = cli("-action", "copy", "-db", "^x$", "-start", "-4h");
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.errorLines()).singleElement().asString()
                .startsWith("syncflux: node influx02 is not reachable: ")
                .contains("connection refused");
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("at io.");
        assertThat(took).isLessThan(Duration.ofSeconds(5));
    }
}
