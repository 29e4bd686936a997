package io.syncflux.core;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.config.NodeConfig;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.influx.NodeException;
import io.syncflux.core.testing.InfluxdExtension;
import io.syncflux.core.verify.Verifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Answers no InfluxDB sends, from a node, a proxy or a man in the middle (WireMock in front of a real influxd):
 * a few bytes claiming billions of columns, tags, bytes or values. Each read fails with a clear error for that
 * request, naming what the answer claimed, before anything of that size is allocated.
 */
class HostileAnswersIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    WireMockServer proxy;
    InfluxNode hostile;

    /** A hostile answer and what the error must say. */
    record Case(String name, byte[] body, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final byte[] RESULTS_SERIES_ONE = concat(new byte[]{(byte) 0x81}, str("results"),
            new byte[]{(byte) 0x91, (byte) 0x81}, str("series"), new byte[]{(byte) 0x91});
    private static final byte[] HUGE = {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};

    static List<Case> cases() {
        return List.of(
                new Case("2^31 columns", concat(RESULTS_SERIES_ONE, new byte[]{(byte) 0x82}, str("name"), str("m"),
                        str("columns"), new byte[]{(byte) 0xdd}, HUGE), "claims 2147483647 columns"),
                new Case("2^31 tags", concat(RESULTS_SERIES_ONE, new byte[]{(byte) 0x82}, str("name"), str("m"),
                        str("tags"), new byte[]{(byte) 0xdf}, HUGE), "claims 2147483647 tags"),
                new Case("a 2 GiB name", concat(RESULTS_SERIES_ONE, new byte[]{(byte) 0x81}, str("name"),
                        new byte[]{(byte) 0xdb}, HUGE), "claims 2147483647 bytes in a string"),
                new Case("a 4 GiB name", concat(RESULTS_SERIES_ONE, new byte[]{(byte) 0x81}, str("name"),
                        new byte[]{(byte) 0xdb, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}), "4294967295"),
                new Case("a row of 2^31 values", concat(RESULTS_SERIES_ONE, new byte[]{(byte) 0x83}, str("name"),
                        str("m"), str("columns"), new byte[]{(byte) 0x92}, str("time"), str("v"), str("values"),
                        new byte[]{(byte) 0x91, (byte) 0xdd}, HUGE), "a row of 2147483647 values"),
                new Case("a 2 GiB string value", concat(RESULTS_SERIES_ONE, new byte[]{(byte) 0x83}, str("name"),
                        str("m"), str("columns"), new byte[]{(byte) 0x92}, str("time"), str("v"), str("values"),
                        new byte[]{(byte) 0x91, (byte) 0x92, 0x01, (byte) 0xdb}, HUGE),
                        "claims 2147483647 bytes in a string"),
                new Case("a 2 GiB extension", concat(RESULTS_SERIES_ONE, new byte[]{(byte) 0x83}, str("name"),
                        str("m"), str("columns"), new byte[]{(byte) 0x92}, str("time"), str("v"), str("values"),
                        new byte[]{(byte) 0x91, (byte) 0x92, (byte) 0xc9}, HUGE, new byte[]{0x05}),
                        "extension type 5 of 2147483647 bytes"),
                new Case("2^31 rows, none sent", concat(RESULTS_SERIES_ONE, new byte[]{(byte) 0x83}, str("name"),
                        str("m"), str("columns"), new byte[]{(byte) 0x92}, str("time"), str("v"), str("values"),
                        new byte[]{(byte) 0xdd}, HUGE), "influx01"));
    }

    @BeforeEach
    void setUp() {
        proxy = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        proxy.start();
        String u = INFLUX.node(0).url();
        proxy.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(u.substring(0, u.length() - 1))));
        hostile = InfluxNode.connect(NodeConfig.of("influx01", "http://127.0.0.1:" + proxy.port() + "/")
                .withTimeout(Duration.ofSeconds(5)).withReadTimeout(Duration.ofSeconds(5)));
        INFLUX.node(0).query("CREATE DATABASE h");
        INFLUX.node(1).query("CREATE DATABASE h");
        INFLUX.node(0).write("h", null, "m v=1 " + Instant.now().minus(30, ChronoUnit.MINUTES).getEpochSecond()
                + "000000000\n");
    }

    @AfterEach
    void tearDown() {
        hostile.close();
        proxy.stop();
    }

    private void answerSelectsWith(int status, byte[] body) {
        proxy.stubFor(post(urlPathEqualTo("/query")).withRequestBody(containing("SELECT")).atPriority(1)
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/x-msgpack")
                        .withBody(body)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aReadOfAHostileAnswerFailsWithAClearErrorNotAnAllocation(Case c) {
        answerSelectsWith(200, c.body());
        assertThatThrownBy(() -> hostile.stream("h", "SELECT * FROM m GROUP BY *", 10_000, s -> { }))
                .isInstanceOf(NodeException.class)
                .hasMessageContaining("influx01")
                .hasMessageContaining(c.error())
                .satisfies(e -> assertThat(((NodeException) e).retryable()).isTrue());
    }

    @Test
    void aVerifyThroughAHostileProxyFailsAndTheNodeItselfStillAnswers() {
        answerSelectsWith(200, cases().get(0).body());
        TimeWindow w = new TimeWindow(Instant.now().minus(2, ChronoUnit.HOURS), Instant.now());
        try (InfluxNode slave = InfluxNode.connect(INFLUX.node(1).nodeConfig())) {
            assertThatThrownBy(() -> Verifier.builder().master(hostile).slave(slave).window(w).build().run())
                    .isInstanceOf(NodeException.class).hasMessageContaining("claims 2147483647 columns");
            // the same query straight to the node is fine: the error belongs to that answer only
            try (InfluxNode direct = InfluxNode.connect(INFLUX.node(0).nodeConfig())) {
                assertThat(Verifier.builder().master(direct).slave(slave).window(w).build().run().differingSeries())
                        .isEqualTo(1);
            }
        }
    }

    @Test
    void anErrorAnswerClaimingAHugeMapIsReportedWithItsStatus() {
        answerSelectsWith(500, new byte[]{(byte) 0xdf, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        assertThatThrownBy(() -> hostile.stream("h", "SELECT * FROM m", 10_000, s -> { }))
                .isInstanceOf(NodeException.class).hasMessageContaining("HTTP 500");
        answerSelectsWith(500, concat(new byte[]{(byte) 0x81}, str("error"), new byte[]{(byte) 0xdb}, HUGE));
        assertThatThrownBy(() -> hostile.stream("h", "SELECT * FROM m", 10_000, s -> { }))
                .isInstanceOf(NodeException.class).hasMessageContaining("HTTP 500");
    }

    private static byte[] str(String s) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return concat(new byte[]{(byte) (0xa0 | b.length)}, b);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
