package io.syncflux.core;

import io.syncflux.core.api.Selection;
import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.copy.ChunkedCopier;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.syncflux.core.config.NodeConfig;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.report.CopyFailure;
import io.syncflux.core.report.CopyReport;
import io.syncflux.core.testing.DataDump;
import io.syncflux.core.testing.InfluxdExtension;
import io.syncflux.core.testing.RecordingCopyListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Faults a real server will not produce on demand, injected by WireMock in front of real influxd
 * processes: 5xx answers, dropped connections, truncated bodies and timeouts.
 */
class CopyFaultsIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    WireMockServer proxy;
    InfluxNode master;
    InfluxNode slave;
    InfluxNode realSlave;
    Instant w0;
    TimeWindow window;

    @BeforeEach
    void setUp() {
        proxy = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        proxy.start();
        master = InfluxNode.connect(INFLUX.node(0).nodeConfig());
        realSlave = InfluxNode.connect(INFLUX.node(1).nodeConfig());
        INFLUX.node(0).query("CREATE DATABASE f");
        INFLUX.node(1).query("CREATE DATABASE f");
        w0 = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);
        window = new TimeWindow(w0, w0.plus(Duration.ofHours(1)));
        long s = w0.getEpochSecond() * 1_000_000_000L;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 600; i++) {
            long t = s + i * 6_000_000_000L + 17;
            sb.append("good,h=").append(i % 3).append(" v=").append(i).append("i ").append(t).append('\n');
            sb.append("bad_meas v=").append(i * 0.5).append(' ').append(t).append('\n');
        }
        INFLUX.node(0).write("f", null, sb.toString());
    }

    @AfterEach
    void tearDown() {
        proxy.stop();
        master.close();
        realSlave.close();
        if (slave != null) {
            slave.close();
        }
    }

    private static String base(int node) {
        String u = INFLUX.node(node).url();
        return u.substring(0, u.length() - 1);
    }

    /** The slave as seen through the proxy, everything passed on unless a stub says otherwise. */
    private InfluxNode proxiedSlave(Duration timeout) {
        proxy.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(base(1))));
        slave = InfluxNode.connect(NodeConfig.of("influx02", "http://127.0.0.1:" + proxy.port() + "/")
                .withTimeout(timeout).withReadTimeout(timeout));
        return slave;
    }

    /** The master as seen through the proxy. */
    private InfluxNode proxiedMaster(Duration timeout) {
        proxy.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(base(0))));
        return InfluxNode.connect(NodeConfig.of("influx01", "http://127.0.0.1:" + proxy.port() + "/")
                .withTimeout(timeout).withReadTimeout(timeout));
    }

    private static List<String> between(List<String> dump, String measurement) {
        return dump.stream().filter(l -> l.contains("|" + measurement + "|")).toList();
    }

    @Test
    void transient5xxOnWritesIsRetriedAndTheCopyIsExact() {
        InfluxNode dst = proxiedSlave(Duration.ofSeconds(5));
        proxy.stubFor(post(urlPathEqualTo("/write")).atPriority(1).inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503).withBody("{\"error\":\"overloaded\"}")).willSetStateTo("again"));
        proxy.stubFor(post(urlPathEqualTo("/write")).atPriority(1).inScenario("flaky").whenScenarioStateIs("again")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("healthy"));
        List<Duration> slept = Collections.synchronizedList(new ArrayList<>());
        RecordingCopyListener events = new RecordingCopyListener();
        // each chunk read on its own, so that the unit's own retries are seen
        CopyReport report = ChunkedCopier.builder().source(master).destination(dst).window(window)
                .chunk(Duration.ofMinutes(20)).readSpan(Duration.ofMinutes(20)).workers(1)
                .retryDelay(Duration.ofSeconds(7)).maxRetries(3)
                .sleeper(slept::add)
                .listener(events)
                .build().run();
        assertThat(report.ok()).isTrue();
        events.assertEachUnitEndedOnce();
        List<String> retries = events.retries().stream().map(r -> r.attempt() + ":" + r.error()).toList();
        assertThat(retries).hasSize(2);
        assertThat(retries.get(0)).startsWith("1:").contains("influx02").contains("503");
        assertThat(retries.get(1)).startsWith("2:").contains("influx02").contains("reset");
        assertThat(events.retries()).extracting(RecordingCopyListener.Retry::cause)
                .containsExactly(CopyFailure.Cause.WRITE, CopyFailure.Cause.WRITE);
        assertThat(slept).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(7));
        assertThat(DataDump.of(realSlave, "f")).containsExactlyElementsOf(DataDump.of(master, "f"));
    }

    /**
     * Copies {@code good} (600 points in one unit, 6 writes of 100) through a slave whose second write answers
     * 503: the unit is written again from its start, by a retry or, with no retries left, by the recovery pass.
     */
    private void aFailureAfterSomeWritesCountsTheirPointsOnce(int maxRetries) {
        InfluxNode dst = proxiedSlave(Duration.ofSeconds(5));
        proxy.stubFor(post(urlPathEqualTo("/write")).atPriority(1).inScenario("second").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().proxiedFrom(base(1))).willSetStateTo("fail"));
        proxy.stubFor(post(urlPathEqualTo("/write")).atPriority(1).inScenario("second").whenScenarioStateIs("fail")
                .willReturn(aResponse().withStatus(503).withBody("{\"error\":\"overloaded\"}")).willSetStateTo("ok"));
        RecordingCopyListener events = new RecordingCopyListener();
        CopyReport report = ChunkedCopier.builder().source(master).destination(dst).window(window)
                .selection(Selection.of(null, null, "^good$", null, null))
                .chunk(Duration.ofHours(1)).maxPointsPerWrite(100).workers(1).retryDelay(Duration.ZERO)
                .maxRetries(maxRetries).sleeper(d -> { })
                .listener(events)
                .build().run();
        assertThat(report.ok()).isTrue();
        events.assertEachUnitEndedOnce();
        List<String> copied = DataDump.of(realSlave, "f");
        assertThat(copied).hasSize(600).containsExactlyElementsOf(between(DataDump.of(master, "f"), "good"));
        assertThat(report.points()).as("the first write's points count once").isEqualTo(copied.size());
        assertThat(report.retries()).isEqualTo(maxRetries);
        assertThat(events.superseded()).isEqualTo(100);
        assertThat(events.total()).isEqualTo(report.points());
        assertThat(events.supersededBytes()).isPositive();
        assertThat(report.bytes()).as("bytes too count once")
                .isEqualTo(events.writtenBytes() - events.supersededBytes());
    }

    @Test
    void aRetryAfterSomeWritesOfTheUnitCountsTheirPointsOnce() {
        aFailureAfterSomeWritesCountsTheirPointsOnce(1);
    }

    @Test
    void theRecoveryPassAfterSomeWritesOfTheUnitCountsTheirPointsOnce() {
        aFailureAfterSomeWritesCountsTheirPointsOnce(0);
    }

    @Test
    void aFailedReadOfSeveralChunksIsCopiedChunkByChunkAndTheCopyIsExact() {
        InfluxNode dst = proxiedSlave(Duration.ofSeconds(5));
        proxy.stubFor(post(urlPathEqualTo("/write")).atPriority(1).inScenario("once").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503).withBody("{\"error\":\"overloaded\"}")).willSetStateTo("ok"));
        RecordingCopyListener events = new RecordingCopyListener();
        List<Duration> slept = Collections.synchronizedList(new ArrayList<>());
        CopyReport report = ChunkedCopier.builder().source(master).destination(dst).window(window)
                .chunk(Duration.ofMinutes(20)).workers(1).retryDelay(Duration.ofSeconds(7)).maxRetries(3)
                .sleeper(slept::add)
                .listener(events)
                .build().run();
        assertThat(report.ok()).isTrue();
        assertThat(slept).as("the units after the failed read needed no retry").isEmpty();
        assertThat(report.units()).isEqualTo(6);
        assertThat(report.queries()).as("one read per measurement, then one per chunk of the failed read")
                .isEqualTo(2 + 3);
        assertThat(events.assertEachUnitEndedOnce().started()).hasSize(6);
        assertThat(DataDump.of(realSlave, "f")).containsExactlyElementsOf(DataDump.of(master, "f"));
    }

    @Test
    void aPermanentlyFailingMeasurementIsReportedWithExactRangesAndDoesNotTaintOthers() {
        InfluxNode dst = proxiedSlave(Duration.ofSeconds(5));
        proxy.stubFor(post(urlPathEqualTo("/write")).withRequestBody(containing("bad_meas")).atPriority(1)
                .willReturn(aResponse().withStatus(500).withBody("{\"error\":\"disk full\"}")));
        RecordingCopyListener events = new RecordingCopyListener();
        CopyReport report = ChunkedCopier.builder().source(master).destination(dst).window(window)
                .chunk(Duration.ofMinutes(30)).workers(2).retryDelay(Duration.ZERO).maxRetries(2)
                .sleeper(d -> { })
                .listener(events)
                .build().run();
        assertThat(report.ok()).isFalse();
        assertThat(events.assertEachUnitEndedOnce().failed()).hasSize(2);
        // each failed 30m unit was tried again in ten 3m parts, each of which is listed
        assertThat(report.failures()).hasSize(20).allSatisfy(f -> {
            assertThat(f.measurement()).isEqualTo("bad_meas");
            assertThat(f.db()).isEqualTo("f");
            assertThat(f.rp()).isEqualTo("autogen");
            assertThat(Duration.between(f.start(), f.end())).isEqualTo(Duration.ofMinutes(3));
            assertThat(f.error()).contains("influx02").contains("500").contains("disk full");
            assertThat(f.cause()).isEqualTo(CopyFailure.Cause.WRITE);
        });
        assertThat(report.failures()).extracting(CopyFailure::start).first().isEqualTo(w0);
        assertThat(report.failures()).extracting(CopyFailure::end).last().isEqualTo(w0.plus(Duration.ofHours(1)));
        List<String> copied = DataDump.of(realSlave, "f");
        assertThat(between(copied, "good")).containsExactlyElementsOf(between(DataDump.of(master, "f"), "good"));
        assertThat(between(copied, "bad_meas")).isEmpty();

        // once the fault clears, re-running completes and the data is exact
        proxy.resetAll();
        proxy.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(base(1))));
        CopyReport rerun = ChunkedCopier.builder().source(master).destination(dst).window(window)
                .retryDelay(Duration.ZERO).build().run();
        assertThat(rerun.ok()).isTrue();
        assertThat(DataDump.of(realSlave, "f")).containsExactlyElementsOf(DataDump.of(master, "f"));
    }

    @Test
    void readsAskTheMasterForAnUncompressedAnswer() {
        // a gzipped answer costs the master more CPU than the query: the copy's reads must not ask for one
        InfluxNode src = proxiedMaster(Duration.ofSeconds(5));
        try (src) {
            CopyReport report = ChunkedCopier.builder().source(src).destination(realSlave).window(window)
                    .chunk(Duration.ofHours(1)).build().run();
            assertThat(report.ok()).isTrue();
        }
        List<LoggedRequest> reads = proxy.findAll(postRequestedFor(urlPathEqualTo("/query"))
                .withRequestBody(containing("SELECT")));
        assertThat(reads).isNotEmpty().allSatisfy(r -> assertThat(r.getHeader("Accept-Encoding")).isEqualTo("identity"));
        assertThat(DataDump.of(realSlave, "f")).containsExactlyElementsOf(DataDump.of(master, "f"));
    }

    @Test
    void aTruncatedQueryBodyIsAnErrorNeverAShortCopy() {
        InfluxNode src = proxiedMaster(Duration.ofSeconds(5));
        proxy.stubFor(post(urlPathEqualTo("/query")).withRequestBody(containing("SELECT")).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-msgpack")
                        .withBody(new byte[]{(byte) 0x81, (byte) 0xa7, 'r', 'e', 's', 'u', 'l', 't', 's', (byte) 0x91,
                                (byte) 0x82})));
        try (src) {
            CopyReport report = ChunkedCopier.builder().source(src).destination(realSlave).window(window)
                    .chunk(Duration.ofHours(1)).retryDelay(Duration.ZERO).maxRetries(1).sleeper(d -> { })
                    .build().run();
            assertThat(report.ok()).isFalse();
            assertThat(report.failures()).isNotEmpty().allSatisfy(f -> assertThat(f.error()).contains("influx01"));
            assertThat(report.points()).isZero();
        }
    }

    @Test
    void aSlaveThatNeverAnswersTimesOutInsteadOfHanging() {
        InfluxNode dst = proxiedSlave(Duration.ofMillis(500));
        proxy.stubFor(post(urlPathEqualTo("/write")).atPriority(1)
                .willReturn(aResponse().withStatus(204).withFixedDelay(5_000)));
        long t0 = System.nanoTime();
        CopyReport report = ChunkedCopier.builder().source(master).destination(dst).window(window)
                .chunk(Duration.ofHours(1)).retryDelay(Duration.ZERO).maxRetries(1).sleeper(d -> { })
                .selection(Selection.of(null, null, "^good$", null, null))
                .build().run();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
        assertThat(report.ok()).isFalse();
        assertThat(report.failures()).allSatisfy(f -> assertThat(f.error()).contains("timed out"))
                .extracting(CopyFailure::cause).containsOnly(CopyFailure.Cause.TIMEOUT);
    }

    @Test
    void aSlowReadIsWaitedForUpToTheReadTimeoutWhileAHealthCheckKeepsTheShortTimeout() {
        proxy.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(base(0))));
        proxy.stubFor(post(urlPathEqualTo("/query")).atPriority(1)
                .willReturn(aResponse().proxiedFrom(base(0)).withFixedDelay(1_500)));
        proxy.stubFor(any(urlPathEqualTo("/ping")).atPriority(1)
                .willReturn(aResponse().proxiedFrom(base(0)).withFixedDelay(1_500)));
        NodeConfig cfg = NodeConfig.of("influx01", "http://127.0.0.1:" + proxy.port() + "/")
                .withTimeout(Duration.ofMillis(500)).withReadTimeout(Duration.ofSeconds(10));
        assertThat(cfg.effectiveReadTimeout()).isEqualTo(Duration.ofSeconds(10));
        try (InfluxNode src = InfluxNode.connect(cfg)) {
            CopyReport report = ChunkedCopier.builder().source(src).destination(realSlave).window(window)
                    .chunk(Duration.ofHours(1)).maxRetries(0).sleeper(d -> { })
                    .selection(Selection.of(null, null, "^good$", null, null))
                    .build().run();
            assertThat(report.ok()).as("%s", report.failures()).isTrue();
            assertThat(report.retries()).isZero();
            assertThat(report.points()).isEqualTo(600);
            assertThat(DataDump.of(realSlave, "f")).isEqualTo(between(DataDump.of(master, "f"), "good"));
            // the health check keeps the node's short timeout: a slow ping is a node that is down
            assertThat(src.check(java.time.Clock.systemUTC()).ok()).isFalse();
        }
        // and a read slower than the read timeout fails as a timeout naming read-timeout (here already the
        // planner's first query)
        NodeConfig impatient = cfg.withReadTimeout(Duration.ofMillis(600));
        try (InfluxNode src = InfluxNode.connect(impatient)) {
            assertThatThrownBy(() -> ChunkedCopier.builder().source(src).destination(realSlave).window(window)
                    .chunk(Duration.ofHours(1)).maxRetries(0).sleeper(d -> { })
                    .selection(Selection.of(null, null, "^good$", null, null))
                    .build().run())
                    .hasMessageContaining("timed out after 600ms (read-timeout)");
        }
    }
}
