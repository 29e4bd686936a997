package io.syncflux.core.monitor;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.config.MonitorSettings;
import io.syncflux.core.config.SyncMode;
import io.syncflux.core.event.ClusterState;
import io.syncflux.core.event.MonitorEvent;
import io.syncflux.core.influx.NodeHealth;
import io.syncflux.core.journal.JournalState;
import io.syncflux.core.report.CopyReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The HA monitor's decisions, driven only by explicit inputs: health check results (with the time
 * each check started), supervisor ticks, recovery outcomes and manual requests. It never sleeps,
 * never does I/O and reads time only from the injected clock, so it can be tested step by step.
 *
 * <p>Outages are tracked per check, not per tick, so that an outage shorter than the supervisor
 * period is still recovered: the first failed check of a recovered node opens an outage from its last
 * good check; the first good check started after that closes it and makes the node owe the window
 * {@code [lastGoodCheck - margin, firstGoodCheckAfter)}, copied from the other node. In
 * {@link SyncMode#ONLYSLAVE} only the slave is recovered (a master outage is only reported); in
 * {@link SyncMode#TWOWAYS} both are. Owed outage windows of one node are merged into one (their union);
 * manual windows (always master to slave) queue behind them. A window leaves the queue only when its
 * recovery copy succeeded. A recovery during which its source or target fails a check is cancelled; one
 * that fails while its source answers counts as a new outage of its target, so its window is recovered
 * again together with the new one.
 *
 * <p>The state, evaluated at each {@link #tick()}: {@link ClusterState#CHECK_BOTH_DOWN},
 * {@link ClusterState#CHECK_SLAVE_DOWN} or {@link ClusterState#CHECK_MASTER_DOWN} while outages are
 * open; {@link ClusterState#RECOVERING} while any window is owed; else {@link ClusterState#OK}. An
 * outage that opened and closed between two ticks still passes through its check state.
 *
 * <p>The machine calls no listener: each input that can cause listener events returns them in a {@link
 * Step}, in the order they were decided, and its driver delivers them once the lock is released (see
 * {@link EventDelivery}).
 *
 * <p>Thread-safe: every method is synchronized.
 */
public final class HaStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(HaStateMachine.class);

    /** Where the machine is in the monitor's life; it only moves forward. */
    private enum Phase {
        /** Checks are only recorded: nothing is owed yet. */
        WAITING,
        /** Outages are tracked and owed ({@link #startTracking}, {@link #nodesAnswered}); ticks wait. */
        TRACKING,
        /** The initial replication is done ({@link #ready}): ticks move the state and start recoveries. */
        READY,
        /** The monitor is stopping: no recovery starts, and one that fails counts as cancelled. */
        STOPPING
    }

    private final int maxQueued;
    private final String masterName;
    private final String slaveName;
    private final Clock clock;

    private ClusterState state = ClusterState.STARTING;
    private Phase phase = Phase.WAITING;
    private final OwedWindows owed = new OwedWindows();
    private final OutageTracker tracker;
    private final Outages outages;
    private final RecoveryTally tally = new RecoveryTally();
    private final RunningRecovery running = new RunningRecovery();
    /** Events decided by the input being handled, handed out with its {@link Step}. */
    private final List<MonitorEvent> decided = new ArrayList<>();

    /** A one-way ({@link SyncMode#ONLYSLAVE}) machine. */
    public HaStateMachine(String masterName, String slaveName, Duration margin, Clock clock) {
        this(masterName, slaveName, margin, clock, SyncMode.ONLYSLAVE);
    }

    /**
     * @param masterName the master node's name (for status and events)
     * @param slaveName  the slave node's name
     * @param margin     how far before a node's last good check a recovery window starts; not negative
     * @param clock      source of "now" for ticks and recovery durations
     * @param mode       which nodes are recovered
     */
    public HaStateMachine(String masterName, String slaveName, Duration margin, Clock clock, SyncMode mode) {
        this(masterName, slaveName, margin, clock, mode, MonitorSettings.DEFAULT_MAX_QUEUED_RECOVERIES);
    }

    /**
     * @param maxQueued how many requested windows may wait at most ({@code max-queued-recoveries}), at least 1
     * @see #HaStateMachine(String, String, Duration, Clock, SyncMode)
     */
    public HaStateMachine(String masterName, String slaveName, Duration margin, Clock clock, SyncMode mode,
                          int maxQueued) {
        if (maxQueued < 1) {
            throw new IllegalArgumentException("max-queued-recoveries must be 1 or more, got " + maxQueued);
        }
        this.maxQueued = maxQueued;
        this.masterName = Objects.requireNonNull(masterName, "masterName");
        this.slaveName = Objects.requireNonNull(slaveName, "slaveName");
        Objects.requireNonNull(margin, "margin");
        if (margin.isNegative()) {
            throw new IllegalArgumentException("margin must not be negative, got " + margin);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tracker = new OutageTracker(masterName, slaveName, margin, Objects.requireNonNull(mode, "mode"), owed);
        this.outages = tracker.outages();
    }

    /** True once {@link #ready()} was called, also when stopping since (the state leaves STARTING only there). */
    private boolean ticking() {
        return state != ClusterState.STARTING;
    }

    /**
     * Restores what a previous run still owed (call before {@link #nodesAnswered()}): pending recoveries
     * keep their done units; an outage that was open when that run ended is closed when both nodes
     * answer: the node then owes the window from its last good check (minus the margin) to that moment.
     */
    public synchronized void restore(JournalState s) {
        owed.restore(s.pending());
        outages.restore(s.openOutages());
        tally.restoreRejected(s.rejected());
        if (!s.pending().isEmpty() || !s.openOutages().isEmpty()) {
            LOG.info("restored from the last run: owed {}{}", owed,
                    s.openOutages().isEmpty() ? "" : ", down since " + s.openOutages());
        }
    }

    /** What must survive a restart: open outages and owed windows with their done units (no heartbeat). */
    public synchronized JournalState durable() {
        return new JournalState(null, outages.durable(), owed.pending(), tally.rejected());
    }

    /**
     * The monitor starts: from now on outages are tracked and owed, also before both nodes have
     * answered once. A node that fails before it ever answered in this run owes the window from
     * {@code since} (the monitor's start, or its last heartbeat before a restart), minus the margin.
     *
     * @param since the last moment the monitor knew both nodes to be in sync; not null
     */
    public synchronized void startTracking(Instant since) {
        tracker.trackSince(Objects.requireNonNull(since, "since"));
        trackOutages();
    }

    private void trackOutages() {
        if (phase == Phase.WAITING) {
            phase = Phase.TRACKING;
        }
    }

    /** Both nodes answered: from now on outages are tracked (and owed); restored outages become owed. */
    public synchronized void nodesAnswered() {
        trackOutages();
        tracker.closeRestored(clock.instant());
    }

    /** The initial replication is done: the state becomes {@link ClusterState#OK} and ticks take effect. */
    public synchronized Step ready() {
        if (phase != Phase.STOPPING) {
            phase = Phase.READY;
        }
        if (!ticking()) {
            move(ClusterState.OK);
        }
        return step(Decision.NONE);
    }

    /** The monitor is stopping: failures from now on are cancellations, not outages. */
    public synchronized void stopping() {
        phase = Phase.STOPPING;
    }

    /**
     * Records a master check. In {@link SyncMode#ONLYSLAVE} a master outage is only reported; in
     * {@link SyncMode#TWOWAYS} it is tracked like a slave outage.
     */
    public synchronized Step masterChecked(NodeHealth h) {
        return step(checked(masterName, h));
    }

    /**
     * Records a slave check: a failure opens an outage (and cancels a recovery from or to the slave), a
     * success after an outage closes it and makes the slave owe the missed window.
     */
    public synchronized Step slaveChecked(NodeHealth h) {
        return step(checked(slaveName, h));
    }

    private Decision checked(String name, NodeHealth h) {
        if (phase == Phase.STOPPING) {
            // a check cut short by the monitor's own shutdown is no outage (the next start covers the downtime
            // from the journal's last heartbeat)
            return Decision.NONE;
        }
        return tracker.checked(name, h, phase != Phase.WAITING, decided) ? cancelIfRunning(name) : Decision.NONE;
    }

    /**
     * A failed check of either end of the running copy cancels it at once (its window stays owed), also
     * for a master that is never recovered itself: otherwise each remaining chunk would fail on its own
     * after all its retries.
     */
    private Decision cancelIfRunning(String failed) {
        return running.cancelIfInvolves(failed) ? Decision.cancelRunning() : Decision.NONE;
    }

    /**
     * Queues a manual recovery of this window, master to slave; it runs after owed outage windows. A window
     * overlapping waiting requests is merged with them; one that merges with none is refused when
     * {@code max-queued-recoveries} requested windows wait already.
     *
     * @return what became of the request
     */
    public synchronized RecoveryRequest requestRecovery(TimeWindow window) {
        return queue(window, maxQueued);
    }

    /** Owes a window the monitor found itself (at start): merged like a request, never refused. */
    synchronized void owe(TimeWindow window) {
        queue(window, Integer.MAX_VALUE);
    }

    private RecoveryRequest queue(TimeWindow window, int limit) {
        Objects.requireNonNull(window, "window");
        RecoveryRequest r = owed.oweManual(masterName, slaveName, window, clock.instant().toEpochMilli(),
                running.owedId(), limit);
        switch (r.outcome()) {
            case QUEUED -> LOG.info("recovery of {} requested", window);
            case MERGED -> LOG.info("recovery of {} requested: merged into {}", window, r.window());
            case REFUSED -> LOG.warn("recovery of {} refused: {} requested windows wait already "
                    + "(max-queued-recoveries)", window, r.queued());
        }
        return r;
    }

    /**
     * Records that a unit of the running job was copied, so that a resumed recovery skips it.
     *
     * @return true when the durable state changed
     */
    public synchronized boolean unitDone(RecoveryJob job, String unitKey) {
        return owed.unitDone(job.owedId(), unitKey);
    }

    private ClusterState evaluate() {
        ClusterState down = ClusterState.checkState(outages.isOpen(masterName), outages.isOpen(slaveName));
        if (down != null) {
            return down;
        }
        return !owed.isEmpty() || running.isRunning() ? ClusterState.RECOVERING : ClusterState.OK;
    }

    /**
     * The supervisor's periodic evaluation: moves the state and, when both nodes answer, a window is
     * owed and no recovery runs, starts the recovery of the oldest owed window.
     */
    public synchronized Step tick() {
        if (!ticking()) {
            return step(Decision.NONE);
        }
        ClusterState target = evaluate();
        Set<String> seenDown = outages.takeSinceTick();
        if (!seenDown.isEmpty() && !target.nodeDown()) {
            move(ClusterState.checkState(seenDown.contains(masterName), seenDown.contains(slaveName)));
        }
        move(target);
        boolean bothOk = tracker.node(masterName).answers() && tracker.node(slaveName).answers();
        if (target == ClusterState.RECOVERING && !running.isRunning() && phase != Phase.STOPPING && bothOk) {
            return step(Decision.start(running.start(owed.first(), clock.instant())));
        }
        if (target == ClusterState.RECOVERING && !running.isRunning() && !bothOk) {
            LOG.warn("recovery waits: {} does not answer", tracker.node(masterName).answers() ? slaveName : masterName);
        }
        return step(Decision.NONE);
    }

    /** True when the running job was asked to cancel (or is not the running job any more). */
    public synchronized boolean cancelRequested(RecoveryJob job) {
        return running.cancelRequested(job) || phase == Phase.STOPPING;
    }

    /**
     * Records the end of a recovery. A successful copy (ok, nothing skipped for a missing database or
     * retention policy) removes its window from the owed ones. A failed one (not cancelled by this
     * machine or by stopping) counts as a failure of its target: a new outage opens from the target's
     * last good check; unless the source's last check failed, in which case the window just stays owed
     * until the source answers again.
     *
     * @param report the copy's report, or null when the recovery failed before copying
     */
    public synchronized Step recoveryFinished(RecoveryJob job, CopyReport report) {
        if (!running.is(job)) {
            return Step.NONE;
        }
        boolean cancelled = running.end();
        Instant now = clock.instant();
        if (report != null && !report.skipped().isEmpty()) {
            LOG.warn("recovery of {} skipped what {} lacks the schema for: {}", job.window(), job.to(), report.skipped());
        }
        if (report != null && report.onlyRejections() && report.skipped().isEmpty() && !cancelled) {
            // the target answered and refused some ranges for good: copying them again cannot help, so the
            // window is done and those ranges are kept as rejected instead of owed forever
            tally.rejected(job, report, now);
        }
        if (report != null && (report.ok() || report.onlyRejections() && !cancelled) && report.skipped().isEmpty()) {
            owed.remove(job.owedId());
            tally.recovered(job, report, now);
        } else if (cancelled || phase == Phase.STOPPING) {
            LOG.info("recovery of {} to {} cancelled; the window stays owed", job.window(), job.to());
        } else if (!tracker.node(job.from()).answers()) {
            LOG.warn("recovery of {} failed while {} does not answer; the window stays owed", job.window(),
                    job.from());
        } else {
            LOG.warn("recovery of {} failed; the window stays owed and {} is treated as down", job.window(), job.to());
            tracker.recoveryFailed(job.to(), now);
            if (ticking()) {
                move(evaluate());
            }
        }
        return step(Decision.NONE);
    }

    /**
     * Records the end of a recovery whose copy succeeded but whose content check then found the target
     * still lacking or holding other values (or could not run): the window stays owed, unchanged, and is
     * recovered again at a later tick. The target is not taken for down: it answered throughout.
     *
     * @param why one line for the log
     */
    public synchronized Step recoveryUnverified(RecoveryJob job, String why) {
        if (!running.is(job)) {
            return Step.NONE;
        }
        running.end();
        LOG.error("recovery of {} to {} copied the window but {}; the window stays owed and will be recovered"
                + " again", job.window(), job.to(), why);
        if (ticking()) {
            move(evaluate());
        }
        return step(Decision.NONE);
    }

    private void move(ClusterState to) {
        if (state == to) {
            return;
        }
        if (!state.canMoveTo(to)) {
            throw new IllegalStateException("illegal cluster state change " + state + " -> " + to);
        }
        ClusterState from = state;
        state = to;
        LOG.info("cluster state {} -> {}", from, to);
        decided.add(new MonitorEvent.StateChanged(from, to));
    }

    /** The outcome of the input being handled, with the events it decided (which are then cleared). */
    private Step step(Decision d) {
        if (decided.isEmpty()) {
            return d == Decision.NONE ? Step.NONE : new Step(d, List.of());
        }
        Step s = new Step(d, decided);
        decided.clear();
        return s;
    }

    /** The current state. */
    public synchronized ClusterState state() {
        return state;
    }

    /** An immutable snapshot (without verify outcomes, which the monitor adds). */
    public synchronized HaStatus status() {
        Set<String> owing = new LinkedHashSet<>(owed.owing());
        owing.addAll(outages.nodes());
        NodeTrack m = tracker.node(masterName);
        NodeTrack s = tracker.node(slaveName);
        return new HaStatus(state, tally.count(), tally.lastDuration(), masterName, slaveName,
                m.answers(), m.lastOk(), s.answers(), s.lastOk(),
                tally.points(), owed.windows(), owing, null, null, null, tally.rejected(), null);
    }
}
