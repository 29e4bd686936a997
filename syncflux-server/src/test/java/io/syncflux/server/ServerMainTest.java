package io.syncflux.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Flag and config errors end with one line on stderr and exit code 2, before anything starts. */
class ServerMainTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int main(String... args) {
        return ServerMain.main(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errLines() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path config(String text) throws Exception {
        Path p = dir.resolve("syncflux.toml");
        Files.writeString(p, text);
        return p;
    }

    private static final String NODES = """
            [[influxdb]]
             release = "1x"
             name = "a"
             location = "http://127.0.0.1:1/"
            [[influxdb]]
             release = "1x"
             name = "b"
             location = "http://127.0.0.1:2/"
            """;

    @Test
    void unknownFlagIsOneLineAndExit2() {
        assertThat(main("-bogus")).isEqualTo(2);
        assertThat(errLines()).isEqualTo("syncflux-server: unknown flag -bogus (see -help)" + System.lineSeparator());
    }

    @Test
    void flagWithoutValueIsExit2() {
        assertThat(main("-config")).isEqualTo(2);
        assertThat(errLines().lines()).hasSize(1);
    }

    @Test
    void missingConfigFileIsExit2() {
        assertThat(main("-config", dir.resolve("nope.toml").toString())).isEqualTo(2);
        assertThat(errLines().lines()).singleElement().asString().contains("nope.toml").contains("not found");
    }

    @Test
    void malformedConfigIsExit2() throws Exception {
        assertThat(main("-config", config("[General\nx=").toString())).isEqualTo(2);
        assertThat(errLines().lines()).singleElement().asString().contains("malformed TOML");
    }

    @Test
    void unknownMasterIsExit2() throws Exception {
        Path c = config("[General]\n master-db = \"a\"\n slave-db = \"b\"\n" + NODES);
        assertThat(main("-config", c.toString(), "-master", "zz")).isEqualTo(2);
        assertThat(errLines().lines()).singleElement().asString().contains("zz").contains("a, b");
    }

    @Test
    void sameMasterAndSlaveIsExit2() throws Exception {
        Path c = config("[General]\n master-db = \"a\"\n slave-db = \"a\"\n" + NODES);
        assertThat(main("-config", c.toString())).isEqualTo(2);
        assertThat(errLines().lines()).singleElement().asString().contains("same node");
    }

    @Test
    void badLogModeIsExit2() throws Exception {
        Path c = config("[General]\n master-db = \"a\"\n slave-db = \"b\"\n" + NODES);
        assertThat(main("-config", c.toString(), "-logmode", "syslog")).isEqualTo(2);
        assertThat(errLines()).contains("-logmode");
    }

    @Test
    void runWithoutASlaveReturns2AndRemovesItsPidFile() {
        io.syncflux.core.config.SyncfluxConfig c = io.syncflux.core.config.ConfigLoader.parse(
                "[General]\n master-db = \"a\"\n" + NODES, "test");
        Path pid = dir.resolve("x.pid");
        assertThat(ServerMain.run(c, dir, false, pid)).isEqualTo(2);
        assertThat(Files.exists(pid)).isFalse();
    }

    @Test
    void versionAndHelpExit0() {
        assertThat(main("-version")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("syncflux-server ");
        assertThat(main("-help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("-config").contains("-pidfile");
    }

    @Test
    void logLevelsMapToSlf4jSimple() {
        assertThat(LogSetup.level("fatal")).isEqualTo("error");
        assertThat(LogSetup.level("DEBUG")).isEqualTo("debug");
        assertThat(LogSetup.level("trace")).isEqualTo("trace");
        assertThat(LogSetup.level("warn")).isEqualTo("warn");
        assertThat(LogSetup.level("whatever")).isEqualTo("info");
    }
}
