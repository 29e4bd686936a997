package io.syncflux.server;

import io.syncflux.core.api.Selection;
import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.config.SyncfluxConfig;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.report.VerifyReport;
import io.syncflux.core.verify.Verifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs the verifies asked for by {@code POST /api/action/verify} one at a time on a thread of its own,
 * and keeps the last one's {@link VerifyStatus}. Thread-safe.
 */
final class VerifyJobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VerifyJobs.class);

    /** Compares (and repairs) one window; may block for long, and throws on fatal failures. */
    interface Runner {
        VerifyReport verify(TimeWindow window, boolean repair);
    }

    private final Runner runner;
    private final Clock clock;
    private final ServerMetrics metrics;
    private final ExecutorService executor;
    private VerifyStatus status = VerifyStatus.IDLE;
    private boolean closed;
    private final java.util.function.BiConsumer<String, Error> fatal;

    VerifyJobs(Runner runner, Clock clock, ServerMetrics metrics) {
        this(runner, clock, metrics, (what, e) -> { });
    }

    /** @param fatal told (after it is logged) when a verify dies of an {@link Error}: the daemon must end */
    VerifyJobs(Runner runner, Clock clock, ServerMetrics metrics, java.util.function.BiConsumer<String, Error> fatal) {
        this.fatal = Objects.requireNonNull(fatal, "fatal");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "syncflux-verify");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The {@link Verifier} over the config's master and slave, with the {@code [General]} settings
     * (chunk length, retries, workers) and both-way repairs when {@code sync-mode} is {@code twoways}.
     * Each run connects to the nodes anew, so that a verify never shares a client with the monitor.
     */
    static Runner verifier(SyncfluxConfig config, Clock clock) {
        return (window, repair) -> {
            try (InfluxNode master = InfluxNode.connect(config.master());
                 InfluxNode slave = InfluxNode.connect(config.slave())) {
                return Verifier.builder().master(master).slave(slave).selection(Selection.ALL).window(window)
                        .settings(config.general())
                        .repair(repair ? config.general().monitor().repairPolicy() : io.syncflux.core.api.RepairPolicy.NONE)
                        .clock(clock).build().run();
            }
        };
    }

    /**
     * Starts a verify of the window in the background.
     *
     * @return the running verify's status, or null when a verify is already running
     * @throws IllegalStateException after {@link #close()}
     */
    synchronized VerifyStatus submit(TimeWindow window, boolean repair) {
        if (closed) {
            throw new IllegalStateException("the server is stopping");
        }
        if (status.phase() == VerifyStatus.Phase.RUNNING) {
            return null;
        }
        VerifyStatus running = status.start(window, repair, clock.instant());
        try {
            executor.execute(() -> run(running));
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the server is stopping", e);
        }
        status = running;
        LOG.info("verify of {} started{}", window, repair ? " (with repair)" : "");
        return running;
    }

    private void run(VerifyStatus running) {
        try {
            VerifyReport r = runner.verify(running.window(), running.repair());
            // metrics first: a client that sees "done" finds them updated
            metrics.verifyFinished(r);
            finish(running.done(r, clock.instant()));
            LOG.info("verify of {} done: {} chunk(s) compared, {} differing, consistent {}", running.window(),
                    r.chunksCompared(), r.differences().size(), r.consistent());
        } catch (RuntimeException e) {
            String reason = stopping() ? "stopped with the server: " + oneLine(e) : oneLine(e);
            metrics.verifyFailed();
            finish(running.failed(reason, clock.instant()));
            LOG.warn("verify of {} failed: {}", running.window(), reason);
        } catch (Error e) {
            // not survivable: say what was running and end the daemon (its service manager restarts it)
            metrics.verifyFailed();
            finish(running.failed("died of " + e, clock.instant()));
            LOG.error("verify of {} died of {}", running.window(), e.toString(), e);
            fatal.accept("verify of " + running.window(), e);
        }
    }

    private synchronized boolean stopping() {
        return closed;
    }

    private synchronized void finish(VerifyStatus s) {
        status = s;
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** The running verify, else the last one, else {@link VerifyStatus#IDLE}. */
    synchronized VerifyStatus status() {
        return status;
    }

    /** Interrupts a running verify and waits up to 5 s for its thread to end. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("the running verify did not stop within 5 s; leaving its thread behind");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
