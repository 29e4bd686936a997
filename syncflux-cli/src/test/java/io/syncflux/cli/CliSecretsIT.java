package io.syncflux.cli;

import io.syncflux.core.testing.InfluxdExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI in its own JVM at {@code -vvv} against auth-enabled nodes: it works with the configured
 * credentials, a wrong password is one line naming the node, and no credential reaches stdout or
 * stderr in any form.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CliSecretsIT {
    static final String USER = "admin";
    static final String PASSWORD = "Cl1-Pa55\"w;rd";
    static final String WRONG = "Wr0ng-Cl1-Pa55";

    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02").withAuth(USER, PASSWORD);

    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {
    }

    @BeforeEach
    void data() {
        INFLUX.node(0).query("CREATE DATABASE s");
        INFLUX.node(0).write("s", null, "m,k=v x=1i " + (System.currentTimeMillis() - 60_000) * 1_000_000L);
    }

    private Result syncflux(String toml, String... args) throws IOException, InterruptedException {
        return syncflux(toml, java.util.Map.of(), args);
    }

    private Result syncflux(String toml, java.util.Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        Path config = Files.writeString(dir.resolve("syncflux.toml"), toml);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "-config", config.toString()));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("syncflux did not finish within 60 s: " + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String toml() {
        return INFLUX.toml("influx01", "influx02", "monitor-retry-interval = \"100ms\"", "rw-max-retries = 1");
    }

    private static void assertNoCredential(String text) {
        for (String secret : List.of(PASSWORD, WRONG, "Cl1-Pa55", b64(USER + ":" + PASSWORD), b64(USER + ":" + WRONG))) {
            assertThat(text).doesNotContain(secret);
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aTraceLevelCopyWithCredentialsWorksAndLogsNoCredential() throws Exception {
        INFLUX.node(1).query("CREATE DATABASE s");
        Result r = syncflux(toml(), "-action", "copy", "-db", "^s$", "-start", "-1h", "-vvv");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains(" DEBUG ").contains("influx02");
        assertNoCredential(r.out());
        assertNoCredential(r.err());
        assertThat(INFLUX.node(1).query("s", "SELECT * FROM m")).contains("\"values\"");
        System.out.println("CliSecretsIT: -vvv copy wrote " + r.err().lines().count() + " stderr lines, no credential");
    }

    @Test
    void aWrongNodePasswordIsOneLineNamingTheNodeWithoutThePassword() throws Exception {
        // the default monitor-retry-interval (1m): refused credentials must not be retried like a down node
        String toml = INFLUX.toml("influx01", "influx02", "rw-max-retries = 1").replaceFirst("(name = \"influx02\"[^\\[]*admin-passwd = \")[^\\n]*\"\\n",
                "$1" + WRONG + "\"\n");
        assertThat(toml).contains(WRONG);

        long t0 = System.nanoTime();
        Result r = syncflux(toml, "-action", "copy", "-db", "^s$", "-start", "-1h", "-vvv");

        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).as("seconds to fail").isLessThan(20);
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        List<String> own = r.err().lines().filter(l -> l.startsWith("syncflux: ")).toList();
        assertThat(own).singleElement().satisfies(l -> assertThat(l).contains("influx02")
                .contains("refused the credentials").contains("authorization failed"));
        assertNoCredential(r.out());
        assertNoCredential(r.err());
        assertThat(INFLUX.node(1).query("SHOW DATABASES")).doesNotContain("\"s\"");
        System.out.println("CliSecretsIT: wrong password -> " + own.get(0));
    }

    @Test
    void passwordsFromAFileAndTheEnvironmentWorkWithAConfigHoldingNone() throws Exception {
        INFLUX.node(1).query("CREATE DATABASE s");
        Path secret = Files.writeString(dir.resolve("influx01.passwd"), PASSWORD + "\n");
        String toml = toml().replace("admin-passwd = \"" + PASSWORD.replace("\"", "\\\"") + "\"", "");
        assertThat(toml).doesNotContain("Cl1-Pa55").contains("admin-user");
        Result r = syncflux(toml, java.util.Map.of("SYNCFLUX_NODE_INFLUX01_ADMIN_PASSWD_FILE", secret.toString(),
                "SYNCFLUX_NODE_INFLUX02_ADMIN_PASSWD", PASSWORD), "-action", "copy", "-db", "^s$", "-start", "-1h", "-vvv");

        assertThat(r.exit()).as(r.err()).isZero();
        assertNoCredential(r.out());
        assertNoCredential(r.err());
        assertThat(INFLUX.node(1).query("s", "SELECT * FROM m")).contains("\"values\"");
    }
}
