package io.syncflux.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.syncflux.core.event.ClusterState;
import io.syncflux.core.testing.Influxd;
import io.syncflux.core.testing.InfluxdExtension;
import okhttp3.Credentials;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import static io.syncflux.server.TestServers.ADMIN;
import static io.syncflux.server.TestServers.PASSWORD;
import static io.syncflux.core.testing.Fixtures.await;
import static io.syncflux.server.TestServers.get;
import static io.syncflux.server.TestServers.send;
import static io.syncflux.server.TestServers.url;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/action/verify} and {@code GET /api/verify} of a real server over two real influxd nodes. */
class VerifyApiIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    static final String DB = "v";
    static final Instant T0 = Instant.parse("2020-01-01T00:00:00Z");
    /** Three 60m chunks (the default data-chuck-duration). */
    static final String WINDOW = "?start=2020-01-01T00:00:00Z&end=2020-01-01T03:00:00Z";

    static SyncfluxServer server;

    @BeforeAll
    static void start() {
        server = SyncfluxServer.builder().config(TestServers.config(INFLUX)).build().start();
        await("cluster OK", Duration.ofSeconds(20),
                () -> server.monitor().status().clusterState() == ClusterState.OK);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @BeforeEach
    void samePointsOnBothNodes() {
        awaitNotRunning();
        for (Influxd n : List.of(INFLUX.node(0), INFLUX.node(1))) {
            n.query("CREATE DATABASE " + DB);
            n.write(DB, null, String.join("\n", line(10, 1), line(70, 2), line(80, 3), line(130, 4)));
        }
    }

    private static String line(int minute, int value) {
        return "m,host=a v=" + value + " " + nanos(minute);
    }

    private static long nanos(int minute) {
        return T0.plus(Duration.ofMinutes(minute)).getEpochSecond() * 1_000_000_000L;
    }

    private static TestServers.Answer verify(String query, String user, String password) {
        Request.Builder b = new Request.Builder().url(url(server, "/api/action/verify" + query))
                .post(RequestBody.create(new byte[0], MediaType.get("text/plain")));
        if (user != null) {
            b.header("Authorization", Credentials.basic(user, password, StandardCharsets.UTF_8));
        }
        return send(b.build());
    }

    private static JsonNode status() {
        TestServers.Answer a = get(server, "/api/verify");
        assertThat(a.code()).isEqualTo(200);
        return a.body();
    }

    private static void awaitNotRunning() {
        await("no verify running", Duration.ofSeconds(30), () -> !status().get("state").asText().equals("running"));
    }

    /** Starts a verify, expects 202 and polls GET /api/verify until it is no longer running. */
    private static JsonNode verifyAndWait(String query) {
        TestServers.Answer a = verify(query, ADMIN, PASSWORD);
        assertThat(a.code()).as(a.text()).isEqualTo(202);
        awaitNotRunning();
        JsonNode s = status();
        assertThat(s.get("state").asText()).as(s.toString()).isEqualTo("done");
        return s;
    }

    private static Instant time(JsonNode n) {
        return OffsetDateTime.parse(n.asText()).toInstant();
    }

    private static long count(Influxd node) {
        String json = node.query(DB, "SELECT COUNT(v) FROM m");
        return Long.parseLong(json.replaceAll("(?s).*\"values\":\\[\\[[^,]+,(\\d+)\\]\\].*", "$1"));
    }

    @Test
    void verifyWithoutOrWithWrongCredentialsIs401() {
        for (TestServers.Answer a : List.of(verify(WINDOW, null, null), verify(WINDOW, ADMIN, "wrong"),
                verify(WINDOW, "root", PASSWORD))) {
            assertThat(a.code()).isEqualTo(401);
            assertThat(a.headers().get("WWW-Authenticate")).startsWith("Basic realm=");
            assertThat(a.body().get("error").asText()).contains("authentication");
        }
        assertThat(status().get("state").asText()).isNotEqualTo("running");
    }

    @Test
    void malformedVerifyParametersAre400WithAOneLineError() {
        for (String q : List.of("", "?start=yesterday", "?start=-1h&end=-2h", "?start=now",
                "?start=-1h&repair=maybe", "?start=-1h&end=%E2%82")) {
            TestServers.Answer a = verify(q, ADMIN, PASSWORD);
            assertThat(a.code()).as(q).isEqualTo(400);
            assertThat(a.body().get("error").asText()).as(q).isNotBlank().doesNotContain("\n")
                    .doesNotContain("Exception");
        }
        assertThat(status().get("state").asText()).isNotEqualTo("running");
    }

    @Test
    void equalNodesAreIdentical() {
        TestServers.Answer a = verify(WINDOW, ADMIN, PASSWORD);
        assertThat(a.code()).isEqualTo(202);
        assertThat(a.body().get("state").asText()).isEqualTo("running");
        assertThat(time(a.body().get("window").get("start"))).isEqualTo(T0);
        assertThat(time(a.body().get("window").get("end"))).isEqualTo(T0.plus(Duration.ofHours(3)));
        assertThat(a.body().get("repair").asBoolean()).isFalse();
        assertThat(a.body().get("identical").isNull()).isTrue();

        awaitNotRunning();
        JsonNode s = status();
        assertThat(s.get("state").asText()).isEqualTo("done");
        assertThat(s.get("identical").asBoolean()).isTrue();
        assertThat(s.get("consistent").asBoolean()).isTrue();
        assertThat(s.get("chunksCompared").asLong()).as("one measurement, three chunks").isEqualTo(3);
        assertThat(s.get("differences").isArray()).isTrue();
        assertThat(s.get("differences")).isEmpty();
        assertThat(s.get("remaining")).isEmpty();
        assertThat(s.get("repairedPoints").asLong()).isZero();
        assertThat(s.get("error").isNull()).isTrue();
        assertThat(time(s.get("finishedAt"))).isAfterOrEqualTo(time(s.get("startedAt")));
    }

    @Test
    void aPointMissingOnTheSlaveIsReportedInItsChunkAndRepairedOnRequest() {
        INFLUX.node(1).query(DB, "DELETE FROM m WHERE time = " + nanos(80));
        assertThat(count(INFLUX.node(1))).isEqualTo(3);

        JsonNode s = verifyAndWait(WINDOW);
        assertThat(s.get("identical").asBoolean()).isFalse();
        assertThat(s.get("consistent").asBoolean()).isFalse();
        assertThat(s.get("differingChunks").asInt()).isEqualTo(1);
        assertThat(s.get("differences")).hasSize(1);
        JsonNode d = s.get("differences").get(0);
        assertThat(d.get("db").asText()).isEqualTo(DB);
        assertThat(d.get("rp").asText()).isEqualTo("autogen");
        assertThat(d.get("measurement").asText()).isEqualTo("m");
        assertThat(time(d.get("start"))).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(time(d.get("end"))).isEqualTo(T0.plus(Duration.ofHours(2)));
        assertThat(d.get("masterPoints").asLong()).isEqualTo(2);
        assertThat(d.get("slavePoints").asLong()).isEqualTo(1);
        assertThat(count(INFLUX.node(1))).as("a verify without repair writes nothing").isEqualTo(3);
        assertThat(Scrape.of(server).value("syncflux_verify_differing_chunks")).isEqualTo(1);

        JsonNode r = verifyAndWait(WINDOW + "&repair=true");
        assertThat(r.get("repair").asBoolean()).isTrue();
        assertThat(r.get("identical").asBoolean()).isFalse();
        assertThat(r.get("consistent").asBoolean()).isTrue();
        assertThat(r.get("repairedPoints").asLong()).isPositive();
        assertThat(r.get("remaining")).isEmpty();
        assertThat(count(INFLUX.node(1))).isEqualTo(4);
        assertThat(INFLUX.node(1).query(DB, "SELECT v FROM m WHERE time = " + nanos(80))).contains(",3]");

        JsonNode again = verifyAndWait(WINDOW);
        assertThat(again.get("identical").asBoolean()).isTrue();
    }

    @Test
    void anyoneSeesTheVerdictAndCountsButSeriesKeysAndValuesNeedTheLogin() {
        INFLUX.node(1).query(DB, "DELETE FROM m WHERE time = " + nanos(80));
        JsonNode open = verifyAndWait(WINDOW);
        assertThat(open.get("identical").asBoolean()).isFalse();
        assertThat(open.get("differingChunks").asInt()).isEqualTo(1);
        assertThat(open.get("differingSeries").asLong()).isEqualTo(1);
        JsonNode chunk = open.get("differences").get(0);
        assertThat(chunk.get("missingOnSlave").asLong()).isEqualTo(1);
        assertThat(chunk.get("differingSeries").asInt()).isEqualTo(1);
        assertThat(chunk.has("series")).isTrue();
        assertThat(chunk.get("series").isNull()).isTrue();
        assertThat(open.get("detail").asText()).contains("admin login");
        assertThat(open.toString()).doesNotContain("host=a").doesNotContain("\"examples\"");

        TestServers.Answer withLogin = send(new Request.Builder().url(url(server, "/api/verify"))
                .header("Authorization", Credentials.basic(ADMIN, PASSWORD, StandardCharsets.UTF_8)).build());
        assertThat(withLogin.code()).isEqualTo(200);
        JsonNode full = withLogin.body();
        assertThat(full.get("detail").isNull()).isTrue();
        JsonNode series = full.get("differences").get(0).get("series");
        assertThat(series).hasSize(1);
        assertThat(series.get(0).get("series").asText()).isEqualTo("m,host=a");
        assertThat(series.get(0).get("examples").toString()).contains("v=3");
        // the same document but for the data
        assertThat(full.get("differingChunks")).isEqualTo(open.get("differingChunks"));
        assertThat(full.get("differences").get(0).get("missingOnSlave")).isEqualTo(chunk.get("missingOnSlave"));

        TestServers.Answer wrong = send(new Request.Builder().url(url(server, "/api/verify"))
                .header("Authorization", Credentials.basic(ADMIN, "wrong", StandardCharsets.UTF_8)).build());
        assertThat(wrong.code()).isEqualTo(401);
        assertThat(wrong.text()).doesNotContain("host=a");
        verifyAndWait(WINDOW + "&repair=true");
    }

    @Test
    void aSecondVerifyWhileOneRunsIs409() {
        Influxd master = INFLUX.node(0);
        master.pause();
        try {
            TestServers.Answer first = verify(WINDOW, ADMIN, PASSWORD);
            assertThat(first.code()).isEqualTo(202);
            TestServers.Answer second = verify(WINDOW + "&repair=true", ADMIN, PASSWORD);
            assertThat(second.code()).isEqualTo(409);
            assertThat(second.headers().get("Content-Type")).startsWith("application/json");
            assertThat(second.body().get("error").asText()).contains("already running").doesNotContain("\n");
            assertThat(status().get("state").asText()).isEqualTo("running");
            assertThat(status().get("repair").asBoolean()).as("the first verify's").isFalse();
        } finally {
            master.resume();
        }
        awaitNotRunning();
        assertThat(status().get("state").asText()).isEqualTo("done");
        assertThat(status().get("identical").asBoolean()).isTrue();
    }
}
