package io.syncflux.core.monitor;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.report.VerifyReport;
import io.syncflux.core.report.VerifyStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The verifies an HA monitor runs on request (e.g. {@code POST /api/action/verify}): one at a time, on a
 * thread of its own, keeping the last one's {@link VerifyStatus}. Like the anti-entropy, a verify steps aside
 * for a recovery: it does not start while one runs, and one that is running stops between chunks when a
 * recovery starts, waits until it ended and then compares the window again from its start (what the recovery
 * wrote is then part of the comparison). Thread-safe.
 */
public final class OnDemandVerify implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OnDemandVerify.class);

    /** Compares (and repairs) one window; may block for long, and throws on fatal failures. */
    @FunctionalInterface
    public interface Runner {
        /**
         * @param stopWhen asked between chunks: once true, the verify stops and returns an incomplete report
         */
        VerifyReport verify(TimeWindow window, boolean repair, BooleanSupplier stopWhen);
    }

    private final Runner runner;
    private final Clock clock;
    private final BooleanSupplier recoveryRunning;
    private final Duration poll;
    private final Consumer<VerifyStatus> ended;
    private final BiConsumer<String, Error> fatal;
    private final ExecutorService executor;
    private VerifyStatus status = VerifyStatus.IDLE;
    private volatile boolean closed;

    /**
     * @param runner          runs one comparison
     * @param clock           source of the start and end times
     * @param recoveryRunning true while a recovery runs (fast, thread-safe)
     * @param poll            how often a verify that waits for a recovery asks again
     * @param ended           told of each ended verify (done or failed) before {@link #status()} shows it
     * @param fatal           told (after it is logged) when a verify dies of an {@link Error}
     */
    public OnDemandVerify(Runner runner, Clock clock, BooleanSupplier recoveryRunning, Duration poll,
                          Consumer<VerifyStatus> ended, BiConsumer<String, Error> fatal) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.recoveryRunning = Objects.requireNonNull(recoveryRunning, "recoveryRunning");
        this.poll = Objects.requireNonNull(poll, "poll");
        this.ended = Objects.requireNonNull(ended, "ended");
        this.fatal = Objects.requireNonNull(fatal, "fatal");
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "syncflux-verify");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts a verify of the window in the background.
     *
     * @return the running verify's status, or null when a verify is already running
     * @throws IllegalStateException after {@link #close()}
     */
    public synchronized VerifyStatus submit(TimeWindow window, boolean repair) {
        if (closed) {
            throw new IllegalStateException("the monitor is stopping");
        }
        if (status.phase() == VerifyStatus.Phase.RUNNING) {
            return null;
        }
        VerifyStatus running = status.start(window, repair, clock.instant());
        try {
            executor.execute(() -> run(running));
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the monitor is stopping", e);
        }
        status = running;
        LOG.info("verify of {} started{}", window, repair ? " (with repair)" : "");
        return running;
    }

    private void run(VerifyStatus started) {
        TimeWindow w = started.window();
        try {
            VerifyReport r = null;
            boolean stoppedForRecovery = false;
            while (r == null) {
                awaitNoRecovery(w, stoppedForRecovery);
                VerifyReport attempt = runner.verify(w, started.repair(), () -> closed || recoveryRunning.getAsBoolean());
                if (closed && !attempt.complete()) {
                    throw new IllegalStateException("stopped before the end of the window");
                }
                if (!attempt.complete() && recoveryRunning.getAsBoolean()) {
                    LOG.info("verify of {} steps aside for a recovery; it compares the window again once the "
                            + "recovery ended", w);
                    update(VerifyStatus::steppedAside);
                    stoppedForRecovery = true;
                } else {
                    r = attempt;
                }
            }
            VerifyReport report = r;
            finish(s -> s.done(report, clock.instant()));
            LOG.info("verify of {} done: {} chunk(s) compared, {} differing, consistent {}", w, r.chunksCompared(),
                    r.differences().size(), r.consistent());
        } catch (RuntimeException | InterruptedException e) {
            String reason = closed ? "stopped with the monitor: " + oneLine(e) : oneLine(e);
            finish(s -> s.failed(reason, clock.instant()));
            LOG.warn("verify of {} failed: {}", w, reason);
        } catch (Error e) {
            // not survivable: say what was running and let the owner end the process
            finish(s -> s.failed("died of " + e, clock.instant()));
            LOG.error("verify of {} died of {}", w, e.toString(), e);
            fatal.accept("verify of " + w, e);
        }
    }

    /** Waits while a recovery runs; a wait before the verify started counts as one step aside. */
    private void awaitNoRecovery(TimeWindow w, boolean counted) throws InterruptedException {
        if (!recoveryRunning.getAsBoolean() || closed) {
            return;
        }
        if (!counted) {
            LOG.info("verify of {} waits for the running recovery to end", w);
            update(VerifyStatus::steppedAside);
        }
        while (recoveryRunning.getAsBoolean() && !closed) {
            Thread.sleep(poll.toMillis());
        }
    }

    private synchronized void update(java.util.function.UnaryOperator<VerifyStatus> change) {
        status = change.apply(status);
    }

    /** Tells the owner first, so that one who sees the end in {@link #status()} finds its effects. */
    private void finish(java.util.function.UnaryOperator<VerifyStatus> change) {
        VerifyStatus end;
        synchronized (this) {
            end = change.apply(status);
        }
        try {
            ended.accept(end);
        } catch (RuntimeException e) {
            LOG.warn("verify listener threw: {}", e.toString());
        }
        synchronized (this) {
            status = end;
        }
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** The running verify, else the last one, else {@link VerifyStatus#IDLE}. */
    public synchronized VerifyStatus status() {
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
