package io.syncflux.core;

import io.syncflux.core.config.GeneralConfig;
import io.syncflux.core.config.GoDuration;
import io.syncflux.core.config.NodeConfig;
import io.syncflux.core.config.NodePair;
import io.syncflux.core.config.SyncMode;
import io.syncflux.core.config.SyncfluxConfig;
import io.syncflux.core.event.CopyListener;
import io.syncflux.core.event.MonitorListener;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.influx.NodeHealth;
import io.syncflux.core.journal.RecoveryJournal;
import io.syncflux.core.monitor.ClusterState;
import io.syncflux.core.monitor.Decision;
import io.syncflux.core.monitor.HaStateMachine;
import io.syncflux.core.monitor.HaStatus;
import io.syncflux.core.monitor.LastVerify;
import io.syncflux.core.monitor.MonitorJournal;
import io.syncflux.core.monitor.RecoveryJob;
import io.syncflux.core.monitor.RecoveryRunner;
import io.syncflux.core.monitor.StartupReplication;
import io.syncflux.core.monitor.WindowCheck;
import io.syncflux.core.verify.AntiEntropy;
import io.syncflux.core.verify.AntiEntropyListener;
import io.syncflux.core.verify.AntiEntropyResult;
import io.syncflux.core.event.Listeners;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Watches a master/slave pair of InfluxDB 1.x nodes (written to by a relay) and copies to the slave
 * the data it missed while it was down; with {@code sync-mode = "twoways"}, also to the master from the
 * slave.
 *
 * <pre>{@code
 * HaMonitor monitor = HaMonitor.builder().config(ConfigLoader.load(path)).listener(myListener).build();
 * monitor.start();
 * HaStatus s = monitor.status();
 * monitor.stop();
 * }</pre>
 *
 * <p>After {@link #start()}, the monitor checks both nodes every {@code monitor-retry-interval} until
 * both answer (an outage counts from the start already), runs the {@code initial-replication} ({@link
 * StartupReplication}: what fails is owed), then checks each node every {@code check-interval} (a node that
 * answers as another server process restarted in between) and evaluates the cluster every {@code
 * min-sync-interval} (see {@link HaStateMachine} for the rules). Recoveries run one at a time on their own
 * thread ({@link RecoveryRunner}): the schema is refreshed, the missed window copied with {@link
 * ChunkedCopier}, then compared by content and repaired ({@link HaStatus#lastVerify()}); a window that
 * still differs stays owed. With {@code verify-interval}, a background content check ({@link
 * AntiEntropy}) heals what no outage window covers.
 *
 * <p>With a {@link Builder#journal journal}, open outages and owed windows are written (and forced to
 * disk) before anything acts on them, and every copied unit is marked done as the copy goes: a monitor
 * killed during an outage or mid-recovery resumes at its next start exactly what is still owed,
 * skipping units already copied. A heartbeat is written every {@code min-sync-interval}; at start, the
 * monitor's own downtime {@code [lastHeartbeat - check-interval, start)} is verified and repaired once
 * both nodes answer and the windows the journal owed are recovered (see {@link HaStatus#downtimeVerify()}).
 * Until that check is done, no heartbeat is written, so a downtime is never forgotten by a second crash
 * (see {@link MonitorJournal}).
 *
 * <p>Thread-safe. Two monitors in one JVM share nothing.
 */
public final class HaMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HaMonitor.class);

    private final NodeConfig masterConfig;
    private final NodeConfig slaveConfig;
    private final GeneralConfig settings;
    private final Clock clock;
    private final MonitorListener listener;
    private final HaStateMachine machine;
    private final ScheduledExecutorService scheduler;
    private final boolean ownScheduler;
    private final ExecutorService recoveryExecutor;
    private final boolean ownRecoveryExecutor;
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
    private final Object lifecycle = new Object();
    private InfluxNode master;
    private InfluxNode slave;
    private volatile boolean started;
    private volatile boolean stopped;
    private volatile Future<?> currentWork;
    private final java.nio.file.Path journalFile;
    private final Duration margin;
    private final RecoveryRunner runner;
    private volatile MonitorJournal journal;
    private volatile boolean downtimeChecking;
    private volatile LastVerify downtimeVerify;
    private volatile Instant trackingSince;
    private volatile AntiEntropy antiEntropy;

    private HaMonitor(Builder b) {
        this.masterConfig = Objects.requireNonNull(b.master, "master");
        this.slaveConfig = Objects.requireNonNull(b.slave, "slave");
        this.settings = b.settings != null ? b.settings : GeneralConfig.defaults();
        this.clock = b.clock;
        this.listener = b.listener;
        this.margin = b.margin != null ? b.margin : settings.checkInterval();
        this.machine = new HaStateMachine(masterConfig.name(), slaveConfig.name(), margin, clock, listener,
                settings.syncMode());
        String id = masterConfig.name() + "-" + slaveConfig.name();
        this.ownScheduler = b.scheduler == null;
        this.scheduler = ownScheduler ? Executors.newScheduledThreadPool(3, daemon("syncflux-monitor-" + id + "-"))
                : b.scheduler;
        this.journalFile = b.journal;
        this.journal = MonitorJournal.none(machine);
        this.runner = new RecoveryRunner(machine, settings, clock, listener, b.copyListener, this::persist);
        this.ownRecoveryExecutor = b.recoveryExecutor == null;
        this.recoveryExecutor = ownRecoveryExecutor
                ? Executors.newSingleThreadExecutor(daemon("syncflux-recovery-" + id + "-")) : b.recoveryExecutor;
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** A new builder; master and slave (or a config) are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts monitoring in the background and returns at once.
     *
     * @throws IllegalStateException when called twice or after {@link #stop()}
     */
    public void start() {
        synchronized (lifecycle) {
            if (started || stopped) {
                throw new IllegalStateException("an HaMonitor starts once");
            }
            started = true;
            openJournal();
            // outages count from here (or from the last heartbeat of a monitor that was down), also before
            // both nodes have answered once: a slave down at start owes what the relay sent it meanwhile
            trackingSince = journal.downtime().map(TimeWindow::start).orElse(clock.instant());
            machine.startTracking(trackingSince);
            master = InfluxNode.connect(masterConfig);
            slave = InfluxNode.connect(slaveConfig);
            LOG.info("HA monitor starting: master {} ({}), slave {} ({}), check every {}, evaluate every {}",
                    masterConfig.name(), masterConfig.location(), slaveConfig.name(), slaveConfig.location(),
                    GoDuration.format(settings.checkInterval()), GoDuration.format(settings.minSyncInterval()));
            schedule(() -> awaitNodes(), 0);
            every("heartbeat", journal::heartbeat, settings.minSyncInterval());
        }
    }

    private void openJournal() {
        journal = journalFile == null ? MonitorJournal.none(machine) : MonitorJournal.open(journalFile, machine, clock,
                masterConfig.name(), slaveConfig.name(), settings.checkInterval());
    }

    private void schedule(Runnable r, long delayMs) {
        synchronized (lifecycle) {
            if (!stopped) {
                tasks.removeIf(Future::isDone);
                tasks.add(scheduler.schedule(guarded("startup", r), delayMs, TimeUnit.MILLISECONDS));
            }
        }
    }

    private void every(String what, Runnable r, Duration period) {
        synchronized (lifecycle) {
            if (!stopped) {
                long ms = Math.max(1, period.toMillis());
                tasks.add(scheduler.scheduleWithFixedDelay(guarded(what, r), 0, ms, TimeUnit.MILLISECONDS));
            }
        }
    }

    /** Keeps a periodic task alive whatever it throws. */
    private static Runnable guarded(String what, Runnable r) {
        return () -> {
            try {
                r.run();
            } catch (RuntimeException | LinkageError e) {
                LOG.error("{} failed: {}", what, e.toString(), e);
            }
        };
    }

    private void awaitNodes() {
        if (stopped) {
            return;
        }
        NodeHealth m = master.check(clock);
        NodeHealth s = slave.check(clock);
        machine.masterChecked(m);
        machine.slaveChecked(s);
        if (m.ok() && s.ok()) {
            LOG.info("master {} ({}) and slave {} ({}) answer", m.node(), m.version(), s.node(), s.version());
            machine.nodesAnswered();
            persist();
            every("master check", () -> decided(machine.masterChecked(master.check(clock))), settings.checkInterval());
            every("slave check", () -> decided(machine.slaveChecked(slave.check(clock))), settings.checkInterval());
            submit(this::initialReplication);
            return;
        }
        LOG.warn("waiting for both nodes to answer, retrying in {}: {}{}",
                GoDuration.format(settings.monitorRetryInterval()),
                m.ok() ? "" : "master " + m.error() + (s.ok() ? "" : "; "),
                s.ok() ? "" : "slave " + s.error());
        schedule(this::awaitNodes, settings.monitorRetryInterval().toMillis());
    }

    private void submit(Runnable r) {
        synchronized (lifecycle) {
            if (!stopped) {
                currentWork = recoveryExecutor.submit(guarded("recovery", r));
            }
        }
    }

    private void initialReplication() {
        new StartupReplication(machine, settings, clock, listener, runner)
                .run(master, slave, trackingSince.minus(margin), () -> stopped);
        persist();
        if (stopped) {
            return;
        }
        machine.ready();
        every("supervisor", this::supervise, settings.minSyncInterval());
        startAntiEntropy();
    }

    /**
     * The background content check ({@code verify-interval}); it runs only while the cluster is OK with
     * both nodes answering, and yields at once to a recovery.
     */
    private void startAntiEntropy() {
        synchronized (lifecycle) {
            if (stopped || !settings.verifyEnabled()) {
                return;
            }
            antiEntropy = AntiEntropy.builder().master(master).slave(slave).settings(settings).clock(clock)
                    .mayRun(() -> {
                        HaStatus s = machine.status();
                        return !stopped && s.clusterState() == ClusterState.OK && s.masterOk() && s.slaveOk();
                    })
                    .listener(new AntiEntropyListener() {
                        @Override
                        public void passFinished(AntiEntropyResult result) {
                            safe(() -> listener.antiEntropyPassed(result));
                        }
                    }).build();
            antiEntropy.start();
        }
    }

    private void supervise() {
        decided(machine.tick());
        // the downtime is checked once what the journal owed is recovered, so that it checks what is left
        if (journal.downtime().isPresent() && !downtimeChecking && machine.state() == ClusterState.OK) {
            downtimeChecking = true;
            submit(this::verifyDowntime);
        }
    }

    /** Journals what the machine just decided, then acts on it. */
    private void decided(Decision d) {
        persist();
        apply(d);
    }

    private void verifyDowntime() {
        TimeWindow w = journal.downtime().orElseThrow();
        boolean twoWays = settings.syncMode() == SyncMode.TWOWAYS;
        LOG.info("verifying the monitor's own downtime {} ({})", w, twoWays ? "repairing both ways" : "repairing the slave");
        LastVerify v = WindowCheck.run("downtime", master, slave, w, true, twoWays, settings, clock);
        downtimeVerify = v;
        if (v.error() == null) {
            journal.downtimeChecked();
        }
        safe(() -> listener.verified(v));
    }

    private InfluxNode node(String name) {
        return name.equals(master.name()) ? master : slave;
    }

    private void apply(Decision d) {
        if (d.cancel()) {
            runner.cancel();
        }
        if (d.start() != null) {
            RecoveryJob job = d.start();
            submit(() -> runner.run(job, node(job.from()), node(job.to())));
        }
    }

    /** A snapshot of the cluster's state and counters; cheap, never blocks on a node. */
    public HaStatus status() {
        AntiEntropy ae = antiEntropy;
        return machine.status().withReports(runner.lastVerify(), downtimeVerify, journal.problem())
                .withAntiEntropy(ae == null ? null : ae.lastResult());
    }

    /**
     * Queues a recovery of this window (copied after any window owed by an outage). It starts at the
     * next supervisor evaluation at which both nodes answer.
     */
    public void requestRecovery(TimeWindow window) {
        machine.requestRecovery(window);
        persist();
    }

    /** Journals the machine's durable state when it changed. */
    private void persist() {
        journal.persist();
    }

    /**
     * Stops monitoring: cancels a running copy, waits for it to end (the unfinished window stays in
     * {@link HaStatus#pending()}), stops the checks and closes the node clients. Idempotent.
     */
    public void stop() {
        synchronized (lifecycle) {
            if (stopped) {
                return;
            }
            stopped = true;
            machine.stopping();
            for (ScheduledFuture<?> f : tasks) {
                f.cancel(false);
            }
            tasks.clear();
        }
        runner.cancel();
        AntiEntropy ae = antiEntropy;
        if (ae != null) {
            ae.close();
        }
        Future<?> work = currentWork;
        try {
            if (work != null) {
                try {
                    work.get();
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
                    // already logged by guarded()
                }
            }
            if (ownRecoveryExecutor) {
                recoveryExecutor.shutdown();
                recoveryExecutor.awaitTermination(1, TimeUnit.MINUTES);
            }
            if (ownScheduler) {
                scheduler.shutdownNow();
                scheduler.awaitTermination(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        persist();
        journal.heartbeat();
        if (master != null) {
            master.close();
            slave.close();
        }
        LOG.info("HA monitor stopped; pending windows: {}", machine.status().pending());
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    private static void safe(Runnable r) {
        Listeners.call(LOG, "monitor listener", r);
    }

    /** Builder of {@link HaMonitor}. */
    public static final class Builder {
        private NodeConfig master;
        private NodeConfig slave;
        private GeneralConfig settings;
        private Clock clock = Clock.systemUTC();
        private ScheduledExecutorService scheduler;
        private MonitorListener listener = MonitorListener.NONE;
        private Duration margin;
        private ExecutorService recoveryExecutor;
        private java.nio.file.Path journal;
        private CopyListener copyListener = CopyListener.NONE;

        private Builder() {
        }

        /**
         * Keeps open outages, owed windows (with the units already copied) and a heartbeat in this journal
         * file (see {@link RecoveryJournal}), so that a restarted monitor resumes them and verifies its own
         * downtime. Default: none when built from master, slave and settings; {@code
         * <datadir>/hamonitor-<master>-<slave>.json} ({@link RecoveryJournal#defaultFile}) when built from a
         * {@link #config config}, as the daemon does. Two monitors must not share a file. A state file of an
         * earlier release is read and converted.
         */
        public Builder journal(java.nio.file.Path file) {
            this.journal = Objects.requireNonNull(file, "journal");
            return this;
        }

        /**
         * Same as {@link #journal}.
         *
         * @deprecated use {@link #journal}
         */
        @Deprecated
        public Builder stateFile(java.nio.file.Path file) {
            return journal(file);
        }

        /** Receives the unit events (start, finish, failure) of recovery copies (default none). */
        public Builder copyListener(CopyListener l) {
            this.copyListener = Objects.requireNonNull(l, "copyListener");
            return this;
        }

        /**
         * Runs the initial replication and recoveries (one at a time) on this executor; the caller keeps
         * ownership. Default: one daemon thread of this monitor's own, shut down by {@link #stop()}.
         * Copy workers are separate: {@code num-workers} threads per copy.
         */
        public Builder recoveryExecutor(ExecutorService e) {
            this.recoveryExecutor = Objects.requireNonNull(e, "recoveryExecutor");
            return this;
        }

        /** Master, slave and settings from a loaded config ({@code master-db}, {@code slave-db}, {@code [General]}). */
        public Builder config(SyncfluxConfig c) {
            Objects.requireNonNull(c, "config");
            NodePair nodes = c.nodes();
            return master(nodes.master()).slave(nodes.slave()).settings(c.general())
                    .journal(RecoveryJournal.defaultFile(c.general().datadir(), nodes.master().name(),
                            nodes.slave().name()));
        }

        /** The node every write reaches first and recoveries read from. */
        public Builder master(NodeConfig n) {
            this.master = Objects.requireNonNull(n, "master");
            return this;
        }

        /** The node that is recovered after an outage. */
        public Builder slave(NodeConfig n) {
            this.slave = Objects.requireNonNull(n, "slave");
            return this;
        }

        /** Intervals, initial replication and copy settings (default {@link GeneralConfig#defaults()}). */
        public Builder settings(GeneralConfig g) {
            this.settings = Objects.requireNonNull(g, "settings");
            return this;
        }

        /** Source of "now" (default system UTC). */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /**
         * Runs checks and evaluations on this scheduler (it needs at least 3 threads so that a hung node
         * does not delay the other's check); the caller keeps ownership. Default: 3 daemon threads of
         * this monitor's own, shut down by {@link #stop()}.
         */
        public Builder scheduler(ScheduledExecutorService s) {
            this.scheduler = Objects.requireNonNull(s, "scheduler");
            return this;
        }

        /** Lifecycle listener (default none). */
        public Builder listener(MonitorListener l) {
            this.listener = Objects.requireNonNull(l, "listener");
            return this;
        }

        /** How far before the slave's last good check a recovery starts (default one check interval). */
        public Builder recoveryMargin(Duration d) {
            Objects.requireNonNull(d, "recoveryMargin");
            if (d.isNegative()) {
                throw new IllegalArgumentException("recoveryMargin must not be negative, got " + d);
            }
            this.margin = d;
            return this;
        }

        /**
         * @throws NullPointerException when master or slave is missing
         * @throws io.syncflux.core.config.ConfigException when master and slave are the same node
         */
        public HaMonitor build() {
            new NodePair(master, slave); // fails when they are the same node
            return new HaMonitor(this);
        }
    }
}
