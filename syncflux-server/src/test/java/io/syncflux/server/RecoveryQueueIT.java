package io.syncflux.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.config.SyncfluxConfig;
import io.syncflux.core.event.ClusterState;
import io.syncflux.core.journal.RecoveryJournal;
import io.syncflux.core.testing.InfluxdExtension;
import io.syncflux.core.testing.Points;
import okhttp3.Credentials;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.syncflux.server.TestServers.ADMIN;
import static io.syncflux.server.TestServers.JSON;
import static io.syncflux.server.TestServers.PASSWORD;
import static io.syncflux.core.testing.Fixtures.await;
import static io.syncflux.server.TestServers.send;
import static io.syncflux.server.TestServers.url;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hundreds of {@code POST /api/action/recover} against the real daemon while the master is down (so nothing
 * runs and the queue can be read): repeated and overlapping requests merge into one window, disjoint ones
 * queue up to {@code max-queued-recoveries} and get 429 beyond it, the journal holds only the merged
 * windows. Then the master comes back and the slave gets exactly the master's points of the accepted
 * windows, and none of the refused ones.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RecoveryQueueIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    static final int LIMIT = 4;
    SyncfluxServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private TestServers.Answer recover(TimeWindow w) {
        String q = "?start=" + w.start().getEpochSecond() + "&end=" + w.end().getEpochSecond();
        return send(new Request.Builder().url(url(server, "/api/action/recover" + q))
                .header("Authorization", Credentials.basic(ADMIN, PASSWORD, StandardCharsets.UTF_8))
                .post(RequestBody.create(new byte[0], MediaType.get("text/plain"))).build());
    }

    private static TimeWindow window(Instant base, Duration from, Duration to) {
        return new TimeWindow(base.plus(from), base.plus(to));
    }

    private static long count(int node, TimeWindow w) {
        String json = INFLUX.node(node).query("q", "SELECT count(v) FROM m WHERE time >= " + w.startNanos()
                + " AND time < " + w.endNanos());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(",(\\d+)\\]").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    @Test
    void manyRequestsMergeOrGet429AndOnlyTheAcceptedWindowsAreCopied() throws IOException {
        Instant base = Instant.now().minus(Duration.ofHours(12)).truncatedTo(ChronoUnit.MINUTES);
        INFLUX.node(0).query("CREATE DATABASE q");
        INFLUX.node(1).query("CREATE DATABASE q");
        Points.of("m").tag("host", "h", 3).from(base.plusSeconds(30), Duration.ofMinutes(1))
                .write(INFLUX.node(0), "q", 600);

        SyncfluxConfig c = TestServers.config(INFLUX, "max-queued-recoveries = " + LIMIT);
        server = SyncfluxServer.builder().config(c).build().start();
        await("cluster OK", Duration.ofSeconds(20), () -> server.monitor().status().clusterState() == ClusterState.OK);
        INFLUX.node(0).stop();
        await("master seen down", Duration.ofSeconds(20), () -> !server.monitor().status().masterOk());

        // repeated and sliding, overlapping requests: one window
        TimeWindow first = window(base, Duration.ZERO, Duration.ofMinutes(60));
        TimeWindow merged = first;
        for (int i = 0; i < 200; i++) {
            TimeWindow sliding = window(base, Duration.ofSeconds(15L * i), Duration.ofSeconds(15L * i + 1800));
            merged = merged.union(sliding);
            for (TimeWindow w : List.of(first, sliding)) {
                TestServers.Answer a = recover(w);
                assertThat(a.code()).as(a.text()).isEqualTo(202);
                assertThat(a.body().get("waiting").asInt()).isEqualTo(1);
            }
        }
        assertThat(server.monitor().status().pending()).containsExactly(merged);

        // disjoint requests: LIMIT - 1 more fit, the rest are refused
        List<TimeWindow> disjoint = new ArrayList<>();
        int refused = 0;
        for (int k = 0; k < 10; k++) {
            TimeWindow d = window(base, Duration.ofMinutes(180 + 20L * k), Duration.ofMinutes(190 + 20L * k));
            disjoint.add(d);
            TestServers.Answer a = recover(d);
            if (k < LIMIT - 1) {
                assertThat(a.code()).as(a.text()).isEqualTo(202);
                assertThat(a.body().get("status").asText()).isEqualTo("queued");
            } else {
                assertThat(a.code()).as(a.text()).isEqualTo(429);
                assertThat(a.body().get("error").asText()).contains("max-queued-recoveries").doesNotContain("\n");
                refused++;
            }
        }
        assertThat(refused).isEqualTo(10 - (LIMIT - 1));

        // with the queue full, repeats still merge, and a bridge of two windows makes room for one more
        for (int i = 0; i < 100; i++) {
            TestServers.Answer a = recover(disjoint.get(1));
            assertThat(a.code()).isEqualTo(202);
            assertThat(a.body().get("status").asText()).isEqualTo("merged");
        }
        TimeWindow bridged = new TimeWindow(disjoint.get(1).start(), disjoint.get(2).end());
        TestServers.Answer bridge = recover(bridged);
        assertThat(bridge.code()).isEqualTo(202);
        assertThat(bridge.body().get("waiting").asInt()).isEqualTo(LIMIT - 1);
        assertThat(recover(disjoint.get(9)).code()).isEqualTo(202);
        assertThat(recover(disjoint.get(8)).code()).isEqualTo(429);

        List<TimeWindow> accepted = List.of(merged, disjoint.get(0), bridged, disjoint.get(9));
        assertThat(server.monitor().status().pending()).containsExactlyElementsOf(accepted);

        // the journal holds the four windows and nothing else, whatever the number of requests
        Path journal = RecoveryJournal.defaultFile(c.general().datadir(), "influx01", "influx02");
        assertThat(Files.size(journal)).isLessThan(4096);
        JsonNode saved = JSON.readTree(Files.readString(journal));
        assertThat(saved.toString()).contains("manual:");
        assertThat(saved.findValues("to").size()).isEqualTo(accepted.size());

        // the master is back: exactly the accepted windows reach the slave
        INFLUX.node(0).start();
        await("queue drained", Duration.ofSeconds(40), () -> server.monitor().status().pending().isEmpty()
                && server.monitor().status().clusterState() == ClusterState.OK);
        long total = 0;
        for (TimeWindow w : accepted) {
            long master = count(0, w);
            assertThat(master).as("points in " + w).isPositive();
            assertThat(count(1, w)).as("copied " + w).isEqualTo(master);
            total += master;
        }
        for (TimeWindow w : disjoint.subList(3, 9)) {
            assertThat(count(0, w)).isPositive();
            assertThat(count(1, w)).as("refused " + w + " is not copied").isZero();
        }
        assertThat(count(1, window(base, Duration.ZERO, Duration.ofHours(11)))).isEqualTo(total);
    }
}
