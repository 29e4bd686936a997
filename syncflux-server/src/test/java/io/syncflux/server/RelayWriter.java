package io.syncflux.server;

import io.syncflux.core.testing.Fixtures;
import io.syncflux.core.testing.Influxd;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes like an InfluxDB relay: every ~20 ms a few points (integers, floats, strings, booleans, ns
 * timestamps = now) to the master and then to the slave; a failed write to the slave is counted and
 * dropped, as a relay without buffering would. In front of a two-way pair ({@link #twoWay}) a failed
 * write to either node is dropped.
 */
final class RelayWriter implements AutoCloseable {
    private final Influxd master;
    private final Influxd slave;
    private final String db;
    private final Thread thread;
    private final java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
            .connectTimeout(java.time.Duration.ofMillis(300)).build();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong slaveFailures = new AtomicLong();
    private final AtomicLong masterFailures = new AtomicLong();
    private final boolean masterMayFail;
    private final AtomicReference<RuntimeException> masterError = new AtomicReference<>();
    private volatile boolean running = true;
    private long lastNs;
    private long n;

    RelayWriter(Influxd master, Influxd slave, String db) {
        this(master, slave, db, false);
    }

    private RelayWriter(Influxd master, Influxd slave, String db, boolean masterMayFail) {
        this.masterMayFail = masterMayFail;
        this.master = master;
        this.slave = slave;
        this.db = db;
        this.thread = new Thread(this::loop, "relay-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** A relay in front of a two-way pair: either node may miss writes. */
    static RelayWriter twoWay(Influxd a, Influxd b, String db) {
        return new RelayWriter(a, b, db, true);
    }

    private long nowNs() {
        Instant t = Instant.now();
        long ns = t.getEpochSecond() * 1_000_000_000L + t.getNano();
        lastNs = Math.max(ns, lastNs + 1);
        return lastNs;
    }

    private void loop() {
        while (running) {
            StringBuilder lines = new StringBuilder();
            for (int host = 0; host < 3; host++) {
                n++;
                lines.append("m,host=h").append(host).append(",dc=eu ")
                        .append("i=").append(n).append("i,f=").append(n).append(".25,s=\"v ").append(n)
                        .append(" \\\"q\\\"\",b=").append(n % 2 == 0).append(' ').append(nowNs()).append('\n');
            }
            String body = lines.toString();
            try {
                if (masterMayFail) {
                    writeWithTimeout(master, body);
                } else {
                    master.write(db, null, body);
                }
            } catch (RuntimeException e) {
                if (masterMayFail) {
                    masterFailures.incrementAndGet();
                } else {
                    masterError.compareAndSet(null, e);
                }
            }
            try {
                writeWithTimeout(slave, body);
            } catch (RuntimeException e) {
                slaveFailures.incrementAndGet();
            }
            batches.incrementAndGet();
            Fixtures.sleep(20);
        }
    }

    /** Like a relay, gives up on a node that does not answer quickly (a hung node). */
    private void writeWithTimeout(Influxd node, String body) {
        java.net.http.HttpRequest r = java.net.http.HttpRequest.newBuilder(java.net.URI.create(node.url()
                        + "write?precision=ns&db=" + db))
                .timeout(java.time.Duration.ofMillis(300))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            java.net.http.HttpResponse<String> resp = http.send(r, java.net.http.HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() != 204) {
                throw new IllegalStateException("write -> " + resp.statusCode() + " " + resp.body());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    long batches() {
        return batches.get();
    }

    long slaveFailures() {
        return slaveFailures.get();
    }

    /** Batches dropped by a node that did not take them (either node). */
    long dropped() {
        return masterFailures.get() + slaveFailures.get();
    }

    /** Stops writing and fails when a write to the master failed. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (masterError.get() != null) {
            throw new AssertionError("a write to the master failed", masterError.get());
        }
    }
}
