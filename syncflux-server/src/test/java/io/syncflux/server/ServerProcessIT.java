package io.syncflux.server;

import io.syncflux.core.testing.FastHa;
import io.syncflux.core.testing.Fixtures;
import io.syncflux.core.testing.InfluxdExtension;
import okhttp3.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The daemon as a process: pid file, log files, health over HTTP, graceful stop on SIGTERM. */
class ServerProcessIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    @TempDir
    Path dir;

    @Test
    void runsUntilSigtermThenReleasesThePortAndDeletesThePidFile() throws Exception {
        int port = Fixtures.freePort();
        Path conf = dir.resolve("syncflux.toml");
        Files.writeString(conf, FastHa.toml(INFLUX, "loglevel = \"info\"", "datadir = \"" + dir.resolve("data") + "\"")
                + "[http]\n bind-addr = \"127.0.0.1:" + port + "\"\n admin-user = \"admin\"\n admin-passwd = \"pw\"\n");
        Path logs = dir.resolve("log");
        Path pid = dir.resolve("run/syncflux.pid");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "io.syncflux.server.ServerMain", "-config", conf.toString(), "-logmode", "file",
                "-logs", logs.toString(), "-pidfile", pid.toString(), "-vv")
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.txt").toFile()).start();
        try {
            Fixtures.await("the pid file", Duration.ofSeconds(20), () -> Files.exists(pid));
            assertThat(Files.readString(pid).trim()).isEqualTo(Long.toString(p.pid()));
            String health = "http://127.0.0.1:" + port + "/api/health";
            Fixtures.await("cluster OK over HTTP", Duration.ofSeconds(20), () -> {
                try {
                    TestServers.Answer a = TestServers.send(new Request.Builder().url(health).build());
                    return a.code() == 200 && a.body().get("ClusterState").asText().equals("OK");
                } catch (RuntimeException e) {
                    return false;
                }
            });

            p.destroy(); // SIGTERM
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.exists(pid)).isFalse();
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(s.getLocalPort()).isEqualTo(port);
            }
            String log = Files.readString(logs.resolve("syncflux.log"));
            assertThat(log).contains("starting").contains("cluster state STARTING -> OK").contains("DEBUG")
                    .contains("signal received").contains("HA monitor stopped");
            assertThat(Files.readString(logs.resolve("http_access.log"))).contains("GET /api/health 200");
            assertThat(Files.readString(dir.resolve("stdout.txt"))).doesNotContain("Exception");
        } finally {
            p.destroyForcibly();
        }
    }
}
