package io.syncflux.core;

import io.syncflux.core.api.RepairPolicy;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.config.NodeConfig;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.influx.Influxql;
import io.syncflux.core.report.VerifyReport;
import io.syncflux.core.testing.DataDump;
import io.syncflux.core.testing.InfluxdExtension;
import io.syncflux.core.verify.Verifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A verify read cut short in the middle of its answer (a fault influxd will not make on demand: WireMock in front
 * of a real master serves a prefix of the master's real answer once) is tried again and resumes after the last
 * series it had compared: every difference is reported once and every missing point written once.
 */
class VerifyRetryIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    static final int SERIES = 200;

    WireMockServer proxy;
    InfluxNode master;
    TimeWindow window;

    @BeforeEach
    void setUp() {
        proxy = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        proxy.start();
        String u = INFLUX.node(0).url();
        proxy.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(u.substring(0, u.length() - 1))));
        master = InfluxNode.connect(NodeConfig.of("influx01", "http://127.0.0.1:" + proxy.port() + "/")
                .withTimeout(Duration.ofSeconds(10)));
        Instant start = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);
        window = new TimeWindow(start, start.plus(Duration.ofHours(1)));
        StringBuilder m = new StringBuilder();
        StringBuilder s = new StringBuilder();
        long t = window.startNanos();
        for (int i = 0; i < SERIES; i++) {
            for (int k = 0; k < 3; k++) {
                String line = "m,host=h" + i + " v=" + (i * 3 + k) + "i " + (t + k * 60_000_000_000L + i) + "\n";
                m.append(line);
                // every tenth series lacks its middle point on the slave
                if (i % 10 != 0 || k != 1) {
                    s.append(line);
                }
            }
        }
        for (int i = 0; i < 2; i++) {
            INFLUX.node(i).query("CREATE DATABASE r");
        }
        INFLUX.node(0).write("r", null, m.toString());
        INFLUX.node(1).write("r", null, s.toString());
    }

    @AfterEach
    void tearDown() {
        master.close();
        proxy.stop();
    }

    /** The master's real answer to the verify's read, as MessagePack, chunked as the verify asks for it. */
    private byte[] realAnswer() throws Exception {
        String q = "SELECT * FROM " + Influxql.from("r", "autogen", "m") + " WHERE time >= " + window.startNanos()
                + " AND time < " + window.endNanos() + " GROUP BY *";
        String form = "db=r&chunked=true&chunk_size=10000&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(INFLUX.node(0).url()
                        + "query")).header("Accept", "application/x-msgpack")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    @Test
    void aReadCutShortResumesAfterTheSeriesItHadComparedAndRepairsEachPointOnce() throws Exception {
        byte[] answer = realAnswer();
        byte[] cut = Arrays.copyOf(answer, answer.length * 3 / 5);
        proxy.stubFor(post(urlPathEqualTo("/query")).withRequestBody(containing("SELECT")).atPriority(1)
                .inScenario("cut").whenScenarioStateIs(STARTED).willSetStateTo("cut once")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-msgpack")
                        .withBody(cut)));
        AtomicInteger sleeps = new AtomicInteger();
        try (InfluxNode slave = InfluxNode.connect(INFLUX.node(1).nodeConfig())) {
            VerifyReport r = Verifier.builder().master(master).slave(slave).window(window).chunk(Duration.ofHours(1))
                    .repair(RepairPolicy.ONE_WAY).retryDelay(Duration.ofMillis(1)).sleeper(d -> sleeps.incrementAndGet()).build().run();
            assertThat(sleeps.get()).as("one retry").isEqualTo(1);
            // the read cut short, the read tried again, and the check of the repaired chunk
            proxy.verify(3, postRequestedFor(urlPathEqualTo("/query")).withRequestBody(containing("SELECT%20*")));
            assertThat(r.seriesCompared()).isEqualTo(SERIES);
            assertThat(r.differingSeries()).isEqualTo(SERIES / 10);
            assertThat(r.differences()).singleElement().satisfies(d -> {
                assertThat(d.missingOnSlave()).isEqualTo(SERIES / 10);
                assertThat(d.differingSeries()).isEqualTo(SERIES / 10);
            });
            assertThat(r.repair().pointsToSlave()).isEqualTo(SERIES / 10);
            assertThat(r.consistent()).isTrue();
            assertThat(DataDump.of(slave, "r")).isEqualTo(DataDump.of(INFLUX.client(0), "r"));
        }
    }

    @Test
    void aReadThatKeepsFailingFailsTheVerifyAfterItsRetries() {
        proxy.stubFor(post(urlPathEqualTo("/query")).withRequestBody(containing("SELECT")).atPriority(1)
                .willReturn(aResponse().withStatus(503).withBody("overloaded")));
        AtomicInteger sleeps = new AtomicInteger();
        try (InfluxNode slave = InfluxNode.connect(INFLUX.node(1).nodeConfig())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Verifier.builder().master(master).slave(slave)
                            .window(window).maxRetries(2).sleeper(d -> sleeps.incrementAndGet()).build().run())
                    .isInstanceOf(io.syncflux.core.influx.NodeException.class).hasMessageContaining("HTTP 503");
            assertThat(sleeps.get()).isEqualTo(2);
        }
    }
}
