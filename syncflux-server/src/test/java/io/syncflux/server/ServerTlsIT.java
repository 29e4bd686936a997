package io.syncflux.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.syncflux.core.config.HttpConfig;
import io.syncflux.core.config.SyncfluxConfig;
import io.syncflux.core.event.ClusterState;
import io.syncflux.core.testing.InfluxdExtension;
import io.syncflux.core.testing.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.syncflux.server.TestServers.ADMIN;
import static io.syncflux.server.TestServers.JSON;
import static io.syncflux.server.TestServers.PASSWORD;
import static io.syncflux.core.testing.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * TLS both ways on the real daemon: the monitor watches two influxd that serve HTTPS only (their CA in
 * {@code tls-ca}), and the API itself serves HTTPS from the {@code [http] tls-cert} and {@code tls-key}
 * PEM files, checked with {@code curl} as a user or a relay would.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerTlsIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02")
            .https("influx01").https("influx02");

    static SyncfluxServer server;
    static TestCertificates pki;

    /** What curl printed (body, then the status code on the last line) and its exit code. */
    record Curl(int exit, String out, String err) {
        int status() {
            String[] lines = out.split("\n");
            return Integer.parseInt(lines[lines.length - 1].trim());
        }

        JsonNode body() throws IOException {
            return JSON.readTree(out.substring(0, out.lastIndexOf('\n')));
        }
    }

    @BeforeAll
    static void start() {
        pki = INFLUX.certificates();
        SyncfluxConfig c = TestServers.config(INFLUX);
        HttpConfig https = c.http().withTls(new HttpConfig.Tls(pki.serverCert(), pki.serverKey()));
        server = SyncfluxServer.builder().config(new SyncfluxConfig(c.general(), https, c.influxdb())).build().start();
        await("cluster OK over TLS", Duration.ofSeconds(20),
                () -> server.monitor().status().clusterState() == ClusterState.OK);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    static Curl curl(String... args) {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10", "-w", "\n%{http_code}"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            return new Curl(p.exitValue(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String https(String path) {
        return "https://127.0.0.1:" + server.port() + path;
    }

    @Test
    void curlWithTheCaReadsTheHealthOfNodesReachedOverTls() throws IOException {
        Curl c = curl("--cacert", pki.ca().toString(), https("/api/health"));
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.status()).isEqualTo(200);
        JsonNode h = c.body();
        assertThat(h.get("ClusterState").asText()).isEqualTo("OK");
        assertThat(h.get("MasterState").asBoolean()).isTrue();
        assertThat(h.get("SlaveState").asBoolean()).isTrue();
    }

    @Test
    void anActionWithTheLoginWorksOverHttps() throws IOException {
        Curl c = curl("--cacert", pki.ca().toString(), "-u", ADMIN + ":" + PASSWORD, "-X", "POST",
                https("/api/action/recover?start=-10m&end=-5m"));
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.status()).as(c.out()).isEqualTo(202);
        assertThat(c.body().get("status").asText()).isNotEmpty();
    }

    @Test
    void curlRefusesTheCertificateWithoutTheCaOrWithAnother() {
        Curl none = curl(https("/api/health"));
        assertThat(none.exit()).as(none.err()).isEqualTo(60);
        Curl wrong = curl("--cacert", pki.wrongCa().toString(), https("/api/health"));
        assertThat(wrong.exit()).as(wrong.err()).isEqualTo(60);
    }

    @Test
    void plainHttpGetsNoAnswerFromTheHttpsPort() {
        Curl c = curl("http://127.0.0.1:" + server.port() + "/api/health");
        assertThat(c.exit()).as(c.out()).isNotZero();
        assertThat(c.out()).doesNotContain("ClusterState");
    }
}
