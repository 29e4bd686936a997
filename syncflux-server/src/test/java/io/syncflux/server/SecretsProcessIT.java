package io.syncflux.server;

import io.syncflux.core.testing.Fixtures;
import io.syncflux.core.testing.InfluxdExtension;
import okhttp3.Credentials;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daemon process with every password outside its config file (a file for one node, environment
 * variables for the other and for the API), against real auth-enabled influxd nodes, in a run that fails on
 * purpose (the slave's password is wrong): no password, in any form, reaches a log line at trace level,
 * stdout, stderr, {@code /api/health}, {@code /api/verify}, {@code /metrics}, the status page, the journal
 * or an error.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SecretsProcessIT {
    static final String NODE_USER = "root";
    static final String NODE_PASSWORD = "N0de-Secr3t;x\"y";
    static final String WRONG_PASSWORD = "Wr0ng-Secr3t-Q";
    static final String API_PASSWORD = "Ap1-Secr3t:Z";
    static final String GUESS = "Gu3ss-Secr3t";

    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02")
            .withAuth(NODE_USER, NODE_PASSWORD);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;
    final List<Daemon> daemons = new ArrayList<>();

    @AfterEach
    void killAll() {
        daemons.forEach(Daemon::close);
    }

    static List<String> secrets() {
        List<String> s = new ArrayList<>();
        for (String pw : List.of(NODE_PASSWORD, WRONG_PASSWORD, API_PASSWORD, GUESS)) {
            s.add(pw);
            s.add(pw.substring(0, 8)); // a prefix: no partial echo either
            for (String user : List.of(NODE_USER, TestServers.ADMIN)) {
                s.add(Base64.getEncoder().encodeToString((user + ":" + pw).getBytes(StandardCharsets.UTF_8)));
            }
        }
        return s;
    }

    private static void assertNoSecret(String what, String text) {
        for (String secret : secrets()) {
            assertThat(text).as(what + " must not contain " + secret).doesNotContain(secret);
        }
    }

    private String toml(int port, String masterLocation, String slaveAuth) {
        return "[General]\n master-db = \"influx01\"\n slave-db = \"influx02\"\n check-interval = \"200ms\"\n"
                + " min-sync-interval = \"200ms\"\n monitor-retry-interval = \"200ms\"\n rw-retry-delay = \"100ms\"\n"
                + " rw-max-retries = 1\n datadir = \"" + dir.resolve("data") + "\"\n"
                + "[http]\n bind-addr = \"127.0.0.1:" + port + "\"\n admin-user = \"" + TestServers.ADMIN + "\"\n"
                + "[[influxdb]]\n name = \"influx01\"\n location = \"" + masterLocation + "\"\n admin-user = \""
                + NODE_USER + "\"\n admin-passwd-file = \"" + dir.resolve("secrets/influx01") + "\"\n"
                + "[[influxdb]]\n name = \"influx02\"\n location = \"" + INFLUX.node(1).url() + "\"\n" + slaveAuth;
    }

    private static String text(String url) throws IOException {
        try (okhttp3.Response r = TestServers.HTTP.newCall(new Request.Builder().url(url).build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
            return r.body().string();
        }
    }

    private TestServers.Answer call(int port, String method, String path, String password) {
        Request.Builder b = new Request.Builder().url("http://127.0.0.1:" + port + path);
        if (password != null) {
            b.header("Authorization", Credentials.basic(TestServers.ADMIN, password, StandardCharsets.UTF_8));
        }
        if (method.equals("POST")) {
            b.post(RequestBody.create(new byte[0], null));
        }
        return TestServers.send(b.build());
    }

    @Test
    void aRunWithAWrongNodePasswordLeaksNoSecretAnywhere() throws Exception {
        INFLUX.node(0).query("CREATE DATABASE s");
        INFLUX.node(0).write("s", null, "m,k=v x=1i " + (System.currentTimeMillis() - 60_000) * 1_000_000L);
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/influx01"), NODE_PASSWORD + "\n");
        int port = Fixtures.freePort();
        Path conf = Files.writeString(dir.resolve("syncflux.toml"),
                toml(port, INFLUX.node(0).url(), " admin-user = \"" + NODE_USER + "\"\n"));
        assertNoSecret("the config file", Files.readString(conf));
        Path logs = dir.resolve("log");
        Daemon d = Daemon.start(dir, "run", port, Map.of("SYNCFLUX_HTTP_ADMIN_PASSWD", API_PASSWORD,
                        "SYNCFLUX_NODE_INFLUX02_ADMIN_PASSWD", WRONG_PASSWORD),
                "-config", conf.toString(), "-logmode", "file", "-logs", logs.toString(), "-vvv");
        daemons.add(d);
        Fixtures.await("the slave's refused login in the log", Duration.ofSeconds(30), () ->
                Daemon.text(logs.resolve("syncflux.log")).contains("influx02") && d.health() != null
                        && !d.health().get("SlaveState").asBoolean() && d.health().get("MasterState").asBoolean());

        Map<String, String> seen = new LinkedHashMap<>();
        TestServers.Answer guess = call(port, "POST", "/api/action/recover?start=-1h", GUESS);
        assertThat(guess.code()).isEqualTo(401);
        seen.put("401 answer", guess.text());
        assertThat(call(port, "POST", "/api/action/recover?start=-1h", API_PASSWORD).code())
                .as("the API password from the environment").isEqualTo(202);
        TestServers.Answer verify = call(port, "POST", "/api/action/verify?start=-1h", API_PASSWORD);
        assertThat(verify.code()).isEqualTo(202);
        seen.put("verify answer", verify.text());
        Fixtures.await("the verify's end", Duration.ofSeconds(30),
                () -> !call(port, "GET", "/api/verify", null).body().get("state").asText().equals("running"));
        TestServers.Answer verifyStatus = call(port, "GET", "/api/verify", API_PASSWORD);
        System.out.println("SecretsProcessIT: verify with a wrong slave password -> " + verifyStatus.text().trim());
        assertThat(verifyStatus.body().get("state").asText()).isEqualTo("failed");
        assertThat(verifyStatus.body().get("error").asText()).contains("influx02");
        seen.put("/api/verify with login", verifyStatus.text());
        seen.put("/api/verify", call(port, "GET", "/api/verify", null).text());
        seen.put("/api/health", call(port, "GET", "/api/health", null).text());
        seen.put("/api/queryactive", call(port, "GET", "/api/queryactive", null).text());
        seen.put("/metrics", text("http://127.0.0.1:" + port + "/metrics"));
        seen.put("/status", text("http://127.0.0.1:" + port + "/status"));
        Fixtures.await("the journal", Duration.ofSeconds(10),
                () -> Files.exists(dir.resolve("data/hamonitor-influx01-influx02.json")));

        d.process.destroy();
        assertThat(d.awaitExit(Duration.ofSeconds(30))).isIn(0, 143);
        try (Stream<Path> files = Stream.concat(Files.list(logs), Files.list(dir.resolve("data")))) {
            for (Path f : files.toList()) {
                seen.put(dir.relativize(f).toString(), Files.readString(f));
            }
        }
        seen.put("stdout", Daemon.text(d.stdout));
        seen.put("stderr", Daemon.text(d.stderr));
        String log = seen.get("log/syncflux.log");
        assertThat(log).contains("[DEBUG]").contains("[WARN]").containsIgnoringCase("auth").contains("influx02");
        assertThat(seen.get("/metrics")).contains("syncflux_");
        assertThat(seen.get("data/hamonitor-influx01-influx02.json")).contains("influx02");
        for (Map.Entry<String, String> e : seen.entrySet()) {
            assertNoSecret(e.getKey(), e.getValue());
        }
        System.out.println("SecretsProcessIT: no secret in " + seen.keySet() + " (" + log.lines().count()
                + " log lines at -vvv)");
    }

    @Test
    void aLocationWithALoginIsRefusedWithOneLineNamingTheKeysAndNotTheSecret() throws Exception {
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/influx01"), NODE_PASSWORD);
        int port = Fixtures.freePort();
        String withLogin = INFLUX.node(0).url().replace("http://", "http://" + NODE_USER + ":"
                + NODE_PASSWORD.replace("\"", "%22") + "@");
        Path conf = Files.writeString(dir.resolve("syncflux.toml"), toml(port, withLogin, ""));
        Daemon d = Daemon.start(dir, "run", port, Map.of(), "-config", conf.toString(), "-logmode", "file",
                "-logs", dir.resolve("log").toString(), "-vvv");
        daemons.add(d);
        assertThat(d.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
        List<String> err = Daemon.text(d.stderr).lines().toList();
        System.out.println("SecretsProcessIT: " + err);
        assertThat(err).singleElement().isEqualTo("syncflux-server: config " + conf + ": [[influxdb]] \"influx01\" "
                + "location: must not carry credentials (user:password@host): set the node's admin-user and "
                + "admin-passwd instead (or admin-passwd-file, or the environment variable "
                + "SYNCFLUX_NODE_INFLUX01_ADMIN_PASSWD)");
        assertNoSecret("stdout", Daemon.text(d.stdout));
        assertThat(Files.exists(dir.resolve("log"))).as("refused before any logging").isFalse();
    }

    @Test
    void passwordsFromAFileAndTheEnvironmentLogIntoAuthEnabledNodes() throws IOException {
        INFLUX.node(0).query("CREATE DATABASE fromfile");
        INFLUX.node(1).query("CREATE DATABASE fromenv");
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/influx01"), NODE_PASSWORD + "\n");
        Path conf = Files.writeString(dir.resolve("syncflux.toml"),
                toml(Fixtures.freePort(), INFLUX.node(0).url(), " admin-user = \"" + NODE_USER + "\"\n"));
        var c = io.syncflux.core.config.ConfigLoader.load(conf,
                Map.of("SYNCFLUX_NODE_INFLUX02_ADMIN_PASSWD", NODE_PASSWORD));
        try (var m = io.syncflux.core.influx.InfluxNode.connect(c.master());
             var s = io.syncflux.core.influx.InfluxNode.connect(c.slave())) {
            assertThat(m.databases()).contains("fromfile");
            assertThat(s.databases()).contains("fromenv");
        }
        var wrong = io.syncflux.core.config.ConfigLoader.load(conf,
                Map.of("SYNCFLUX_NODE_INFLUX02_ADMIN_PASSWD", WRONG_PASSWORD));
        try (var s = io.syncflux.core.influx.InfluxNode.connect(wrong.slave())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(s::databases)
                    .satisfies(e -> assertNoSecret("error", String.valueOf(e.getMessage())));
        }
    }
}
