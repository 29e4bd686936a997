package io.syncflux.core;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.syncflux.core.api.RepairPolicy;
import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.config.CopySettings;
import io.syncflux.core.config.NodeConfig;
import io.syncflux.core.config.WriteSettings;
import io.syncflux.core.copy.ChunkedCopier;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.influx.Utf8b;
import io.syncflux.core.report.ChunkDiff;
import io.syncflux.core.report.CopyFailure;
import io.syncflux.core.report.CopyReport;
import io.syncflux.core.report.VerifyReport;
import io.syncflux.core.testing.DataDump;
import io.syncflux.core.testing.InfluxdExtension;
import io.syncflux.core.verify.Verifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.syncflux.core.testing.Fixtures.nanos;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plan, read and write path copies, verifies and repairs share, against two real influxd nodes: a repair
 * writes under the rate limit, a verify reads {@code read-span} at a time, and a verify tells apart two
 * measurements whose names differ only in bytes that are not UTF-8, as the copy does.
 */
class PipelineIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    /** A Tuesday: the six hours after it lie in one shard group (7-day groups start on Thursdays). */
    static final Instant W0 = Instant.parse("2024-01-02T00:00:00Z");
    static final TimeWindow WINDOW = new TimeWindow(W0, W0.plus(Duration.ofHours(6)));

    static InfluxNode master;
    static InfluxNode slave;

    @BeforeAll
    static void nodes() {
        master = INFLUX.client(0);
        slave = INFLUX.client(1);
    }

    private static CopySettings settings(int maxPoints, long rate) {
        CopySettings d = CopySettings.DEFAULT;
        return new CopySettings(Duration.ofHours(1), d.readSpan(), 2, d.seriesPerQuery(),
                new WriteSettings(maxPoints, WriteSettings.DEFAULT_MAX_BYTES, rate), d.retry(), d.maxRetention());
    }

    @Test
    void aRepairWritesUnderTheRateLimitAndExactly() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            // 10 series, a point every 2 s, values that must arrive exactly
            sb.append("rate,host=h").append(i % 10).append(" v=").append(i).append("i,f=").append(i * 0.125)
                    .append(",s=\"p").append(i).append("\" ").append(nanos(W0) + i * 2_000_000_000L + 7).append('\n');
        }
        INFLUX.node(0).query("CREATE DATABASE r");
        INFLUX.node(1).query("CREATE DATABASE r");
        INFLUX.node(0).write("r", null, sb.toString());

        long t0 = System.nanoTime();
        VerifyReport r = Verifier.builder().master(master).slave(slave).window(WINDOW).settings(settings(500, 1000))
                .repair(RepairPolicy.ONE_WAY).build().run();
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(r.repair().pointsWritten()).isEqualTo(10_000);
        assertThat(r.repair().ok()).isTrue();
        assertThat(r.consistent()).isTrue();
        // 10,000 points at 1,000 points per second: 10 s, less at most the limiter's one second of slack
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(8));
        assertThat(DataDump.of(slave, "r")).hasSize(10_000).containsExactlyElementsOf(DataDump.of(master, "r"));
    }

    @Test
    void aVerifyReadsReadSpanAtATime() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 360; i++) {
            sb.append("span v=").append(i).append("i ").append(nanos(W0) + i * 60_000_000_000L).append('\n');
        }
        for (int n = 0; n < 2; n++) {
            INFLUX.node(n).query("CREATE DATABASE s");
            INFLUX.node(n).write("s", null, sb.toString());
        }
        assertThat(rangeReads(Duration.ofHours(2))).containsExactly(Duration.ofHours(2), Duration.ofHours(2),
                Duration.ofHours(2));
        assertThat(rangeReads(Duration.ofHours(6))).containsExactly(Duration.ofHours(6));
        assertThat(rangeReads(Duration.ofMinutes(30))).hasSize(6).containsOnly(Duration.ofHours(1));
    }

    /** The spans of the range reads a verify with 1 h chunks and this read span sends the master, in order. */
    private static List<Duration> rangeReads(Duration readSpan) {
        WireMockServer proxy = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        proxy.start();
        String url = INFLUX.node(0).url();
        proxy.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(url.substring(0, url.length() - 1))));
        try (InfluxNode proxied = InfluxNode.connect(NodeConfig.of("influx01", "http://127.0.0.1:" + proxy.port() + "/"))) {
            CopySettings s = settings(20_000, 0);
            VerifyReport r = Verifier.builder().master(proxied).slave(slave).window(WINDOW)
                    .settings(new CopySettings(s.chunk(), readSpan, 1, s.seriesPerQuery(), s.write(), s.retry(),
                            s.maxRetention())).build().run();
            assertThat(r.identical()).isTrue();
            assertThat(r.chunksCompared()).isEqualTo(6);
            Pattern range = Pattern.compile("time >= (\\d+) AND time < (\\d+)");
            List<Duration> spans = new ArrayList<>();
            List<LoggedRequest> reads = new ArrayList<>(proxy.findAll(postRequestedFor(urlPathEqualTo("/query"))));
            reads.sort((a, b) -> a.getLoggedDate().compareTo(b.getLoggedDate()));
            for (LoggedRequest q : reads) {
                Matcher m = range.matcher(URLDecoder.decode(q.getBodyAsString(), StandardCharsets.UTF_8));
                if (m.find()) {
                    spans.add(Duration.ofNanos(Long.parseLong(m.group(2)) - Long.parseLong(m.group(1))));
                }
            }
            return spans;
        } finally {
            proxy.stop();
        }
    }

    /**
     * A real server refuses data under a measurement name that is not UTF-8 (HTTP 500 on its field index), yet
     * keeps the name, and older servers hold such data: the answers that name two such measurements are made
     * by WireMock in front of the real nodes. InfluxQL can name them only by a pattern that matches both, so
     * each read gets the series of both; the copy and the verify keep each measurement's own series alone.
     */
    @Test
    void aVerifyTellsApartNamesThatDifferOnlyInBytesThatAreNotUtf8AsTheCopyDoes() throws Exception {
        long t = nanos(W0.plus(Duration.ofMinutes(10)));
        for (int n = 0; n < 2; n++) {
            // a shard group over the window
            INFLUX.node(n).query("CREATE DATABASE u");
            INFLUX.node(n).write("u", null, "other v=1i " + t);
        }
        byte[] m80 = {'m', (byte) 0x80};
        byte[] mff = {'m', (byte) 0xFF};
        WireMockServer onMaster = lookAlikes(0, points(t, m80, 1, mff, 2));
        WireMockServer onSlave = lookAlikes(1, points(t, m80, 1, mff, 3));
        try (InfluxNode src = InfluxNode.connect(NodeConfig.of("influx01", "http://127.0.0.1:" + onMaster.port() + "/"));
             InfluxNode dst = InfluxNode.connect(NodeConfig.of("influx02", "http://127.0.0.1:" + onSlave.port() + "/"))) {
            CopyReport copy = ChunkedCopier.builder().source(src).destination(dst).window(WINDOW)
                    .settings(settings(20_000, 0)).build().run();
            // line protocol cannot carry these names: each measurement's own point, and only that, is refused
            assertThat(copy.failures()).extracting(CopyFailure::measurement)
                    .containsExactlyInAnyOrder(Utf8b.decode(m80), Utf8b.decode(mff));
            assertThat(copy.failures()).allSatisfy(f -> {
                assertThat(f.rejected()).isTrue();
                assertThat(f.start()).isEqualTo(W0);
                assertThat(f.error()).startsWith("1 point cannot be written");
            });
            assertThat(copy.points()).isZero();

            VerifyReport r = Verifier.builder().master(src).slave(dst).window(WINDOW).settings(settings(20_000, 0))
                    .build().run();
            // one series in each measurement: the look-alike's series are not compared under its name
            assertThat(r.seriesCompared()).isEqualTo(2);
            assertThat(r.differences()).extracting(ChunkDiff::measurement).containsExactly(Utf8b.decode(mff));
            assertThat(r.differences().get(0).valuesDiffer()).isEqualTo(1);
        } finally {
            onMaster.stop();
            onSlave.stop();
        }
    }

    /**
     * A proxy in front of node {@code n} that lists the measurements {@code m\x80} and {@code m\xFF} and answers
     * every read of them (a pattern) with {@code answer}.
     */
    private static WireMockServer lookAlikes(int n, byte[] answer) throws java.io.IOException {
        WireMockServer proxy = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        proxy.start();
        String url = INFLUX.node(n).url();
        proxy.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(url.substring(0, url.length() - 1))));
        MessageBufferPacker names = results(1);
        series(names, "measurements".getBytes(StandardCharsets.UTF_8), List.of("name"), false);
        names.packArrayHeader(2);
        for (int b : new int[]{0x80, 0xFF}) {
            names.packArrayHeader(1);
            names.packRawStringHeader(2);
            names.writePayload(new byte[]{'m', (byte) b});
        }
        proxy.stubFor(post(urlPathEqualTo("/query")).atPriority(1)
                .withRequestBody(matching(".*SHOW(\\+|%20)MEASUREMENTS.*"))
                .willReturn(msgpack(names.toByteArray())));
        proxy.stubFor(post(urlPathEqualTo("/query")).atPriority(1)
                .withRequestBody(matching(".*SELECT.*%2F%5Em.*time(\\+|%20)%3E%3D(\\+|%20)" + nanos(W0) + "(\\+|%20).*"))
                .willReturn(msgpack(answer)));
        return proxy;
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder msgpack(byte[] body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-msgpack").withBody(body);
    }

    /** An answer holding two series of tag host=a, one point each at {@code t}: {@code a} then {@code b}. */
    private static byte[] points(long t, byte[] a, long va, byte[] b, long vb) throws java.io.IOException {
        MessageBufferPacker p = results(2);
        for (Object[] s : new Object[][]{{a, va}, {b, vb}}) {
            series(p, (byte[]) s[0], List.of("time", "v"), true);
            p.packArrayHeader(1);
            p.packArrayHeader(2);
            p.packExtensionTypeHeader((byte) 5, 12);
            p.writePayload(java.nio.ByteBuffer.allocate(12).putLong(Math.floorDiv(t, 1_000_000_000L))
                    .putInt((int) Math.floorMod(t, 1_000_000_000L)).array());
            p.packLong((Long) s[1]);
        }
        return p.toByteArray();
    }

    /** {@code {"results": [{"statement_id": 0, "series": [} with room for {@code count} series. */
    private static MessageBufferPacker results(int count) throws java.io.IOException {
        MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
        p.packMapHeader(1).packString("results").packArrayHeader(1).packMapHeader(2).packString("statement_id")
                .packInt(0).packString("series").packArrayHeader(count);
        return p;
    }

    /** A series' name, tags (host=a when {@code tagged}) and columns, up to the {@code values} key. */
    private static void series(MessageBufferPacker p, byte[] name, List<String> columns, boolean tagged)
            throws java.io.IOException {
        p.packMapHeader(tagged ? 4 : 3).packString("name").packRawStringHeader(name.length);
        p.writePayload(name);
        if (tagged) {
            p.packString("tags").packMapHeader(1).packString("host").packString("a");
        }
        p.packString("columns").packArrayHeader(columns.size());
        for (String c : columns) {
            p.packString(c);
        }
        p.packString("values");
    }

}
