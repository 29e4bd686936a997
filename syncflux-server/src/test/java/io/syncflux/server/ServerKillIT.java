package io.syncflux.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.testing.DataDump;
import io.syncflux.core.testing.FastHa;
import io.syncflux.core.testing.Fixtures;
import io.syncflux.core.testing.Influxd;
import io.syncflux.core.testing.InfluxdExtension;
import io.syncflux.core.testing.Points;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.syncflux.core.testing.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daemon SIGKILLed (no shutdown hook runs) during a slave outage and in the middle of a recovery:
 * the next process resumes from the journal exactly what is still owed, and the slave ends with the
 * master's points.
 */
class ServerKillIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    static final String DB = "d";

    /** Kept when a test fails: the logs of both runs and the journal are in it. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;
    Influxd master;
    Influxd slave;
    int port;
    final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void databases() throws IOException {
        master = INFLUX.node(0);
        slave = INFLUX.node(1);
        for (Influxd n : List.of(master, slave)) {
            n.query("CREATE DATABASE " + DB);
        }
        port = io.syncflux.core.testing.Fixtures.freePort();
    }

    @AfterEach
    void killAll() {
        processes.forEach(Process::destroyForcibly);
    }

    private Path journal() {
        return dir.resolve("data/hamonitor-influx01-influx02.json");
    }

    private Process start(String run, String... general) throws IOException {
        List<String> lines = new ArrayList<>(List.of("loglevel = \"info\"", "datadir = \"" + dir.resolve("data") + "\""));
        lines.addAll(List.of(general));
        Path conf = dir.resolve("syncflux.toml");
        Files.writeString(conf, FastHa.toml(INFLUX, lines.toArray(String[]::new))
                + "[http]\n bind-addr = \"127.0.0.1:" + port + "\"\n admin-user = \"admin\"\n admin-passwd = \"pw\"\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "io.syncflux.server.ServerMain", "-config", conf.toString(), "-logmode", "file",
                "-logs", dir.resolve(run).toString(), "-pidfile", dir.resolve(run + ".pid").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve(run + ".out").toFile()).start();
        processes.add(p);
        return p;
    }

    private String log(String run) throws IOException {
        return Files.readString(dir.resolve(run).resolve("syncflux.log"));
    }

    private void awaitState(String state, Duration max) {
        await(state + " over HTTP", max, () -> {
            JsonNode h = TestServers.health(port);
            return h != null && h.get("ClusterState").asText().equals(state);
        });
    }

    private JsonNode readJournal() {
        try {
            return TestServers.JSON.readTree(journal().toFile());
        } catch (IOException e) {
            return null;
        }
    }

    private static void sigkill(Process p) throws InterruptedException {
        p.destroyForcibly();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("killed, not stopped").isEqualTo(137);
    }

    /** Points of measurement {@code bulk} in 7 series. */
    static final Points BULK = Points.of("bulk").tag("k", "k", 7).fields(i -> "v=" + i + "i,f=" + i + ".5");

    private void assertSlaveHoldsExactlyTheMastersPoints(int atLeast) {
        try (InfluxNode m = InfluxNode.connect(master.nodeConfig()); InfluxNode s = InfluxNode.connect(slave.nodeConfig())) {
            List<String> onMaster = DataDump.of(m, DB);
            assertThat(onMaster).hasSizeGreaterThanOrEqualTo(atLeast);
            assertThat(DataDump.of(s, DB)).isEqualTo(onMaster);
        }
    }

    @Test
    void killedDuringASlaveOutageTheNextRunRecoversTheWholeOwedWindow() throws Exception {
        Process first = start("run1");
        awaitState("OK", Duration.ofSeconds(30));
        slave.kill();
        awaitState("CHECK_SLAVE_DOWN", Duration.ofSeconds(10));
        BULK.from(Fixtures.nanos(Instant.now()), 1000).write(master, DB, 1000);
        await("the outage in the journal", Duration.ofSeconds(5), () -> {
            JsonNode j = readJournal();
            return j != null && j.path("openOutages").has("influx02");
        });
        sigkill(first);

        BULK.from(Fixtures.nanos(Instant.now()), 1000).write(master, DB, 1000);
        slave.start();
        start("run2");
        await("recovered over HTTP", Duration.ofSeconds(40), () -> {
            JsonNode h = TestServers.health(port);
            return h != null && h.get("ClusterState").asText().equals("OK") && h.get("ClusterNumRecovers").asInt() == 1;
        });
        assertSlaveHoldsExactlyTheMastersPoints(2000);
        JsonNode j = readJournal();
        assertThat(j.path("openOutages").size()).isZero();
        assertThat(j.path("pending").size()).isZero();
        await("the downtime check", Duration.ofSeconds(20), () -> {
            try {
                return log("run2").contains("downtime check of");
            } catch (IOException e) {
                return false;
            }
        });
        assertThat(log("run2")).contains("influx02 was down when the last run ended; it owes")
                .contains("the monitor was down since its last heartbeat");
    }

    @Test
    void killedInTheMiddleOfARecoveryTheNextRunResumesSkippingTheUnitsAlreadyCopied() throws Exception {
        Process first = start("run1", "data-chuck-duration = \"100ms\"", "max-points-on-single-write = 1000",
                "num-workers = 1");
        awaitState("OK", Duration.ofSeconds(30));
        slave.kill();
        Instant down = Instant.now();
        awaitState("CHECK_SLAVE_DOWN", Duration.ofSeconds(10));
        BULK.from(Fixtures.nanos(down), 40_000).write(master, DB, 100_000); // 100k points over 4 s of the outage
        long wait = Duration.between(Instant.now(), down.plusMillis(4300)).toMillis();
        Fixtures.sleep(Math.max(0, wait));
        slave.start();
        List<String> doneAtKill = new ArrayList<>();
        await("some units done in the journal", Duration.ofSeconds(30), () -> {
            JsonNode j = readJournal();
            return j != null && j.path("pending").size() == 1 && j.path("pending").get(0).path("done").size() >= 12;
        });
        sigkill(first);
        JsonNode atKill = readJournal();
        atKill.path("pending").get(0).path("done").forEach(d -> doneAtKill.add(d.asText()));
        assertThat(atKill.path("pending").get(0).path("to").asText()).isEqualTo("influx02");
        assertThat(log("run1")).doesNotContain("recovered [");

        start("run2", "data-chuck-duration = \"100ms\"", "max-points-on-single-write = 1000", "num-workers = 1");
        await("recovered over HTTP", Duration.ofSeconds(60), () -> {
            JsonNode h = TestServers.health(port);
            return h != null && h.get("ClusterState").asText().equals("OK") && h.get("ClusterNumRecovers").asInt() == 1;
        });
        assertThat(log("run2")).contains("(" + doneAtKill.size() + " units already done)")
                .contains("skipped " + doneAtKill.size() + " units already copied by an earlier run");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("recovered \\[[^)]*\\) to influx02: (\\d+) points")
                .matcher(log("run2"));
        assertThat(m.find()).isTrue();
        assertThat(Long.parseLong(m.group(1))).as("points copied by the resumed run").isPositive().isLessThan(100_000);
        assertSlaveHoldsExactlyTheMastersPoints(100_000);
        assertThat(TestServers.health(port).get("LastVerify").get("Consistent").asBoolean()).isTrue();
    }
}
