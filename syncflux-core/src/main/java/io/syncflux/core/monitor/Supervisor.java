package io.syncflux.core.monitor;

import io.syncflux.core.api.GoDuration;
import io.syncflux.core.config.CopySettings;
import io.syncflux.core.config.MonitorSettings;
import io.syncflux.core.event.ClusterState;
import io.syncflux.core.event.Listeners;
import io.syncflux.core.event.MonitorListener;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.influx.NodeHealth;
import io.syncflux.core.report.AntiEntropyResult;
import io.syncflux.core.report.LastVerify;
import io.syncflux.core.verify.AntiEntropy;
import io.syncflux.core.verify.AntiEntropyListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;

/**
 * The running part of an HA monitor, from its start to its stop: checks both nodes every {@code
 * monitor-retry-interval} until both answer, runs the {@code initial-replication} ({@link
 * StartupReplication}), then checks each node every {@code check-interval} and evaluates the cluster every
 * {@code min-sync-interval}. Each decision of the {@link HaStateMachine} is journaled before it is acted on;
 * recoveries run on the work thread ({@link RecoveryRunner}). Once the windows the journal owed are
 * recovered, the monitor's own downtime is checked by content ({@link WindowCheck}); with {@code
 * verify-interval}, a background content check ({@link AntiEntropy}) runs while the cluster is OK.
 *
 * <p>It stops with its {@link MonitorThreads}: once they are closed, nothing new starts.
 */
public final class Supervisor {
    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

    private final HaStateMachine machine;
    private final EventDelivery events;
    private final RecoveryRunner runner;
    private final MonitorThreads threads;
    private final MonitorJournal journal;
    private final InfluxNode master;
    private final InfluxNode slave;
    private final MonitorSettings settings;
    private final CopySettings copy;
    private final Clock clock;
    private final MonitorListener listener;
    private volatile boolean downtimeChecking;
    private volatile LastVerify downtimeVerify;
    private volatile AntiEntropy antiEntropy;
    private final CrashGuard crashGuard;
    private final java.util.function.BiConsumer<String, Error> fatal;

    /**
     * @param machine  the monitor's state machine, already tracking outages
     * @param events   delivers the machine's events to {@code listener}
     * @param runner   runs the recoveries the machine decides
     * @param threads  where checks, evaluations and recoveries run
     * @param journal  the monitor's journal, already opened
     * @param master   the master's client
     * @param slave    the slave's client
     * @param settings intervals, initial replication, sync mode and anti-entropy
     * @param copy     how recoveries, checks and anti-entropy read and write
     * @param clock    source of "now"
     * @param listener receives the verify and anti-entropy outcomes
     */
    public Supervisor(HaStateMachine machine, EventDelivery events, RecoveryRunner runner, MonitorThreads threads,
                      MonitorJournal journal, InfluxNode master, InfluxNode slave, MonitorSettings settings,
                      CopySettings copy, Clock clock, MonitorListener listener) {
        this(machine, events, runner, threads, journal, master, slave, settings, copy, clock, listener,
                CrashGuard.none(clock), (what, e) -> { });
    }

    /**
     * As the constructor above, with verifies run under {@code crashGuard} (held back after a process died
     * during one) and {@code fatal} told when the anti-entropy thread dies of an {@link Error}.
     */
    public Supervisor(HaStateMachine machine, EventDelivery events, RecoveryRunner runner, MonitorThreads threads,
                      MonitorJournal journal, InfluxNode master, InfluxNode slave, MonitorSettings settings,
                      CopySettings copy, Clock clock, MonitorListener listener, CrashGuard crashGuard,
                      java.util.function.BiConsumer<String, Error> fatal) {
        this.crashGuard = crashGuard;
        this.fatal = fatal;
        this.machine = machine;
        this.events = events;
        this.runner = runner;
        this.threads = threads;
        this.journal = journal;
        this.master = master;
        this.slave = slave;
        this.settings = settings;
        this.copy = copy;
        this.clock = clock;
        this.listener = listener;
    }

    /**
     * Starts waiting for both nodes, and then the rest, on the monitor's threads; returns at once.
     *
     * @param replicateSince what the slave may lack when its schema is incomplete starts here (the start of
     *                       tracking minus the margin)
     */
    public void start(Instant replicateSince) {
        threads.schedule("startup", () -> awaitNodes(replicateSince), 0);
        threads.every("heartbeat", journal::heartbeat, settings.minSyncInterval());
    }

    private void awaitNodes(Instant replicateSince) {
        if (threads.closed()) {
            return;
        }
        NodeHealth m = master.check(clock);
        NodeHealth s = slave.check(clock);
        safe(() -> listener.nodeChecked(m));
        safe(() -> listener.nodeChecked(s));
        events.run(() -> machine.masterChecked(m));
        events.run(() -> machine.slaveChecked(s));
        if (m.ok() && s.ok()) {
            LOG.info("master {} ({}) and slave {} ({}) answer", m.node(), m.version(), s.node(), s.version());
            machine.nodesAnswered();
            journal.persist();
            threads.every("master check", () -> checked(master, machine::masterChecked), settings.checkInterval());
            threads.every("slave check", () -> checked(slave, machine::slaveChecked), settings.checkInterval());
            threads.submit("recovery", () -> initialReplication(replicateSince));
            return;
        }
        LOG.warn("waiting for both nodes to answer, retrying in {}: {}{}",
                GoDuration.format(settings.monitorRetryInterval()),
                m.ok() ? "" : "master " + m.error() + (s.ok() ? "" : "; "),
                s.ok() ? "" : "slave " + s.error());
        threads.schedule("startup", () -> awaitNodes(replicateSince), settings.monitorRetryInterval().toMillis());
    }

    private void initialReplication(Instant replicateSince) {
        new StartupReplication(machine, settings.initialReplication(), copy, clock, listener, runner)
                .run(master, slave, replicateSince, threads::closed);
        journal.persist();
        if (threads.closed()) {
            return;
        }
        events.run(machine::ready);
        threads.every("supervisor", this::supervise, settings.minSyncInterval());
        startAntiEntropy();
    }

    /**
     * The background content check ({@code verify-interval}); it runs only while the cluster is OK with
     * both nodes answering, and yields at once to a recovery.
     */
    private synchronized void startAntiEntropy() {
        if (threads.closed() || !settings.antiEntropy().enabled()) {
            return;
        }
        CrashGuard.Backoff held = crashGuard.backoff();
        antiEntropy = AntiEntropy.builder().master(master).slave(slave).settings(settings).copySettings(copy).clock(clock)
                .guard(crashGuard::during).onFatal(fatal).notBefore(held == null ? null : held.until())
                .mayRun(() -> {
                    HaStatus s = machine.status();
                    return !threads.closed() && s.clusterState() == ClusterState.OK && s.masterOk() && s.slaveOk();
                })
                .listener(new AntiEntropyListener() {
                    @Override
                    public void passFinished(AntiEntropyResult result) {
                        safe(() -> listener.antiEntropyPassed(result));
                    }
                }).build();
        antiEntropy.start();
    }

    /** Checks a node (outside any lock: the check may take up to the node's timeout) and acts on the outcome. */
    private void checked(InfluxNode node, Function<NodeHealth, Step> input) {
        NodeHealth h = node.check(clock);
        safe(() -> listener.nodeChecked(h));
        decided(events.run(() -> input.apply(h)));
    }

    private void supervise() {
        decided(events.run(machine::tick));
        // the downtime is checked once what the journal owed is recovered, so that it checks what is left
        if (journal.downtime().isPresent() && !downtimeChecking && machine.state() == ClusterState.OK) {
            downtimeChecking = true;
            threads.submit("recovery", this::verifyDowntime);
        }
    }

    /** Journals what the machine just decided, then acts on it. */
    private void decided(Decision d) {
        journal.persist();
        if (d.cancel()) {
            runner.cancel();
        }
        if (d.start() != null) {
            RecoveryJob job = d.start();
            threads.submit("recovery", () -> runner.run(job, node(job.from()), node(job.to())));
        }
    }

    private InfluxNode node(String name) {
        return name.equals(master.name()) ? master : slave;
    }

    private void verifyDowntime() {
        LOG.info("verifying the monitor's own downtime {} ({})", journal.downtime().orElseThrow(),
                settings.twoWays() ? "repairing both ways" : "repairing the slave");
        LastVerify v = WindowCheck.run(LastVerify.Reason.DOWNTIME, master, slave, journal.downtime().orElseThrow(),
                settings.repairPolicy(), copy, clock);
        downtimeVerify = v;
        if (v.error() == null) {
            journal.downtimeChecked();
        }
        safe(() -> listener.verified(v));
    }

    /** The check of the monitor's own downtime, or null before it ended (or without one). */
    public LastVerify downtimeVerify() {
        return downtimeVerify;
    }

    /** The last background content check, or null before the first or when it is off. */
    public AntiEntropyResult lastAntiEntropy() {
        AntiEntropy ae = antiEntropy;
        return ae == null ? null : ae.lastResult();
    }

    /** Stops the background content check (call once the threads are closed, so that none starts after). */
    public synchronized void closeAntiEntropy() {
        if (antiEntropy != null) {
            antiEntropy.close();
        }
    }

    private static void safe(Runnable r) {
        Listeners.call(LOG, "monitor listener", r);
    }
}
