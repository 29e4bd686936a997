package io.syncflux.server;

import io.syncflux.core.testing.Influxd;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes like an InfluxDB relay in front of a two-way pair: every ~20 ms a few points (ns timestamps =
 * now) to both nodes; a write to a node that is down or slow is dropped, so either node may miss data.
 */
final class TwoWayRelay implements AutoCloseable {
    private final Influxd a;
    private final Influxd b;
    private final String db;
    private final Thread thread;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(300)).build();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean running = true;
    private long lastNs;
    private long n;

    TwoWayRelay(Influxd a, Influxd b, String db) {
        this.a = a;
        this.b = b;
        this.db = db;
        this.thread = new Thread(this::loop, "two-way-relay");
        thread.setDaemon(true);
        thread.start();
    }

    private long nowNs() {
        Instant t = Instant.now();
        lastNs = Math.max(t.getEpochSecond() * 1_000_000_000L + t.getNano(), lastNs + 1);
        return lastNs;
    }

    private void loop() {
        while (running) {
            StringBuilder lines = new StringBuilder();
            for (int host = 0; host < 3; host++) {
                n++;
                lines.append("m,host=h").append(host).append(" i=").append(n).append("i,f=").append(n)
                        .append(".5,s=\"v").append(n).append("\",b=").append(n % 2 == 0).append(' ')
                        .append(nowNs()).append('\n');
            }
            for (Influxd node : new Influxd[] {a, b}) {
                if (!write(node, lines.toString())) {
                    dropped.incrementAndGet();
                }
            }
            TestServers.sleep(20);
        }
    }

    private boolean write(Influxd node, String body) {
        HttpRequest r = HttpRequest.newBuilder(URI.create(node.url() + "write?precision=ns&db=" + db))
                .timeout(Duration.ofMillis(300)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return http.send(r, HttpResponse.BodyHandlers.ofString()).statusCode() == 204;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Batches dropped by a node that did not take them. */
    long dropped() {
        return dropped.get();
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
