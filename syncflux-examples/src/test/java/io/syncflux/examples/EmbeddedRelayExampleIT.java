package io.syncflux.examples;

import io.syncflux.core.event.ClusterState;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.monitor.HaStatus;
import io.syncflux.core.testing.DataDump;
import io.syncflux.core.testing.Influxd;
import io.syncflux.core.testing.InfluxdExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static io.syncflux.core.testing.Fixtures.await;
import static io.syncflux.core.testing.Fixtures.sleep;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link EmbeddedRelayExample} in front of two real influxd processes. */
class EmbeddedRelayExampleIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    static final String DB = "relay";
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Influxd master;
    Influxd slave;
    EmbeddedRelayExample relay;

    @BeforeEach
    void startRelay() {
        master = INFLUX.node(0);
        slave = INFLUX.node(1);
        master.query("CREATE DATABASE " + DB);
        slave.query("CREATE DATABASE " + DB);
        relay = new EmbeddedRelayExample(master.nodeConfig(), slave.nodeConfig(),
                EmbeddedRelayExample.checksEvery(Duration.ofMillis(200)), 0).start();
        await("cluster OK", Duration.ofSeconds(20), () -> status().clusterState() == ClusterState.OK);
    }

    @AfterEach
    void stopRelay() {
        relay.stop();
    }

    @Test
    void writesThroughASlaveOutageEndOnBothNodesAndQueriesKeepAnswering() {
        try (Writer writer = new Writer()) {
            sleep(500);
            slave.kill();
            await("CHECK_SLAVE_DOWN", Duration.ofSeconds(10),
                    () -> status().clusterState() == ClusterState.CHECK_SLAVE_DOWN);
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> r = query("SELECT count(i) FROM m");
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).contains("\"count\"");
                sleep(100);
            }
            slave.start();
            await("recovered and OK", Duration.ofSeconds(40),
                    () -> status().clusterState() == ClusterState.OK && status().numRecovers() == 1);
            sleep(300);
            writer.close();
            assertThat(writer.failures.get()).as("writes the relay refused").isZero();
            assertThat(writer.written).hasSizeGreaterThan(100);

            try (InfluxNode m = InfluxNode.connect(master.nodeConfig());
                 InfluxNode s = InfluxNode.connect(slave.nodeConfig())) {
                List<String> onMaster = DataDump.of(m, DB);
                assertThat(DataDump.of(s, DB)).isEqualTo(onMaster);
                Set<String> times = onMaster.stream().map(l -> l.split("\\|")[3]).collect(Collectors.toSet());
                assertThat(onMaster).hasSameSizeAs(writer.written);
                assertThat(times).isEqualTo(writer.written);
            }
        }
        assertThat(status().pointsRecovered()).isPositive();
        assertThat(status().pending()).isEmpty();
    }

    @Test
    void queriesGoToTheMasterAndToTheSlaveWhileTheMasterIsDown() {
        master.write(DB, null, "where node=\"master\" 1000000000");
        slave.write(DB, null, "where node=\"slave\" 1000000000");
        assertThat(query("SELECT node FROM \"where\"").body()).contains("\"master\"");

        master.kill();
        await("master inactive", Duration.ofSeconds(10), () -> status().activeNodes().equals(List.of("influx02")));
        assertThat(query("SELECT node FROM \"where\"").body()).contains("\"slave\"");
        master.start();
        await("master active", Duration.ofSeconds(10), () -> status().activeNodes().size() == 2);
        assertThat(query("SELECT node FROM \"where\"").body()).contains("\"master\"");
    }

    @Test
    void pingsAnswerAndAWriteNoNodeTakesGetsTheNodesError() {
        assertThat(send("GET", "/ping", null).statusCode()).isEqualTo(204);
        HttpResponse<String> missingDb = send("POST", "/write?db=nosuchdb", "m v=1");
        assertThat(missingDb.statusCode()).isEqualTo(404);
        assertThat(missingDb.body()).contains("database not found");
        assertThat(send("POST", "/write?db=" + DB, "not line protocol").statusCode()).isEqualTo(400);
        assertThat(send("GET", "/write?db=" + DB, null).statusCode()).isEqualTo(405);
    }

    /** Writes 3 points with unique ns timestamps through the relay every ~20 ms; remembers what got 204. */
    final class Writer implements AutoCloseable {
        final Set<String> written = ConcurrentHashMap.newKeySet();
        final AtomicLong failures = new AtomicLong();
        private final Thread thread = new Thread(this::loop, "relay-client");
        private volatile boolean running = true;
        private long lastNs;
        private long n;

        Writer() {
            thread.start();
        }

        private void loop() {
            while (running) {
                StringBuilder body = new StringBuilder();
                List<String> times = new java.util.ArrayList<>();
                for (int host = 0; host < 3; host++) {
                    n++;
                    Instant t = Instant.now();
                    lastNs = Math.max(t.getEpochSecond() * 1_000_000_000L + t.getNano(), lastNs + 1);
                    times.add(Long.toString(lastNs));
                    body.append("m,host=h").append(host).append(" i=").append(n).append("i,f=").append(n)
                            .append(".5,s=\"v ").append(n).append("\",b=").append(n % 2 == 0).append(' ')
                            .append(lastNs).append('\n');
                }
                try {
                    if (send("POST", "/write?db=" + DB + "&precision=ns", body.toString()).statusCode() == 204) {
                        written.addAll(times);
                    } else {
                        failures.incrementAndGet();
                    }
                } catch (UncheckedIOException e) {
                    failures.incrementAndGet();
                }
                sleep(20);
            }
        }

        @Override
        public void close() {
            running = false;
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private HaStatus status() {
        return relay.monitor().status();
    }

    private HttpResponse<String> query(String q) {
        return send("GET", "/query?db=" + DB + "&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), null);
    }

    private HttpResponse<String> send(String method, String pathAndQuery, String body) {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + relay.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(15))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return http.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
