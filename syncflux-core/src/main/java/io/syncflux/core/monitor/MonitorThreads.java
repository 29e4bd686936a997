package io.syncflux.core.monitor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of one HA monitor: a scheduler for checks, evaluations and heartbeats, and an executor on
 * which the initial replication, recoveries and the downtime check run one at a time. Each is either the
 * caller's (who keeps ownership) or the monitor's own daemon threads, shut down by {@link #shutdown()}.
 * A task that throws an exception is logged and keeps its schedule; a task that dies of an {@link Error} is
 * logged with what it was doing and handed to the fatal handler (the monitor then stops: an error leaves the
 * process in a state no one can vouch for). Once {@link #close()}d, nothing new is scheduled or submitted.
 * Thread-safe.
 */
public final class MonitorThreads {
    private static final Logger LOG = LoggerFactory.getLogger(MonitorThreads.class);

    private final ScheduledExecutorService scheduler;
    private final boolean ownScheduler;
    private final ExecutorService work;
    private final boolean ownWork;
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
    private final Object lock = new Object();
    private volatile boolean closed;
    private volatile Future<?> current;
    private final java.util.function.BiConsumer<String, Error> fatal;

    /**
     * @param id        names the monitor's own threads ({@code syncflux-monitor-<id>-N}, {@code
     *                  syncflux-recovery-<id>-N})
     * @param scheduler the caller's scheduler, with at least 3 threads so that a hung node does not delay
     *                  the other's check; null for 3 daemon threads of the monitor's own
     * @param work      the caller's executor for the initial replication and recoveries; null for one
     *                  daemon thread of the monitor's own
     */
    public MonitorThreads(String id, ScheduledExecutorService scheduler, ExecutorService work) {
        this(id, scheduler, work, (what, e) -> { });
    }

    /**
     * As {@link #MonitorThreads(String, ScheduledExecutorService, ExecutorService)}, with {@code fatal} told
     * (after the error is logged) when a task dies of an {@link Error}: which task, and the error.
     */
    public MonitorThreads(String id, ScheduledExecutorService scheduler, ExecutorService work,
                          java.util.function.BiConsumer<String, Error> fatal) {
        this.fatal = java.util.Objects.requireNonNull(fatal, "fatal");
        this.ownScheduler = scheduler == null;
        this.scheduler = ownScheduler ? Executors.newScheduledThreadPool(3, daemon("syncflux-monitor-" + id + "-"))
                : scheduler;
        this.ownWork = work == null;
        this.work = ownWork ? Executors.newSingleThreadExecutor(daemon("syncflux-recovery-" + id + "-")) : work;
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Runs {@code r} once on the scheduler after {@code delayMs}. */
    public void schedule(String what, Runnable r, long delayMs) {
        synchronized (lock) {
            if (!closed) {
                tasks.removeIf(Future::isDone);
                tasks.add(scheduler.schedule(guarded(what, r), delayMs, TimeUnit.MILLISECONDS));
            }
        }
    }

    /** Runs {@code r} on the scheduler now and then {@code period} (at least 1 ms) after each run ends. */
    public void every(String what, Runnable r, Duration period) {
        synchronized (lock) {
            if (!closed) {
                long ms = Math.max(1, period.toMillis());
                tasks.add(scheduler.scheduleWithFixedDelay(guarded(what, r), 0, ms, TimeUnit.MILLISECONDS));
            }
        }
    }

    /** Runs {@code r} on the work executor, after the work submitted before it. */
    public void submit(String what, Runnable r) {
        synchronized (lock) {
            if (!closed) {
                current = work.submit(guarded(what, r));
            }
        }
    }

    /** Keeps a periodic task alive whatever exception it throws; an {@link Error} goes to the fatal handler. */
    private Runnable guarded(String what, Runnable r) {
        return () -> {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.error("{} failed: {}", what, e.toString(), e);
            } catch (Error e) {
                LOG.error("{} died of {}: the monitor stops", what, e.toString(), e);
                fatal.accept(what, e);
            }
        };
    }

    /** True once {@link #close()} was called. */
    public boolean closed() {
        return closed;
    }

    /**
     * Schedules and submits nothing more and cancels the scheduled tasks (one running now ends its run).
     *
     * @return false when already closed
     */
    public boolean close() {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            closed = true;
            for (ScheduledFuture<?> f : tasks) {
                f.cancel(false);
            }
            tasks.clear();
            return true;
        }
    }

    /**
     * Waits for the last submitted work to end, then shuts down the monitor's own threads (waiting up to a
     * minute for its work thread and 30 seconds for its scheduler). Call after {@link #close()}.
     */
    public void shutdown() {
        Future<?> last = current;
        try {
            if (last != null) {
                try {
                    last.get();
                } catch (ExecutionException | CancellationException e) {
                    // already logged by guarded()
                }
            }
            if (ownWork) {
                work.shutdown();
                work.awaitTermination(1, TimeUnit.MINUTES);
            }
            if (ownScheduler) {
                scheduler.shutdownNow();
                scheduler.awaitTermination(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
