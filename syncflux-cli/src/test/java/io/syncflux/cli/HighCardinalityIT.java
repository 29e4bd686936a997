package io.syncflux.cli;

import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.testing.DataDump;
import io.syncflux.core.testing.InfluxdExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A verify and its repair of 150,000 series (2 measurements x 75,000, within the server's default
 * max-values-per-tag), all in one chunk, in a JVM with the launcher's defaults: a 64 MiB heap that ends the
 * process on an OutOfMemoryError. Memory is bounded by the read buffer, not by the series: the verify that
 * kept every series of a chunk for both nodes died here. 1 % of the series differ; the repair makes the slave
 * equal to the master, point for point.
 */
class HighCardinalityIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    static final int MEASUREMENTS = 2;
    static final int SERIES = 75_000;

    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {
    }

    private Result syncflux(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-Xms64m", "-Xmn32m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("syncflux finished").isTrue();
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void verifyAndRepairOf150000SeriesInA64MiBHeap() throws Exception {
        Instant t0 = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);
        long base = t0.getEpochSecond() * 1_000_000_000L;
        InfluxNode master = INFLUX.client(0);
        InfluxNode slave = INFLUX.client(1);
        for (int i = 0; i < 2; i++) {
            INFLUX.node(i).query("CREATE DATABASE hc");
        }
        int differing = 0;
        for (int m = 0; m < MEASUREMENTS; m++) {
            StringBuilder a = new StringBuilder(1 << 20);
            StringBuilder b = new StringBuilder(1 << 20);
            for (int s = 0; s < SERIES; s++) {
                for (int k = 0; k < 2; k++) {
                    long t = base + k * 1_800_000_000_000L + s;
                    String line = "hc" + m + ",host=host-" + s + ",zone=z" + (s % 7) + " v=" + (s * 0.5 + k)
                            + ",n=" + s + "i " + t + "\n";
                    a.append(line);
                    boolean differs = s % 100 == 0 && k == 1;
                    if (!differs) {
                        b.append(line);
                    } else if (m == 1) {
                        b.append(line.replace(",n=" + s + "i", ",n=-1i"));
                    }
                }
                if (s % 100 == 0) {
                    differing++;
                }
                if (a.length() > 4_000_000) {
                    master.write("hc", null, a.toString());
                    slave.write("hc", null, b.toString());
                    a.setLength(0);
                    b.setLength(0);
                }
            }
            master.write("hc", null, a.toString());
            slave.write("hc", null, b.toString());
        }
        Path config = Files.writeString(dir.resolve("syncflux.toml"), INFLUX.toml("influx01", "influx02",
                "data-chuck-duration = \"4h\""));
        String start = t0.toString();
        String end = t0.plus(2, ChronoUnit.HOURS).toString();

        Result verify = syncflux("-config", config.toString(), "-action", "verify", "-start", start, "-end", end);
        assertThat(verify.exit()).as(verify.out() + verify.err()).isEqualTo(1);
        assertThat(verify.out()).as(verify.err()).contains(SERIES * MEASUREMENTS + " series")
                .contains("hc.autogen.hc0").contains("hc.autogen.hc1");
        assertThat(verify.err()).doesNotContain("OutOfMemoryError");

        Result repair = syncflux("-config", config.toString(), "-action", "verify", "-start", start, "-end", end,
                "-repair", "-difffile", dir.resolve("diff.tsv").toString());
        assertThat(repair.exit()).as(repair.out() + repair.err()).isZero();
        assertThat(repair.err()).doesNotContain("OutOfMemoryError");
        List<String> listed = Files.readAllLines(dir.resolve("diff.tsv"));
        assertThat(listed).as("every differing series in the file").hasSize(differing);
        assertThat(listed).allSatisfy(l -> assertThat(l).matches("hc\\.autogen\\.hc[01]\\t.*host-(0|[0-9]*00),.*"));

        Result again = syncflux("-config", config.toString(), "-action", "verify", "-start", start, "-end", end);
        assertThat(again.exit()).as(again.out() + again.err()).isZero();
        assertThat(DataDump.of(slave, "hc")).isEqualTo(DataDump.of(master, "hc"));
    }
}
