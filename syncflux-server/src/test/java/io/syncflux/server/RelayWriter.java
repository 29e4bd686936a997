package io.syncflux.server;

import io.syncflux.core.testing.Influxd;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes like an InfluxDB relay: every ~20 ms a few points (integers, floats, strings, booleans, ns
 * timestamps = now) to the master and then to the slave; a failed write to the slave is counted and
 * dropped, as a relay without buffering would.
 */
final class RelayWriter implements AutoCloseable {
    private final Influxd master;
    private final Influxd slave;
    private final String db;
    private final Thread thread;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong slaveFailures = new AtomicLong();
    private final AtomicReference<RuntimeException> masterError = new AtomicReference<>();
    private volatile boolean running = true;
    private long lastNs;
    private long n;

    RelayWriter(Influxd master, Influxd slave, String db) {
        this.master = master;
        this.slave = slave;
        this.db = db;
        this.thread = new Thread(this::loop, "relay-writer");
        thread.setDaemon(true);
        thread.start();
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
                master.write(db, null, body);
            } catch (RuntimeException e) {
                masterError.compareAndSet(null, e);
            }
            try {
                slave.write(db, null, body);
            } catch (RuntimeException e) {
                slaveFailures.incrementAndGet();
            }
            batches.incrementAndGet();
            TestServers.sleep(20);
        }
    }

    long batches() {
        return batches.get();
    }

    long slaveFailures() {
        return slaveFailures.get();
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
