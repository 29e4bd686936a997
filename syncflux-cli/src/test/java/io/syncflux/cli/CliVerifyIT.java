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
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 120; i++) {
            sb.append("cpu,host=a v=").append(i).append("i ").append(w0 + Duration.ofMinutes(i).toNanos()).append('\n');
        }
        for (int n = 0; n < 2; n++) {
            INFLUX.node(n).query("CREATE DATABASE v");
            INFLUX.node(n).write("v", null, sb.toString());
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
    void findsTheDifferingChunkAndRepairsIt() {
        INFLUX.node(1).query("v", "DELETE FROM cpu WHERE time = " + (w0 + Duration.ofMinutes(70).toNanos()));
        CliRun r = cli("-action", "verify", "-db", "^v$", "-start", window(), "-end", "now", "-chunk", "1h");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("v.autogen.cpu").containsPattern("60\\s+59");
        assertThat(r.errorLines()).singleElement().asString().contains("1 chunk(s) differ");

        CliRun fixed = cli("-action", "verify", "-repair", "-db", "^v$", "-start", window(), "-end", "now",
                "-chunk", "1h");
        assertThat(fixed.exit()).as(fixed.toString()).isZero();
        assertThat(fixed.out()).contains("repair copied 60 point(s)").contains("repaired");
        String q = "SELECT * FROM cpu";
        assertThat(INFLUX.node(1).query("v", q)).isEqualTo(INFLUX.node(0).query("v", q));
    }

    @Test
    void repairWithoutVerifyIsAUsageError() {
        CliRun r = cli("-action", "copy", "-repair");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errorLines()).singleElement().asString().contains("-repair is only valid with -action verify");
    }
}
