package io.syncflux.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.syncflux.core.config.NodeConfig;
import io.syncflux.core.config.SyncfluxConfig;
import io.syncflux.core.event.ClusterState;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.testing.DataDump;
import io.syncflux.core.testing.FastHa;
import io.syncflux.core.testing.Fixtures;
import io.syncflux.core.testing.Influxd;
import io.syncflux.core.testing.InfluxdExtension;
import io.syncflux.core.testing.RecordingListener;
import okhttp3.Credentials;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.syncflux.server.TestServers.ADMIN;
import static io.syncflux.server.TestServers.PASSWORD;
import static io.syncflux.core.testing.Fixtures.await;
import static io.syncflux.server.TestServers.get;
import static io.syncflux.server.TestServers.health;
import static io.syncflux.server.TestServers.send;
import static io.syncflux.server.TestServers.url;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Credentials and hostile requests: auth-enabled nodes, a wrong node password, secrets kept out of
 * logs, errors and {@code /api/health}, and an HTTP API that turns away oversized and malformed
 * requests and keeps answering.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SecurityIT {
    static final String NODE_USER = "root";
    static final String NODE_PASSWORD = "N0de-Pa55;w0rd\"x";

    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02")
            .withAuth(NODE_USER, NODE_PASSWORD);

    @TempDir
    Path dir;

    final RecordingListener recorder = RecordingListener.typed();
    final List<String> downs = recorder.downs();
    SyncfluxServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** Every form in which a secret could leak: as is, and inside a basic auth header. */
    static List<String> secrets() {
        return List.of(NODE_PASSWORD, PASSWORD, basic(NODE_USER, NODE_PASSWORD), basic(ADMIN, PASSWORD),
                "N0de-Pa55");
    }

    static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static void assertNoSecret(String what, String text) {
        for (String s : secrets()) {
            assertThat(text).as(what + " must not contain a credential").doesNotContain(s);
        }
    }

    private void startServer(SyncfluxConfig c) {
        server = SyncfluxServer.builder().config(c).listener(recorder).build().start();
    }

    private ClusterState state() {
        return server.monitor().status().clusterState();
    }

    private TestServers.Answer recover(String query, byte[] body) {
        return send(new Request.Builder().url(url(server, "/api/action/recover" + query))
                .header("Authorization", Credentials.basic(ADMIN, PASSWORD, StandardCharsets.UTF_8))
                .post(RequestBody.create(body, MediaType.get("application/octet-stream"))).build());
    }

    @Test
    void theMonitorChecksAndRecoversAuthEnabledNodesWithTheirCredentials() {
        Influxd master = INFLUX.node(0);
        Influxd slave = INFLUX.node(1);
        master.query("CREATE DATABASE sec");
        slave.query("CREATE DATABASE sec");
        startServer(TestServers.config(INFLUX));
        await("cluster OK", Duration.ofSeconds(20), () -> state() == ClusterState.OK);
        slave.kill();
        await("CHECK_SLAVE_DOWN", Duration.ofSeconds(10), () -> state() == ClusterState.CHECK_SLAVE_DOWN);
        long now = System.currentTimeMillis() * 1_000_000L;
        master.write("sec", null, "m,k=a v=1i " + now + "\nm,k=b v=2i " + (now + 1));
        slave.start();
        await("recovered", Duration.ofSeconds(30), () -> state() == ClusterState.OK
                && server.monitor().status().numRecovers() == 1);
        try (InfluxNode m = InfluxNode.connect(master.nodeConfig()); InfluxNode s = InfluxNode.connect(slave.nodeConfig())) {
            assertThat(DataDump.of(s, "sec")).hasSize(2).isEqualTo(DataDump.of(m, "sec"));
        }
        assertNoSecret("/api/health", get(server, "/api/health").text());
        assertNoSecret("node errors", String.join("\n", downs));
    }

    @Test
    void aWrongNodePasswordIsAClearErrorNamingTheNodeAndNotThePassword() {
        SyncfluxConfig c = TestServers.config(INFLUX);
        String wrong = "Wr0ng-N0de-Pw";
        c = new SyncfluxConfig(c.general(), c.http(), c.influxdb().stream()
                .map(n -> n.name().equals("influx02") ? n.withCredentials(NODE_USER, wrong) : n).toList());
        startServer(c);
        await("the slave's failed check", Duration.ofSeconds(10), () -> !downs.isEmpty());
        Fixtures.sleep(500);
        assertThat(downs).singleElement().satisfies(e -> assertThat(e)
                .startsWith("influx02: ").contains("influx02").containsIgnoringCase("auth").doesNotContain(wrong));
        System.out.println("SecurityIT: wrong node password -> " + downs.get(0));
        JsonNode h = health(server);
        assertThat(h.get("ClusterState").asText()).isEqualTo("STARTING");
        assertThat(h.get("MasterState").asBoolean()).isTrue();
        assertThat(h.get("SlaveState").asBoolean()).isFalse();
        assertNoSecret("/api/health", h.toString());
        assertThat(h.toString()).doesNotContain(wrong);
    }

    @Test
    void oversizedRequestsAreRejectedAndTheServerKeepsAnswering() {
        startServer(TestServers.config(INFLUX));
        await("cluster OK", Duration.ofSeconds(20), () -> state() == ClusterState.OK);

        int big = rawStatus("POST /api/action/recover?start=-1h HTTP/1.1\r\nHost: x\r\nAuthorization: Basic "
                + basic(ADMIN, PASSWORD) + "\r\nContent-Length: " + (10 << 20) + "\r\n\r\n", new byte[10 << 20]);
        System.out.println("SecurityIT: 10 MB body -> " + big);
        assertThat(big).isEqualTo(413);
        TestServers.Answer smallerBody = recover("?start=-1h", new byte[100 * 1024]);
        assertThat(smallerBody.code()).isEqualTo(413);
        assertThat(smallerBody.body().get("error").asText()).contains("too large");

        TestServers.Answer longQuery = recover("?start=-1h&pad=" + "a".repeat(20 * 1024), new byte[0]);
        System.out.println("SecurityIT: 20 KB query string -> " + longQuery.code() + " " + longQuery.text().trim());
        assertThat(longQuery.code()).isEqualTo(414);
        assertThat(longQuery.body().get("error").asText()).contains("too long");

        int code = rawStatus("POST /api/action/recover?start=-1h&pad=" + "a".repeat(100 * 1024) + " HTTP/1.1\r\n"
                + "Host: x\r\nAuthorization: Basic " + basic(ADMIN, PASSWORD)
                + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        System.out.println("SecurityIT: 100 KB query string -> " + code);
        assertThat(code).isIn(-1, 400, 414, 431);

        int hugeHeader = rawStatus("GET /api/health HTTP/1.1\r\nHost: x\r\nX-Pad: " + "b".repeat(200 * 1024)
                + "\r\nConnection: close\r\n\r\n");
        System.out.println("SecurityIT: 200 KB header -> " + hugeHeader);
        assertThat(hugeHeader).isIn(-1, 400, 413, 414, 431);

        assertThat(server.monitor().status().pending()).isEmpty();
        assertThat(get(server, "/api/health").code()).isEqualTo(200);
    }

    @Test
    void malformedRequestsGet4xxAndTheServerKeepsAnswering() {
        startServer(TestServers.config(INFLUX));
        await("cluster OK", Duration.ofSeconds(20), () -> state() == ClusterState.OK);
        java.util.Map<String, List<Integer>> garbage = new java.util.LinkedHashMap<>();
        List<Integer> refused = List.of(-1, 400, 404, 405, 411, 501, 505);
        garbage.put("BREW /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", List.of(405));
        garbage.put("GET /api/%ZZhealth HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", List.of(400, 404));
        garbage.put("POST /api/action/recover?start=%E2%82%28 HTTP/1.1\r\nHost: x\r\nAuthorization: Basic "
                + basic(ADMIN, PASSWORD) + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", List.of(400));
        // an unknown HTTP version is served like 1.1 by the HTTP stack: harmless
        garbage.put("GET /api/health HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n", List.of(200, 400, 505));
        garbage.put("\u0000\u0001\u0002 garbage \r\n\r\n", refused);
        garbage.put("GET\r\n\r\n", refused);
        garbage.put("POST /api/action/recover?start=-1h HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n", refused);
        garbage.put("POST /api/action/recover?start=-1h HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                + "Authorization: Basic " + basic(ADMIN, PASSWORD) + "\r\n\r\nZZZ\r\nnot chunked\r\n\r\n",
                List.of(-1, 202, 400));
        List<String> seen = new ArrayList<>();
        for (var g : garbage.entrySet()) {
            int code = rawStatus(g.getKey());
            seen.add(code + " <- " + g.getKey().lines().findFirst().orElse("").replaceAll("\\p{Cntrl}", "?"));
            assertThat(code).as(g.getKey()).isIn(g.getValue().toArray());
            assertThat(get(server, "/api/health").code()).as("health after " + g.getKey()).isEqualTo(200);
        }
        System.out.println("SecurityIT: malformed requests: " + seen);
        assertThat(server.monitor().status().pending()).hasSizeLessThanOrEqualTo(1);
    }

    /** Sends raw bytes and returns the status of the answer, or -1 when the server just closed. */
    private int rawStatus(String request) {
        return rawStatus(request, new byte[0]);
    }

    /** Sends a raw head and body (the body stops early when the server closes) and returns the status. */
    private int rawStatus(String head, byte[] body) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
            } catch (IOException e) {
                // the server may close while we still write an oversized request
            }
            InputStream in = s.getInputStream();
            String line = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
            return line.startsWith("HTTP/1.") && line.length() >= 12 ? Integer.parseInt(line.substring(9, 12)) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    void theDaemonAtTraceLevelLogsNoCredential() throws Exception {
        int port = io.syncflux.core.testing.Fixtures.freePort();
        Influxd slave = INFLUX.node(1);
        INFLUX.node(0).query("CREATE DATABASE lg");
        slave.query("CREATE DATABASE lg");
        Path conf = dir.resolve("syncflux.toml");
        Files.writeString(conf, FastHa.toml(INFLUX, "datadir = \"" + dir.resolve("data") + "\"")
                + "[http]\n bind-addr = \"127.0.0.1:" + port + "\"\n admin-user = \"" + ADMIN + "\"\n admin-passwd = \""
                + PASSWORD + "\"\n");
        Path logs = dir.resolve("log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "io.syncflux.server.ServerMain", "-config", conf.toString(), "-logmode", "file",
                "-logs", logs.toString(), "-vvv")
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.txt").toFile()).start();
        try {
            String base = "http://127.0.0.1:" + port;
            await("cluster OK over HTTP", Duration.ofSeconds(30), () -> {
                try {
                    TestServers.Answer a = send(new Request.Builder().url(base + "/api/health").build());
                    return a.code() == 200 && a.body().get("ClusterState").asText().equals("OK");
                } catch (RuntimeException e) {
                    return false;
                }
            });
            slave.kill();
            Fixtures.sleep(800);
            INFLUX.node(0).write("lg", null, "m v=1i " + System.currentTimeMillis() * 1_000_000L);
            slave.start();
            TestServers.Answer wrongAuth = send(new Request.Builder().url(base + "/api/action/recover?start=-1h")
                    .header("Authorization", Credentials.basic(ADMIN, "N0de-Pa55-guess", StandardCharsets.UTF_8))
                    .post(RequestBody.create(new byte[0], null)).build());
            assertThat(wrongAuth.code()).isEqualTo(401);
            assertNoSecret("401 answer", wrongAuth.text());
            TestServers.Answer ok = send(new Request.Builder().url(base + "/api/action/recover?start=-1h")
                    .header("Authorization", Credentials.basic(ADMIN, PASSWORD, StandardCharsets.UTF_8))
                    .post(RequestBody.create(new byte[0], null)).build());
            assertThat(ok.code()).isEqualTo(202);
            await("both recoveries", Duration.ofSeconds(30), () -> {
                JsonNode h = send(new Request.Builder().url(base + "/api/health").build()).body();
                return h.get("ClusterNumRecovers").asInt() >= 2 && h.get("ClusterState").asText().equals("OK");
            });
            assertNoSecret("/api/health", send(new Request.Builder().url(base + "/api/health").build()).text());
            p.destroy();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        String log = Files.readString(logs.resolve("syncflux.log"));
        assertThat(log).contains("DEBUG").contains("recovering");
        assertNoSecret("syncflux.log", log);
        assertThat(log).doesNotContain("N0de-Pa55-guess");
        assertNoSecret("http_access.log", Files.readString(logs.resolve("http_access.log")));
        assertNoSecret("stdout", Files.readString(dir.resolve("stdout.txt")));
        System.out.println("SecurityIT: daemon at -vvv wrote " + log.lines().count()
                + " log lines, none with a credential");
    }

    @Test
    void configToStringHidesThePasswords() {
        SyncfluxConfig c = TestServers.config(INFLUX);
        for (NodeConfig n : c.influxdb()) {
            assertNoSecret("NodeConfig.toString", n.toString());
        }
        assertNoSecret("HttpConfig.toString", c.http().toString());
        assertNoSecret("SyncfluxConfig.toString", c.toString());
    }
}
