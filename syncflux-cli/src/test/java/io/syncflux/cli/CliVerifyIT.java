package io.syncflux.cli;

import io.syncflux.core.testing.InfluxdExtension;
import io.syncflux.core.testing.Points;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code -action verify [-repair]} against two real influxd nodes. */
class CliVerifyIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    @TempDir
    Path dir;
    Path config;
    long w0;

    @BeforeEach
    void setUp() throws IOException {
        config = Files.writeString(dir.resolve("syncflux.toml"), INFLUX.toml("influx01", "influx02",
                "monitor-retry-interval = \"200ms\"", "rw-retry-delay = \"100ms\""));
        Instant start = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);
        w0 = start.getEpochSecond() * 1_000_000_000L;
        String lines = Points.of("cpu").tag("host", "a").from(w0, Duration.ofMinutes(1).toNanos()).lines(120);
        for (int n = 0; n < 2; n++) {
            INFLUX.node(n).query("CREATE DATABASE v");
            INFLUX.node(n).write("v", null, lines);
        }
    }

    private CliRun cli(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-config";
        all[1] = config.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.of(all);
    }

    private String window() {
        return Long.toString(w0 / 1_000_000_000L);
    }

    @Test
    void identicalNodesExitZero() {
        CliRun r = cli("-action", "verify", "-db", "^v$", "-start", window(), "-end", "now", "-chunk", "1h");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("identical: 0 differing chunks");
    }

    @Test
    void namesTheDifferingSeriesAndRepairsOnlyIt() {
        INFLUX.node(1).query("v", "DELETE FROM cpu WHERE time = " + (w0 + Duration.ofMinutes(70).toNanos()));
        INFLUX.node(1).write("v", null, "cpu,host=a v=999i " + (w0 + Duration.ofMinutes(10).toNanos()));
        CliRun r = cli("-action", "verify", "-db", "^v$", "-start", window(), "-end", "now", "-chunk", "1h");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("v.autogen.cpu").containsPattern("v\\.autogen\\.cpu .*\\s1\\s+1\\s+0\\s+0")
                .contains("cpu,host=a: 1 missing on slave").contains("cpu,host=a: 1 differing at the same time")
                .contains("v master 10i slave 999i");
        assertThat(r.errorLines()).singleElement().asString().contains("2 chunk(s), 2 series differ");

        CliRun fixed = cli("-action", "verify", "-repair", "-db", "^v$", "-start", window(), "-end", "now",
                "-chunk", "1h");
        assertThat(fixed.exit()).as(fixed.toString()).isZero();
        assertThat(fixed.out()).contains("repair wrote 2 point(s) to influx02").contains("repaired");
        String q = "SELECT * FROM cpu";
        assertThat(INFLUX.node(1).query("v", q)).isEqualTo(INFLUX.node(0).query("v", q));
        assertThat(cli("-action", "verify", "-db", "^v$", "-start", window(), "-end", "now").exit()).isZero();
    }

    @Test
    void aPointOnlyOnTheSlaveIsListedThenDeletedOnlyWithDeleteExtra() {
        INFLUX.node(1).write("v", null, "cpu,host=a v=1i " + (w0 + 1));
        CliRun kept = cli("-action", "verify", "-repair", "-db", "^v$", "-start", window(), "-end", "now");
        assertThat(kept.exit()).as(kept.toString()).isEqualTo(1);
        assertThat(kept.out()).contains("only on slave: v=1i").contains("1 point(s) only on influx02 left in place");

        CliRun deleted = cli("-action", "verify", "-repair", "-delete-extra", "-db", "^v$", "-start", window());
        assertThat(deleted.exit()).as(deleted.toString()).isZero();
        assertThat(deleted.out()).contains("deleted 1 from influx02");
    }

    @Test
    void countsModeIsPerSeriesAndField() {
        INFLUX.node(1).query("v", "DELETE FROM cpu WHERE time = " + (w0 + Duration.ofMinutes(70).toNanos()));
        CliRun r = cli("-action", "verify", "-verify-mode", "counts", "-db", "^v$", "-start", window(), "-chunk", "1h");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("by counts").contains("field v: master 60, slave 59");
    }

    @Test
    void aSelectionMatchingNothingWarnsLikeCopyAndExitsOne() {
        CliRun r = cli("-action", "verify", "-db", "^nomatch$", "-start", window());

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.outLines()).contains("warning: nothing to verify: no database, retention policy or measurement "
                + "matches the selection");
        assertThat(r.out()).doesNotContain("identical");
        assertThat(r.errorLines()).singleElement().asString()
                .contains("verified nothing, so the nodes are not known to hold the same data");
    }

    @Test
    void aWindowWithoutDataWarnsAndExitsOne() {
        CliRun r = cli("-action", "verify", "-db", "^v$", "-start", "-720h", "-end", "-700h");

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.outLines()).anySatisfy(l -> assertThat(l)
                .startsWith("warning: nothing to verify: no data of the selected measurements in "));
    }

    @Test
    void anUnknownVerifyModeIsAUsageError() {
        CliRun r = cli("-action", "verify", "-verify-mode", "sha");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errorLines()).singleElement().asString().contains("-verify-mode: unknown mode \"sha\"");
    }

    @Test
    void repairWithoutVerifyIsAUsageError() {
        CliRun r = cli("-action", "copy", "-repair");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errorLines()).singleElement().asString().contains("-repair is only valid with -action verify");
    }
}
