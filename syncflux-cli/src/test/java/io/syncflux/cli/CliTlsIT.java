package io.syncflux.cli;

import io.syncflux.core.testing.InfluxdExtension;
import io.syncflux.core.testing.Points;
import io.syncflux.core.testing.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line against two real influxd serving HTTPS only, with certificates the test makes with
 * {@code openssl}: the CA in {@code tls-ca} copies exactly, another CA stops the run with one line and exit 1
 * (no stack trace, slave untouched), {@code insecure-skip-verify} copies and warns.
 */
class CliTlsIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02")
            .https("influx01").https("influx02");

    @TempDir
    Path dir;

    private CliRun cli(String toml, String... args) throws IOException {
        Path config = Files.writeString(dir.resolve("syncflux.toml"), toml);
        String[] all = new String[args.length + 2];
        all[0] = "-config";
        all[1] = config.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.of(all);
    }

    private static String toml() {
        return INFLUX.toml("influx01", "influx02", "rw-retry-delay = \"100ms\"", "rw-max-retries = 1",
                "monitor-retry-interval = \"200ms\"");
    }

    private static void writeSource() {
        INFLUX.node(0).query("CREATE DATABASE x");
        INFLUX.node(1).query("CREATE DATABASE x");
        long now = System.currentTimeMillis() * 1_000_000L;
        Points.of("cpu").tag("host", "h", 7).fields(i -> "v=" + i + "i,f=" + i * 0.5)
                .from(now - 3_600_000_000_000L, 1_000_000_007L).write(INFLUX.node(0), "x", 200);
    }

    @Test
    void theRightCaCopiesExactly() throws IOException {
        writeSource();
        CliRun r = cli(toml(), "-action", "copy", "-db", "^x$", "-start", "-2h");
        assertThat(r.exit()).as(r.toString()).isZero();
        String q = "SELECT * FROM cpu";
        assertThat(INFLUX.node(1).query("x", q)).contains("\"h6\"").isEqualTo(INFLUX.node(0).query("x", q));
    }

    @Test
    void aWrongCaStopsTheRunWithOneLine() throws IOException {
        writeSource();
        TestCertificates pki = INFLUX.certificates();
        String wrong = toml().replace(pki.ca().toString(), pki.wrongCa().toString());
        CliRun r = cli(wrong, "-action", "copy", "-db", "^x$", "-start", "-2h");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList()).as(r.toString()).hasSize(1);
        assertThat(r.errorLines()).singleElement().asString().contains("influx01").contains("not trusted")
                .contains("tls-ca " + pki.wrongCa());
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(INFLUX.node(1).query("x", "SELECT count(*) FROM cpu")).doesNotContain("\"values\"");
    }

    @Test
    void insecureSkipVerifyCopiesAndWarns() throws IOException {
        writeSource();
        String skip = toml().replaceAll(" tls-ca = \"[^\"]*\"", " insecure-skip-verify = true");
        assertThat(skip).doesNotContain("tls-ca");
        // the core logs through slf4j-simple to System.err, not to the streams handed to Main.run
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stderr = System.err;
        CliRun r;
        System.setErr(new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            r = cli(skip, "-action", "copy", "-db", "^x$", "-start", "-2h");
        } finally {
            System.setErr(stderr);
        }
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(log.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("WARN")
                .contains("node influx01: insecure-skip-verify is set").contains("node influx02: insecure-skip-verify");
        String q = "SELECT * FROM cpu";
        assertThat(INFLUX.node(1).query("x", q)).contains("\"h6\"").isEqualTo(INFLUX.node(0).query("x", q));
    }
}
