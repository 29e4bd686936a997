package io.syncflux.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.syncflux.core.event.ClusterState;
import io.syncflux.core.testing.Fixtures;
import io.syncflux.core.testing.InfluxdExtension;
import okhttp3.Credentials;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import static io.syncflux.server.TestServers.ADMIN;
import static io.syncflux.server.TestServers.PASSWORD;
import static io.syncflux.core.testing.Fixtures.await;
import static io.syncflux.server.TestServers.get;
import static io.syncflux.server.TestServers.health;
import static io.syncflux.server.TestServers.send;
import static io.syncflux.server.TestServers.url;
import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP API of a real server over two real influxd nodes. */
class ServerApiIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    @TempDir
    static Path logs;

    static SyncfluxServer server;

    @BeforeAll
    static void start() {
        server = SyncfluxServer.builder().config(TestServers.config(INFLUX))
                .accessLog(logs.resolve("http_access.log")).build().start();
        await("cluster OK", Duration.ofSeconds(20),
                () -> server.monitor().status().clusterState() == ClusterState.OK);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private static TestServers.Answer recover(String query, String user, String password) {
        Request.Builder b = new Request.Builder().url(url(server, "/api/action/recover" + query))
                .post(RequestBody.create(new byte[0], MediaType.get("text/plain")));
        if (user != null) {
            b.header("Authorization", Credentials.basic(user, password, StandardCharsets.UTF_8));
        }
        return send(b.build());
    }

    @Test
    void healthHasTheOriginalsFieldsWithTheirJsonTypes() {
        TestServers.Answer a = get(server, "/api/health");
        assertThat(a.code()).isEqualTo(200);
        assertThat(a.headers().get("Content-Type")).startsWith("application/json");
        JsonNode h = a.body();
        List<String> names = new ArrayList<>();
        h.fieldNames().forEachRemaining(names::add);
        // the original's fields, in its order, then the added ones (null while there is nothing to report)
        assertThat(names).containsExactly("ClusterState", "ClusterNumRecovers", "ClusterLastRecoverDuration", "MID",
                "SID", "MasterState", "MasterLastOK", "SlaveState", "SlaveLastOK", "LastVerify", "DowntimeVerify",
                "JournalProblem", "Rejected", "AntiEntropy", "VerifyBackoff");
        assertThat(h.get("JournalProblem").isNull()).isTrue();
        assertThat(h.get("VerifyBackoff").isNull()).isTrue();
        assertThat(h.get("Rejected").isArray()).isTrue();
        assertThat(h.get("LastVerify").isNull() || h.get("LastVerify").has("Consistent")).isTrue();
        assertThat(h.get("ClusterState").isTextual()).isTrue();
        assertThat(h.get("ClusterState").asText()).isEqualTo("OK");
        assertThat(h.get("ClusterNumRecovers").isInt()).isTrue();
        assertThat(h.get("ClusterLastRecoverDuration").isIntegralNumber()).isTrue();
        assertThat(h.get("MID").asText()).isEqualTo("influx01");
        assertThat(h.get("SID").asText()).isEqualTo("influx02");
        assertThat(h.get("MasterState").isBoolean()).isTrue();
        assertThat(h.get("MasterState").asBoolean()).isTrue();
        assertThat(h.get("SlaveState").asBoolean()).isTrue();
        for (String f : List.of("MasterLastOK", "SlaveLastOK")) {
            String t = h.get(f).asText();
            assertThat(t).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?(Z|[+-]\\d\\d:\\d\\d)");
            assertThat(Duration.between(OffsetDateTime.parse(t).toInstant(), Instant.now()))
                    .isLessThan(Duration.ofSeconds(5));
        }
        assertThat(get(server, "/api/health/").body().get("MID").asText()).isEqualTo("influx01");
    }

    @Test
    void queryActiveListsTheNodesThatAnswer() {
        TestServers.Answer a = get(server, "/api/queryactive");
        assertThat(a.code()).isEqualTo(200);
        assertThat(a.body().isArray()).isTrue();
        assertThat(a.body().toString()).isEqualTo("[\"influx01\",\"influx02\"]");
    }

    @Test
    void recoverWithoutOrWithWrongCredentialsIs401AndQueuesNothing() {
        int before = server.monitor().status().numRecovers();
        for (TestServers.Answer a : List.of(recover("?start=-1h", null, null), recover("?start=-1h", ADMIN, "wrong"),
                recover("?start=-1h", "root", PASSWORD), recover("?start=-1h", ADMIN, PASSWORD + "x"))) {
            assertThat(a.code()).isEqualTo(401);
            assertThat(a.headers().get("WWW-Authenticate")).startsWith("Basic realm=");
            assertThat(a.body().get("error").asText()).contains("authentication");
        }
        TestServers.Answer garbage = send(new Request.Builder().url(url(server, "/api/action/recover?start=-1h"))
                .header("Authorization", "Basic !!!not-base64").post(RequestBody.create(new byte[0], null)).build());
        assertThat(garbage.code()).isEqualTo(401);
        Fixtures.sleep(500);
        assertThat(server.monitor().status().pending()).isEmpty();
        assertThat(server.monitor().status().numRecovers()).isEqualTo(before);
    }

    @Test
    void malformedRecoverParametersAre400WithAOneLineError() {
        for (String q : List.of("", "?start=yesterday", "?start=10h", "?start=-1h&end=-2h", "?start=now",
                "?start=2019-04-06T09:45:05Z&end=2019-04-06T09:45:05Z", "?start=-1h&end=+1h",
                "?start=-1h&end=%E2%82")) {
            TestServers.Answer a = recover(q, ADMIN, PASSWORD);
            assertThat(a.code()).as(q).isEqualTo(400);
            assertThat(a.body().get("error").asText()).as(q).isNotBlank().doesNotContain("\n").doesNotContain("Exception");
        }
        assertThat(server.monitor().status().pending()).isEmpty();
        // an escape that is not even valid URL syntax is refused by the HTTP parser itself
        assertThat(recover("?start=%ZZ", ADMIN, PASSWORD).code()).isEqualTo(400);
    }

    @Test
    void recoverQueuesTheWindowAndTheMonitorRunsIt() {
        int before = server.monitor().status().numRecovers();
        TestServers.Answer a = recover("?start=2019-04-06T09:45:05.5%2B02:00&end=1554544800", ADMIN, PASSWORD);
        assertThat(a.code()).isEqualTo(202);
        assertThat(a.body().get("status").asText()).isEqualTo("queued");
        assertThat(OffsetDateTime.parse(a.body().get("start").asText()).toInstant())
                .isEqualTo(Instant.parse("2019-04-06T07:45:05.5Z"));
        assertThat(OffsetDateTime.parse(a.body().get("end").asText()).toInstant())
                .isEqualTo(Instant.ofEpochSecond(1554544800));
        await("the manual recovery", Duration.ofSeconds(20), () -> server.monitor().status().numRecovers() > before
                && server.monitor().status().clusterState() == ClusterState.OK);
        assertThat(health(server).get("ClusterNumRecovers").asInt()).isGreaterThan(before);

        TestServers.Answer relative = recover("?start=-10m", ADMIN, PASSWORD);
        assertThat(relative.code()).isEqualTo(202);
        Instant end = OffsetDateTime.parse(relative.body().get("end").asText()).toInstant();
        Instant start = OffsetDateTime.parse(relative.body().get("start").asText()).toInstant();
        assertThat(Duration.between(start, end)).isEqualTo(Duration.ofMinutes(10));
        await("the relative recovery", Duration.ofSeconds(20), () -> server.monitor().status().pending().isEmpty()
                && server.monitor().status().clusterState() == ClusterState.OK);
    }

    @Test
    void theStatusPageIsServedWithoutLoginAndLoadsNothingFromElsewhere() throws Exception {
        for (String path : new String[] {"/", "/status"}) {
            try (okhttp3.Response r = TestServers.HTTP.newCall(new Request.Builder().url(url(server, path)).build())
                    .execute()) {
                assertThat(r.code()).as(path).isEqualTo(200);
                assertThat(r.header("Content-Type")).startsWith("text/html");
                assertThat(r.header("Content-Security-Policy")).contains("default-src 'none'")
                        .contains("script-src 'self'").contains("frame-ancestors 'none'");
                assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
                assertThat(r.header("Cache-Control")).isEqualTo("no-store");
                String html = r.body().string();
                assertThat(html).startsWith("<!DOCTYPE html>").contains("id=\"cluster-state\"")
                        .doesNotContain(TestServers.PASSWORD)
                        .doesNotContainPattern("(src|href|action)=\"(https?:)?//");
            }
        }
        for (String asset : new String[] {StatusPage.SCRIPT, StatusPage.STYLE}) {
            try (okhttp3.Response r = TestServers.HTTP.newCall(new Request.Builder().url(url(server, asset)).build())
                    .execute()) {
                assertThat(r.code()).as(asset).isEqualTo(200);
                assertThat(r.body().string()).isNotBlank().doesNotContain("http://").doesNotContain("https://");
            }
        }
    }

    @Test
    void unknownPathsAre404AndWrongMethods405AsJson() {
        TestServers.Answer nf = get(server, "/api/nothing");
        assertThat(nf.code()).isEqualTo(404);
        assertThat(nf.body().get("error").asText()).contains("/api/nothing");
        TestServers.Answer top = get(server, "/nothing");
        assertThat(top.code()).isEqualTo(404);

        TestServers.Answer postHealth = send(new Request.Builder().url(url(server, "/api/health"))
                .post(RequestBody.create(new byte[0], null)).build());
        assertThat(postHealth.code()).isEqualTo(405);
        assertThat(postHealth.headers().get("Allow")).isEqualTo("GET");
        assertThat(postHealth.body().get("error").asText()).contains("POST");
        TestServers.Answer getRecover = get(server, "/api/action/recover?start=-1h");
        assertThat(getRecover.code()).isEqualTo(405);
        assertThat(getRecover.body().has("error")).isTrue();
    }

    @Test
    void everyRequestIsWrittenToTheAccessLog() throws Exception {
        get(server, "/api/queryactive");
        get(server, "/api/missing");
        Path log = logs.resolve("http_access.log");
        await("access log lines", Duration.ofSeconds(5), () -> {
            try {
                return Files.readString(log).contains("/api/missing 404");
            } catch (java.io.IOException e) {
                return false;
            }
        });
        String last = Files.readAllLines(log).stream().filter(l -> l.contains("/api/missing")).reduce((x, y) -> y)
                .orElseThrow();
        assertThat(last).matches("\\S+Z 127\\.0\\.0\\.1:\\d+ GET /api/missing 404 \\d+\\.\\d{3}ms");
    }

    @Test
    void aMasterOutageShowsInHealthWithItsLastOkFrozen() {
        INFLUX.node(0).kill();
        try {
            await("master down", Duration.ofSeconds(10), () -> !health(server).get("MasterState").asBoolean());
            String frozen = health(server).get("MasterLastOK").asText();
            Fixtures.sleep(600);
            JsonNode h = health(server);
            assertThat(h.get("MasterLastOK").asText()).isEqualTo(frozen);
            assertThat(h.get("SlaveState").asBoolean()).isTrue();
            assertThat(h.get("ClusterState").asText()).isEqualTo("OK");
            assertThat(get(server, "/api/queryactive").body().toString()).isEqualTo("[\"influx02\"]");
        } finally {
            INFLUX.node(0).start();
        }
        await("master back", Duration.ofSeconds(10), () -> health(server).get("MasterState").asBoolean());
    }
}
