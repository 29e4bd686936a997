package io.syncflux.core;

import io.syncflux.core.api.GoDuration;
import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.config.CopySettings;
import io.syncflux.core.config.GeneralConfig;
import io.syncflux.core.config.MonitorSettings;
import io.syncflux.core.config.NodeConfig;
import io.syncflux.core.config.NodePair;
import io.syncflux.core.config.SyncfluxConfig;
import io.syncflux.core.event.CopyListener;
import io.syncflux.core.event.MonitorListener;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.journal.RecoveryJournal;
import io.syncflux.core.monitor.EventDelivery;
import io.syncflux.core.monitor.HaStateMachine;
import io.syncflux.core.monitor.HaStatus;
import io.syncflux.core.monitor.MonitorJournal;
import io.syncflux.core.monitor.MonitorThreads;
import io.syncflux.core.monitor.OnDemandVerify;
import io.syncflux.core.monitor.RecoveryRequest;
import io.syncflux.core.monitor.RecoveryRunner;
import io.syncflux.core.monitor.StartupReplication;
import io.syncflux.core.monitor.Supervisor;
import io.syncflux.core.report.VerifyReport;
import io.syncflux.core.report.VerifyStatus;
import io.syncflux.core.verify.AntiEntropy;
import io.syncflux.core.verify.Verifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

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
 * min-sync-interval} ({@link Supervisor}; see {@link HaStateMachine} for the rules). Recoveries run one at a
 * time on their own thread ({@link RecoveryRunner}): the schema is refreshed, the missed window copied with
 * {@link io.syncflux.core.copy.ChunkedCopier}, then compared by content and repaired ({@link HaStatus#lastVerify()}); a window that
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
    private final MonitorSettings settings;
    private final CopySettings copy;
    private final Clock clock;
    private final MonitorListener listener;
    private final Duration margin;
    private final java.nio.file.Path journalFile;
    private final io.syncflux.core.journal.JournalStore journalStore;
    private final HaStateMachine machine;
    private final EventDelivery events;
    private final MonitorThreads threads;
    private final RecoveryRunner runner;
    private final OnDemandVerify verifies;
    private final Object lifecycle = new Object();
    private boolean started;
    private volatile MonitorJournal journal;
    private volatile Supervisor supervisor;
    private InfluxNode master;
    private InfluxNode slave;
    private volatile io.syncflux.core.monitor.CrashGuard crashGuard;
    private final java.util.concurrent.CompletableFuture<Termination> termination =
            new java.util.concurrent.CompletableFuture<>();

    /**
     * How a monitor ended.
     *
     * @param outcome  stopped on request, or failed
     * @param activity for a failure, what was running when it happened (e.g. {@code recovery}); else null
     * @param cause    for a failure, the error; else null
     */
    public record Termination(Outcome outcome, String activity, Throwable cause) {
        /** How a monitor ended. */
        public enum Outcome {
            /** {@link #stop()} was called. */
            STOPPED,
            /** A monitor thread died of an {@link Error}; the monitor stopped itself. */
            FAILED
        }

        /** One line: what happened. */
        public String describe() {
            return outcome == Outcome.STOPPED ? "stopped" : activity + " died of " + cause;
        }
    }

    private HaMonitor(Builder b) {
        this.masterConfig = Objects.requireNonNull(b.master, "master");
        this.slaveConfig = Objects.requireNonNull(b.slave, "slave");
        this.settings = b.settings;
        this.copy = b.copy;
        this.clock = b.clock;
        this.listener = b.listener;
        this.margin = b.margin != null ? b.margin : settings.checkInterval();
        this.journalFile = b.journal;
        this.journalStore = b.journalStore;
        this.machine = new HaStateMachine(masterConfig.name(), slaveConfig.name(), margin, clock, settings.syncMode(),
                settings.maxQueuedRecoveries());
        this.events = new EventDelivery(listener);
        this.threads = new MonitorThreads(masterConfig.name() + "-" + slaveConfig.name(), b.scheduler,
                b.recoveryExecutor, this::fatal);
        this.crashGuard = io.syncflux.core.monitor.CrashGuard.none(clock);
        this.journal = MonitorJournal.none(machine);
        this.runner = new RecoveryRunner(machine, events, copy, clock, listener, b.copyListener, this::persist);
        this.verifies = new OnDemandVerify(this::runVerify, clock,
                () -> machine.status().clusterState() == io.syncflux.core.event.ClusterState.RECOVERING,
                VERIFY_POLL, s -> listener.verifyEnded(s), this::fatal);
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
            if (started || threads.closed()) {
                throw new IllegalStateException("an HaMonitor starts once");
            }
            started = true;
            if (journalFile != null) {
                journal = MonitorJournal.open(journalFile, machine, clock, masterConfig.name(), slaveConfig.name(),
                        settings.checkInterval());
            } else if (journalStore != null) {
                journal = MonitorJournal.open(journalStore, machine, clock, settings.checkInterval());
            }
            if (journalFile != null) {
                crashGuard = io.syncflux.core.monitor.CrashGuard.open(
                        journalFile.resolveSibling(journalFile.getFileName() + ".verify"), clock);
            }
            // outages count from here (or from the last heartbeat of a monitor that was down), also before
            // both nodes have answered once: a slave down at start owes what the relay sent it meanwhile
            Instant trackingSince = journal.downtime().map(TimeWindow::start).orElse(clock.instant());
            machine.startTracking(trackingSince);
            master = InfluxNode.connect(masterConfig);
            slave = InfluxNode.connect(slaveConfig);
            LOG.info("HA monitor starting: master {} ({}), slave {} ({}), check every {}, evaluate every {}",
                    masterConfig.name(), masterConfig.location(), slaveConfig.name(), slaveConfig.location(),
                    GoDuration.format(settings.checkInterval()), GoDuration.format(settings.minSyncInterval()));
            supervisor = new Supervisor(machine, events, runner, threads, journal, master, slave, settings, copy,
                    clock, listener, crashGuard, this::fatal);
            supervisor.start(trackingSince.minus(margin));
        }
    }

    /** A snapshot of the cluster's state and counters; cheap, never blocks on a node. */
    public HaStatus status() {
        Supervisor s = supervisor;
        return machine.status().withReports(runner.lastVerify(), s == null ? null : s.downtimeVerify(),
                journal.problem()).withAntiEntropy(s == null ? null : s.lastAntiEntropy())
                .withVerifyBackoff(crashGuard.backoff());
    }

    /**
     * Completes once when the monitor ends: {@link Termination.Outcome#STOPPED} after {@link #stop()}, or
     * {@link Termination.Outcome#FAILED} when one of its threads died of an {@link Error} (the monitor then
     * stops itself; an embedder or daemon should end the process, e.g. with a non-zero status so that its
     * service manager restarts it).
     */
    public java.util.concurrent.CompletionStage<Termination> termination() {
        return termination.minimalCompletionStage();
    }

    /**
     * Starts a content check of the window (digest mode, every database) in the background, one at a time;
     * {@link #verifyStatus()} follows it. With {@code repair}, what differs is written as the monitor repairs
     * ({@link MonitorSettings#repairPolicy()}: to the slave, both ways with {@code twoways}). Like the
     * anti-entropy, it steps aside for a recovery: it waits while one runs, and one that starts meanwhile stops
     * it between chunks; it then compares the window again. It runs under the monitor's crash guard (held back
     * after a process died during a verify) on clients of its own, and a verify that dies of an {@link Error}
     * ends the monitor as {@link Termination.Outcome#FAILED}.
     *
     * @return the running verify's status, or null when a verify is already running
     * @throws IllegalStateException once the monitor is stopping
     */
    public VerifyStatus verify(TimeWindow window, boolean repair) {
        Objects.requireNonNull(window, "window");
        return verifies.submit(window, repair);
    }

    /** The running on-demand verify, else the last one, else {@link VerifyStatus#IDLE}; never blocks. */
    public VerifyStatus verifyStatus() {
        return verifies.status();
    }

    /** How often a verify waiting for a recovery asks whether it ended. */
    private static final Duration VERIFY_POLL = Duration.ofMillis(200);

    private VerifyReport runVerify(TimeWindow w, boolean repair, java.util.function.BooleanSupplier stopWhen) {
        return crashGuard.during("verify of " + w, () -> {
            try (InfluxNode m = InfluxNode.connect(masterConfig); InfluxNode s = InfluxNode.connect(slaveConfig)) {
                return Verifier.builder().master(m).slave(s).selection(io.syncflux.core.api.Selection.ALL).window(w)
                        .settings(copy).repair(repair ? settings.repairPolicy() : io.syncflux.core.api.RepairPolicy.NONE)
                        .clock(clock).stopWhen(stopWhen).build().run();
            }
        });
    }

    /** A monitor thread died of an error: report it once and stop, on a thread of its own. */
    private void fatal(String activity, Error e) {
        fail(activity, e);
    }

    /** Ends the monitor as failed; the first end reported wins. */
    private void fail(String activity, Throwable cause) {
        if (termination.complete(new Termination(Termination.Outcome.FAILED, activity, cause))) {
            Thread t = new Thread(this::stop, "syncflux-monitor-failed");
            t.setDaemon(true);
            t.start();
        }
    }

    /**
     * Queues a recovery of this window (copied after any window owed by an outage). It starts at the
     * next supervisor evaluation at which both nodes answer. A window that overlaps requested windows still
     * waiting is merged with them into one; one that overlaps none is refused when
     * {@code max-queued-recoveries} requested windows wait already, so the queue and the journal stay small
     * however many requests arrive. The journal is written only when the queue changed.
     *
     * @return what became of the request: queued, merged (with the window that now covers it) or refused
     */
    public RecoveryRequest requestRecovery(TimeWindow window) {
        RecoveryRequest r = machine.requestRecovery(window);
        persist();
        return r;
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
            if (threads.closed()) {
                return;
            }
            machine.stopping();
            threads.close();
        }
        runner.cancel();
        verifies.close();
        Supervisor s = supervisor;
        if (s != null) {
            s.closeAntiEntropy();
        }
        threads.shutdown();
        persist();
        journal.heartbeat();
        if (master != null) {
            master.close();
            slave.close();
        }
        LOG.info("HA monitor stopped; pending windows: {}", machine.status().pending());
        termination.complete(new Termination(Termination.Outcome.STOPPED, null, null));
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** Builder of {@link HaMonitor}. */
    public static final class Builder {
        private NodeConfig master;
        private NodeConfig slave;
        private MonitorSettings settings = MonitorSettings.DEFAULT;
        private CopySettings copy = CopySettings.DEFAULT;
        private Clock clock = Clock.systemUTC();
        private ScheduledExecutorService scheduler;
        private MonitorListener listener = MonitorListener.NONE;
        private Duration margin;
        private ExecutorService recoveryExecutor;
        private java.nio.file.Path journal;
        private io.syncflux.core.journal.JournalStore journalStore;
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
            this.journalStore = null;
            return this;
        }

        /**
         * Keeps the monitor's durable state in this store instead of a file (see {@link
         * io.syncflux.core.journal.JournalStore}); replaces a {@link #journal journal file} set before, e.g. by
         * {@link #config}. Without a file, no marker holds verifies back after a process died during one.
         */
        public Builder journalStore(io.syncflux.core.journal.JournalStore store) {
            this.journalStore = Objects.requireNonNull(store, "journalStore");
            this.journal = null;
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

        /** Receives the plan and unit events (start, points, finish, failure) of recovery copies (default none). */
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
                    .journal(RecoveryJournal.defaultFile(c.general().daemon().datadir(), nodes.master().name(),
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

        /**
         * The monitor and copy settings of a config's {@code [General]} section: {@link GeneralConfig#monitor()}
         * and {@link GeneralConfig#copy()}.
         */
        public Builder settings(GeneralConfig g) {
            Objects.requireNonNull(g, "settings");
            return settings(g.monitor()).copySettings(g.copy());
        }

        /** Intervals, sync mode, initial replication and anti-entropy (default {@link MonitorSettings#DEFAULT}). */
        public Builder settings(MonitorSettings m) {
            this.settings = Objects.requireNonNull(m, "settings");
            return this;
        }

        /**
         * How recoveries, the initial replication, content checks and verifies read and write (default {@link
         * CopySettings#DEFAULT}).
         */
        public Builder copySettings(CopySettings c) {
            this.copy = Objects.requireNonNull(c, "copySettings");
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
