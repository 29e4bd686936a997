package io.syncflux.cli;

import io.syncflux.core.testing.InfluxdExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Main#main} in its own JVM: the exit code reaches the shell and the log level is chosen by
 * -v/-vv before any logger exists (slf4j-simple reads it once per JVM).
 */
class CliProcessIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    @TempDir
    Path dir;
    Path config;

    record Result(int exit, String out, String err) {
    }

    @BeforeEach
    void setUp() throws IOException {
        config = Files.writeString(dir.resolve("syncflux.toml"), INFLUX.toml("influx01", "influx02",
                "monitor-retry-interval = \"200ms\"", "loglevel = \"trace\""));
        INFLUX.node(0).query("CREATE DATABASE p");
    }

    private Result syncflux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("syncflux finished").isTrue();
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void exitCodesReachTheShell() throws Exception {
        assertThat(syncflux("-version").exit()).isZero();
        Result bad = syncflux("-action", "nope");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("syncflux: unknown action \"nope\" (use hamonitor, copy, fullcopy, "
                + "replicaschema, verify)" + System.lineSeparator());
    }

    @Test
    void oneShotActionsLogOnlyWarningsByDefaultWhateverTheConfigSays() throws Exception {
        Result r = syncflux("-config", config.toString(), "-action", "replicaschema", "-db", "^p$");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("created database p");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void dashVLogsInfoOnStderr() throws Exception {
        Result r = syncflux("-config", config.toString(), "-action", "replicaschema", "-db", "^p$", "-v");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains(" INFO NodeCheck - node influx01 is up").doesNotContain(" DEBUG ");
        assertThat(r.out()).doesNotContain(" INFO ");
    }

    @Test
    void dashVvLogsDebug() throws Exception {
        Result r = syncflux("-config", config.toString(), "-action", "copy", "-db", "^p$", "-vv");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains(" DEBUG ").contains(" INFO ").doesNotContain(" TRACE ");
    }
}
