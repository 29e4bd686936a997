package io.syncflux.core.verify;

import io.syncflux.core.api.RepairPolicy;
import io.syncflux.core.api.Selection;
import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.api.RepairPolicy;
import io.syncflux.core.config.CopySettings;
import io.syncflux.core.config.MonitorSettings;
import io.syncflux.core.event.Listeners;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.report.AntiEntropyResult;
import io.syncflux.core.report.ChunkDiff;
import io.syncflux.core.report.VerifyReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Continuous anti-entropy for an HA pair: every {@code verify-interval}, compares the last
 * {@code verify-window} of both nodes by content ({@link Verifier}, digest mode) at low priority, and with
 * {@code verify-repair} writes what differs (to the slave; both ways with {@code sync-mode = "twoways"},
 * the master winning a conflict). It heals what window-based recovery cannot see: points written with old
 * timestamps, writes a relay dropped without an outage, a restart no check saw.
 *
 * <p>A pass runs only while {@code mayRun} answers true (both nodes OK, no recovery running), and stops
 * between chunks as soon as it answers false, so an outage recovery never waits for it: the pass then ends
 * {@link AntiEntropyResult.Outcome#YIELDED}. The window ends {@code settle} (default 1m) before now, so
 * that writes still on their way to one node are not taken for differences.
 *
 * <pre>{@code
 * AntiEntropy ae = AntiEntropy.builder().master(m).slave(s).settings(general.monitor()).copySettings(general.copy())
 *         .mayRun(() -> bothOk && !recovering).listener(l).build();
 * ae.start();              // passes every verify-interval on the scheduler
 * ...
 * ae.close();
 * }</pre>
 *
 * <p>Thread-safe. {@link #start()} does nothing when {@code verify-interval} is 0.
 */
public final class AntiEntropy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AntiEntropy.class);

    private final InfluxNode master;
    private final InfluxNode slave;
    private final MonitorSettings.AntiEntropySettings settings;
    private final RepairPolicy repair;
    private final CopySettings copy;
    private final Selection selection;
    private final Duration settle;
    private final Clock clock;
    private final BooleanSupplier mayRun;
    private final AntiEntropyListener listener;
    private final ScheduledExecutorService scheduler;
    private final boolean ownScheduler;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong passes = new AtomicLong();
    private final Object passLock = new Object();
    private volatile AntiEntropyResult last;
    private ScheduledFuture<?> task;
    private final PassGuard guard;
    private final java.util.function.BiConsumer<String, Error> onFatal;
    private final Instant notBefore;

    /**
     * Runs a pass's comparison: e.g. with a marker that holds verifies back after a restart if the process dies
     * during it. The default just runs it.
     */
    @FunctionalInterface
    public interface PassGuard {
        /** Runs {@code pass}, described by {@code activity}, and returns its result. */
        AntiEntropyResult run(String activity, java.util.function.Supplier<AntiEntropyResult> pass);
    }

    private AntiEntropy(Builder b) {
        this.master = Objects.requireNonNull(b.master, "master");
        this.slave = Objects.requireNonNull(b.slave, "slave");
        this.settings = b.settings.antiEntropy();
        this.repair = settings.repair() ? b.settings.repairPolicy() : RepairPolicy.NONE;
        this.copy = b.copy;
        this.selection = b.selection;
        this.settle = b.settle;
        this.clock = b.clock;
        this.mayRun = b.mayRun;
        this.listener = b.listener;
        this.guard = b.guard;
        this.onFatal = b.onFatal;
        this.notBefore = b.notBefore;
        this.ownScheduler = b.scheduler == null;
        this.scheduler = b.scheduler != null ? b.scheduler : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "syncflux-anti-entropy");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Schedules a pass every {@code verify-interval} (the first one interval from now, and not before the
     * {@link Builder#notBefore} time); no-op when it is 0.
     */
    public synchronized void start() {
        if (!settings.enabled() || task != null || closed.get()) {
            return;
        }
        long ms = settings.interval().toMillis();
        long first = ms;
        if (notBefore != null) {
            first = Math.max(ms, Duration.between(clock.instant(), notBefore).toMillis());
            if (first > ms) {
                LOG.warn("anti-entropy: first pass held back until {}", notBefore);
            }
        }
        task = scheduler.scheduleWithFixedDelay(this::safePass, first, ms, TimeUnit.MILLISECONDS);
        LOG.info("anti-entropy: comparing the last {} every {}{}", settings.window(), settings.interval(),
                repair.repairs() ? ", repairing" : "");
    }

    private void safePass() {
        try {
            runPass();
        } catch (RuntimeException e) {
            LOG.error("anti-entropy pass failed unexpectedly", e);
        } catch (Error e) {
            // not survivable: say what was running, stop the passes, and let the owner end the process
            LOG.error("anti-entropy pass died of {}", e.toString(), e);
            if (task != null) {
                task.cancel(false);
            }
            onFatal.accept("anti-entropy pass", e);
        }
    }

    /**
     * Runs one pass now on the calling thread (one at a time: a second caller waits) and returns its result.
     * Never throws for a node failure: that is a {@link AntiEntropyResult.Outcome#FAILED} result.
     */
    public AntiEntropyResult runPass() {
        synchronized (passLock) {
            Instant start = clock.instant();
            Instant end = start.minus(settle);
            TimeWindow w = new TimeWindow(end.minus(settings.window()), end);
            AntiEntropyResult r;
            if (closed.get() || !mayRun.getAsBoolean()) {
                r = empty(start, w, AntiEntropyResult.Outcome.SKIPPED, closed.get() ? "closed"
                        : "a node is not OK or a recovery is running");
                LOG.debug("anti-entropy pass skipped: {}", r.error());
            } else {
                safe(() -> listener.passStarted(w));
                r = guard.run("anti-entropy verify of " + w, () -> compare(start, w));
                log(r);
            }
            passes.incrementAndGet();
            last = r;
            AntiEntropyResult done = r;
            safe(() -> listener.passFinished(done));
            return r;
        }
    }

    private AntiEntropyResult compare(Instant start, TimeWindow w) {
        try {
            VerifyReport v = Verifier.builder().master(master).slave(slave).selection(selection).window(w)
                    .settings(copy).workers(1).threadPriority(Thread.MIN_PRIORITY).clock(clock)
                    .repair(repair)
                    .stopWhen(() -> closed.get() || !mayRun.getAsBoolean()).build().run();
            AntiEntropyResult.Outcome o = !v.complete() ? AntiEntropyResult.Outcome.YIELDED
                    : v.identical() ? AntiEntropyResult.Outcome.IDENTICAL
                    : v.consistent() ? AntiEntropyResult.Outcome.REPAIRED : AntiEntropyResult.Outcome.DIFFERS;
            Map<String, Long> byMeasurement = new TreeMap<>();
            for (ChunkDiff d : v.differences()) {
                byMeasurement.merge(d.target(), 1L, Long::sum);
            }
            return new AntiEntropyResult(start, clock.instant(), w, o, v.differences().size(), v.differingSeries(),
                    v.repair() == null ? 0 : v.repair().pointsWritten(), byMeasurement,
                    v.repair() == null ? Map.of() : v.repair().pointsByMeasurement(),
                    o == AntiEntropyResult.Outcome.YIELDED ? "stopped to let a recovery run" : null);
        } catch (RuntimeException e) {
            return empty(start, w, AntiEntropyResult.Outcome.FAILED, String.valueOf(e.getMessage()));
        }
    }

    private AntiEntropyResult empty(Instant start, TimeWindow w, AntiEntropyResult.Outcome o, String why) {
        return new AntiEntropyResult(start, clock.instant(), w, o, 0, 0, 0, Map.of(), Map.of(), why);
    }

    private static void log(AntiEntropyResult r) {
        switch (r.outcome()) {
            case IDENTICAL -> LOG.info("anti-entropy {}: identical", r.window());
            case REPAIRED -> LOG.warn("anti-entropy {}: {} chunk(s) differed ({}), {} point(s) written, now identical",
                    r.window(), r.differingChunks(), r.differingChunksByMeasurement(), r.pointsRepaired());
            case DIFFERS -> LOG.error("anti-entropy {}: {} chunk(s) differ ({}){}", r.window(), r.differingChunks(),
                    r.differingChunksByMeasurement(), r.pointsRepaired() > 0 ? ", " + r.pointsRepaired()
                            + " point(s) written but not all differences repaired" : "");
            case YIELDED -> LOG.info("anti-entropy {}: stopped to let a recovery run", r.window());
            default -> LOG.error("anti-entropy {}: {}", r.window(), r.error());
        }
    }

    private static void safe(Runnable r) {
        Listeners.call(LOG, "anti-entropy listener", r);
    }

    /** The last pass's result, or null before the first one. */
    public AntiEntropyResult lastResult() {
        return last;
    }

    /** Passes ended so far, skipped ones included. */
    public long passes() {
        return passes.get();
    }

    /** Stops scheduling; a running pass stops at its next chunk. Idempotent. */
    @Override
    public synchronized void close() {
        closed.set(true);
        if (task != null) {
            task.cancel(false);
        }
        if (ownScheduler) {
            scheduler.shutdownNow();
        }
    }

    /** Builds an {@link AntiEntropy}. Master, slave and settings are required. */
    public static final class Builder {
        private InfluxNode master;
        private InfluxNode slave;
        private MonitorSettings settings;
        private CopySettings copy = CopySettings.DEFAULT;
        private Selection selection = Selection.ALL;
        private Duration settle = Duration.ofMinutes(1);
        private Clock clock = Clock.systemUTC();
        private BooleanSupplier mayRun = () -> true;
        private AntiEntropyListener listener = AntiEntropyListener.NONE;
        private ScheduledExecutorService scheduler;
        private PassGuard guard = (activity, pass) -> pass.get();
        private java.util.function.BiConsumer<String, Error> onFatal = (what, e) -> { };
        private Instant notBefore;

        /** Runs each pass's comparison through this guard (default: directly). */
        public Builder guard(PassGuard g) {
            this.guard = Objects.requireNonNull(g, "guard");
            return this;
        }

        /**
         * Told when a pass dies of an {@link Error} (after it is logged; the passes stop): the owner should end
         * the process. Default: nothing more.
         */
        public Builder onFatal(java.util.function.BiConsumer<String, Error> f) {
            this.onFatal = Objects.requireNonNull(f, "onFatal");
            return this;
        }

        /** No pass before this time (e.g. held back after a process died during a verify); null: none. */
        public Builder notBefore(Instant t) {
            this.notBefore = t;
            return this;
        }

        private Builder() {
        }

        /** The reference node; the caller keeps ownership. */
        public Builder master(InfluxNode n) {
            this.master = Objects.requireNonNull(n, "master");
            return this;
        }

        /** The other node; the caller keeps ownership. */
        public Builder slave(InfluxNode n) {
            this.slave = Objects.requireNonNull(n, "slave");
            return this;
        }

        /**
         * {@code verify-interval}, {@code verify-window} and {@code verify-repair} ({@link
         * MonitorSettings#antiEntropy()}); a repair goes both ways with {@code sync-mode = "twoways"} ({@link
         * MonitorSettings#repairPolicy()}). Required.
         */
        public Builder settings(MonitorSettings m) {
            this.settings = Objects.requireNonNull(m, "settings");
            return this;
        }

        /** Chunk length, reads and repair writes (default {@link CopySettings#DEFAULT}). */
        public Builder copySettings(CopySettings c) {
            this.copy = Objects.requireNonNull(c, "copySettings");
            return this;
        }

        /** What to compare (default everything). */
        public Builder selection(Selection s) {
            this.selection = Objects.requireNonNull(s, "selection");
            return this;
        }

        /** How long before now the window ends (default 1m; zero allowed). */
        public Builder settle(Duration d) {
            Objects.requireNonNull(d, "settle");
            if (d.isNegative()) {
                throw new IllegalArgumentException("settle must not be negative, got " + d);
            }
            this.settle = d;
            return this;
        }

        /** The clock giving "now" (default system UTC). */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /**
         * Asked before a pass and before each chunk of it: true when both nodes are OK and no recovery is
         * running. Must be fast and thread-safe. Default: always true.
         */
        public Builder mayRun(BooleanSupplier s) {
            this.mayRun = Objects.requireNonNull(s, "mayRun");
            return this;
        }

        /** Pass events (default none). */
        public Builder listener(AntiEntropyListener l) {
            this.listener = Objects.requireNonNull(l, "listener");
            return this;
        }

        /**
         * Runs the passes on this scheduler; the caller keeps ownership. Default: a private single
         * daemon thread of minimum priority.
         */
        public Builder scheduler(ScheduledExecutorService s) {
            this.scheduler = Objects.requireNonNull(s, "scheduler");
            return this;
        }

        /**
         * Builds it; nothing runs before {@link AntiEntropy#start()} or {@link AntiEntropy#runPass()}.
         *
         * @throws NullPointerException when master, slave or settings is not set
         */
        public AntiEntropy build() {
            Objects.requireNonNull(settings, "settings");
            return new AntiEntropy(this);
        }
    }
}
