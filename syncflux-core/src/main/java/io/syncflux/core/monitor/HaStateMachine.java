package io.syncflux.core.monitor;

import io.syncflux.core.TimeWindow;
import io.syncflux.core.config.SyncMode;
import io.syncflux.core.event.MonitorEvent;
import io.syncflux.core.influx.NodeHealth;
import io.syncflux.core.journal.JournalState;
import io.syncflux.core.journal.PendingRecovery;
import io.syncflux.core.journal.RejectedRange;
import io.syncflux.core.report.CopyFailure;
import io.syncflux.core.report.CopyReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

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
    /** Rejected ranges kept for the status and the journal; the oldest are dropped beyond this. */
    static final int MAX_REJECTED = 1000;

    private final String masterName;
    private final String slaveName;
    private final Duration margin;
    private final Clock clock;
    private final SyncMode mode;

    private ClusterState state = ClusterState.STARTING;
    private final NodeTrack master = new NodeTrack();
    private final NodeTrack slave = new NodeTrack();
    private boolean tracking;
    private Instant trackingSince;
    private boolean ready;
    private boolean stopping;
    private final Map<String, Outage> outages = new LinkedHashMap<>();
    private final Map<String, Instant> restoredOutages = new TreeMap<>();
    private final Set<String> outagesSinceTick = new LinkedHashSet<>();
    private final OwedWindows owed = new OwedWindows();
    private final List<RejectedRange> rejected = new ArrayList<>();
    private RecoveryJob running;
    private boolean cancelRequested;
    private long nextJobId = 1;
    private int numRecovers;
    private Duration lastRecoverDuration = Duration.ZERO;
    private long pointsRecovered;
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
        this.masterName = Objects.requireNonNull(masterName, "masterName");
        this.slaveName = Objects.requireNonNull(slaveName, "slaveName");
        this.margin = Objects.requireNonNull(margin, "margin");
        if (margin.isNegative()) {
            throw new IllegalArgumentException("margin must not be negative, got " + margin);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    private static final class NodeTrack {
        Boolean ok;
        Instant lastOk;
        String version;
        String instance;
    }

    private record Outage(Instant lastOk, Instant openedAt) {
        Instant since() {
            return lastOk != null ? lastOk : openedAt;
        }
    }


    private String other(String node) {
        return node.equals(masterName) ? slaveName : masterName;
    }

    private boolean recovered(String node) {
        return node.equals(slaveName) || mode == SyncMode.TWOWAYS;
    }

    /**
     * Restores what a previous run still owed (call before {@link #nodesAnswered()}): pending recoveries
     * keep their done units; an outage that was open when that run ended is closed when both nodes
     * answer: the node then owes the window from its last good check (minus the margin) to that moment.
     */
    public synchronized void restore(JournalState s) {
        owed.restore(s.pending());
        restoredOutages.putAll(s.openOutages());
        rejected.addAll(s.rejected());
        if (!s.pending().isEmpty() || !s.openOutages().isEmpty()) {
            LOG.info("restored from the last run: owed {}{}", owed,
                    s.openOutages().isEmpty() ? "" : ", down since " + s.openOutages());
        }
    }

    /** What must survive a restart: open outages and owed windows with their done units (no heartbeat). */
    public synchronized JournalState durable() {
        Map<String, Instant> open = new TreeMap<>(restoredOutages);
        outages.forEach((node, o) -> open.put(node, o.since()));
        return new JournalState(null, open, owed.pending(), rejected);
    }

    /**
     * The monitor starts: from now on outages are tracked and owed, also before both nodes have
     * answered once. A node that fails before it ever answered in this run owes the window from
     * {@code since} (the monitor's start, or its last heartbeat before a restart), minus the margin.
     *
     * @param since the last moment the monitor knew both nodes to be in sync; not null
     */
    public synchronized void startTracking(Instant since) {
        trackingSince = Objects.requireNonNull(since, "since");
        tracking = true;
    }

    /** Both nodes answered: from now on outages are tracked (and owed); restored outages become owed. */
    public synchronized void nodesAnswered() {
        tracking = true;
        Instant now = clock.instant();
        for (Map.Entry<String, Instant> e : restoredOutages.entrySet()) {
            String node = e.getKey();
            if (!node.equals(masterName) && !node.equals(slaveName)) {
                LOG.warn("the journal holds an outage of {} since {}, which is not part of this pair; ignored", node,
                        e.getValue());
                continue;
            }
            Instant start = e.getValue().minus(margin);
            TimeWindow w = owe(node, new TimeWindow(start, now.isAfter(start) ? now : start.plusNanos(1)));
            LOG.info("{} was down when the last run ended; it owes {}", node, w);
        }
        restoredOutages.clear();
    }

    /** The initial replication is done: the state becomes {@link ClusterState#OK} and ticks take effect. */
    public synchronized Step ready() {
        tracking = true;
        if (!ready) {
            ready = true;
            move(ClusterState.OK);
        }
        return step(Decision.NONE);
    }

    /** The monitor is stopping: failures from now on are cancellations, not outages. */
    public synchronized void stopping() {
        stopping = true;
    }

    /**
     * Records a master check. In {@link SyncMode#ONLYSLAVE} a master outage is only reported; in
     * {@link SyncMode#TWOWAYS} it is tracked like a slave outage.
     */
    public synchronized Step masterChecked(NodeHealth h) {
        return step(checked(master, masterName, h));
    }

    /**
     * Records a slave check: a failure opens an outage (and cancels a recovery from or to the slave), a
     * success after an outage closes it and makes the slave owe the missed window.
     */
    public synchronized Step slaveChecked(NodeHealth h) {
        return step(checked(slave, slaveName, h));
    }

    private Decision checked(NodeTrack t, String name, NodeHealth h) {
        Instant previousOk = t.lastOk;
        String previousInstance = t.instance;
        record(t, name, h);
        if (!tracking) {
            return Decision.NONE;
        }
        if (!h.ok()) {
            if (recovered(name) && !outages.containsKey(name)) {
                Instant since = previousOk != null ? previousOk : trackingSince;
                openOutage(name, since, h.checkedAt());
                LOG.warn("node {} is down since {} at {}; its missed writes will be recovered", name,
                        previousOk != null ? "its last good check" : "the monitor's start", since);
            }
            return cancelIfRunning(name);
        }
        if (restarted(previousInstance, h) && !outages.containsKey(name) && previousOk != null) {
            return restartedBetweenChecks(name, previousOk, previousInstance, h);
        }
        Outage o = outages.get(name);
        if (o != null && !h.checkedAt().isBefore(o.openedAt())) {
            Instant start = o.since().minus(margin);
            Instant end = h.checkedAt().isAfter(start) ? h.checkedAt() : start.plusNanos(1);
            outages.remove(name);
            TimeWindow w = owe(name, new TimeWindow(start, end));
            LOG.info("node {} answers again; it owes {}", name, w);
        }
        return Decision.NONE;
    }

    private static boolean restarted(String previousInstance, NodeHealth h) {
        return previousInstance != null && h.instance() != null && !previousInstance.equals(h.instance());
    }

    /**
     * The node answered both checks but is another process than at the last one: it restarted in
     * between, and writes sent to it while it was down are lost. It owes {@code [lastGoodCheck - margin,
     * thisCheck)}, like an outage that no check saw, and a recovery from or to it is redone.
     */
    private Decision restartedBetweenChecks(String name, Instant previousOk, String was, NodeHealth h) {
        if (!recovered(name)) {
            LOG.warn("node {} restarted between two checks (process {} -> {}); writes it missed are not recovered"
                    + " in this sync mode", name, was, h.instance());
            return cancelIfRunning(name);
        }
        Instant start = previousOk.minus(margin);
        TimeWindow w = owe(name, new TimeWindow(start, h.checkedAt().isAfter(start) ? h.checkedAt()
                : start.plusNanos(1)));
        outagesSinceTick.add(name);
        LOG.warn("node {} restarted between two checks (process {} -> {}); it owes {}", name, was, h.instance(), w);
        decided.add(new MonitorEvent.NodeRestarted(name));
        return cancelIfRunning(name);
    }

    private void openOutage(String node, Instant lastOk, Instant openedAt) {
        outages.put(node, new Outage(lastOk, openedAt));
        outagesSinceTick.add(node);
    }

    /**
     * A failed check of either end of the running copy cancels it at once (its window stays owed), also
     * for a master that is never recovered itself: otherwise each remaining chunk would fail on its own
     * after all its retries.
     */
    private Decision cancelIfRunning(String failed) {
        if (running != null && !cancelRequested
                && (running.to().equals(failed) || running.from().equals(failed))) {
            cancelRequested = true;
            LOG.warn("cancelling the recovery of {} to {}: {} failed again", running.window(), running.to(), failed);
            return Decision.cancelRunning();
        }
        return Decision.NONE;
    }

    /** Adds an outage window of {@code node}, merged with its owed outage windows; returns the merged window. */
    private TimeWindow owe(String node, TimeWindow w) {
        return owed.oweOutage(node, other(node), w);
    }

    private void record(NodeTrack t, String name, NodeHealth h) {
        Boolean was = t.ok;
        t.ok = h.ok();
        LOG.debug("check of {}: {} in {} ms", name, h.ok() ? "ok" : "failed (" + h.error() + ")",
                h.latency().toMillis());
        if (h.ok()) {
            t.lastOk = h.checkedAt();
            // a restart into another release is worth a line, nothing more: the node answers
            if (t.version != null && !t.version.equals(h.version())) {
                LOG.info("node {} now reports version {} (was {})", name, h.version(), t.version);
            }
            t.version = h.version();
            if (h.instance() != null) {
                t.instance = h.instance();
            }
            if (Boolean.FALSE.equals(was)) {
                LOG.info("node {} answers again ({} in {} ms)", name, h.version(), h.latency().toMillis());
                decided.add(new MonitorEvent.NodeUp(name));
            }
        } else if (!Boolean.FALSE.equals(was)) {
            LOG.warn("node {} failed its health check: {} (last good check {})", name, h.error(),
                    t.lastOk == null ? "never" : t.lastOk);
            decided.add(new MonitorEvent.NodeDown(name, h.error()));
        }
    }

    /** Queues a manual recovery of this window, master to slave; it runs after owed outage windows. */
    public synchronized void requestRecovery(TimeWindow window) {
        Objects.requireNonNull(window, "window");
        owed.oweManual(masterName, slaveName, window, clock.instant().toEpochMilli());
        LOG.info("recovery of {} requested", window);
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
        boolean m = outages.containsKey(masterName);
        boolean s = outages.containsKey(slaveName);
        if (m && s) {
            return ClusterState.CHECK_BOTH_DOWN;
        }
        if (s) {
            return ClusterState.CHECK_SLAVE_DOWN;
        }
        if (m) {
            return ClusterState.CHECK_MASTER_DOWN;
        }
        return !owed.isEmpty() || running != null ? ClusterState.RECOVERING : ClusterState.OK;
    }

    private ClusterState checkStateOf(Set<String> down) {
        boolean m = down.contains(masterName);
        boolean s = down.contains(slaveName);
        return m && s ? ClusterState.CHECK_BOTH_DOWN : m ? ClusterState.CHECK_MASTER_DOWN : ClusterState.CHECK_SLAVE_DOWN;
    }

    /**
     * The supervisor's periodic evaluation: moves the state and, when both nodes answer, a window is
     * owed and no recovery runs, starts the recovery of the oldest owed window.
     */
    public synchronized Step tick() {
        return step(evaluateAndStart());
    }

    private Decision evaluateAndStart() {
        if (!ready) {
            return Decision.NONE;
        }
        ClusterState target = evaluate();
        if (!outagesSinceTick.isEmpty() && !target.nodeDown()) {
            move(checkStateOf(outagesSinceTick));
        }
        outagesSinceTick.clear();
        move(target);
        boolean bothOk = Boolean.TRUE.equals(master.ok) && Boolean.TRUE.equals(slave.ok);
        if (target == ClusterState.RECOVERING && running == null && !stopping && bothOk) {
            PendingRecovery p = owed.first();
            running = new RecoveryJob(nextJobId++, p.window(), clock.instant(), p.from(), p.to(), p.id(), p.done());
            cancelRequested = false;
            LOG.info("recovering {} from {} to {}{}", running.window(), p.from(), p.to(),
                    p.done().isEmpty() ? "" : " (" + p.done().size() + " units already done)");
            return Decision.start(running);
        }
        if (target == ClusterState.RECOVERING && running == null && !bothOk) {
            LOG.warn("recovery waits: {} does not answer", Boolean.TRUE.equals(master.ok) ? slaveName : masterName);
        }
        return Decision.NONE;
    }

    /** True when the running job was asked to cancel (or is not the running job any more). */
    public synchronized boolean cancelRequested(RecoveryJob job) {
        return running == null || running.id() != job.id() || cancelRequested || stopping;
    }

    private NodeTrack track(String node) {
        return node.equals(masterName) ? master : slave;
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
        finished(job, report);
        return step(Decision.NONE);
    }

    private void finished(RecoveryJob job, CopyReport report) {
        if (running == null || running.id() != job.id()) {
            return;
        }
        boolean cancelled = cancelRequested;
        running = null;
        cancelRequested = false;
        Instant now = clock.instant();
        if (report != null && !report.skipped().isEmpty()) {
            LOG.warn("recovery of {} skipped what {} lacks the schema for: {}", job.window(), job.to(), report.skipped());
        }
        if (report != null && report.onlyRejections() && report.skipped().isEmpty() && !cancelled) {
            // the target answered and refused some ranges for good: copying them again cannot help, so the
            // window is done and those ranges are kept as rejected instead of owed forever
            for (CopyFailure f : report.failures()) {
                RejectedRange r = RejectedRange.of(job.from(), job.to(), f, now);
                rejected.removeIf(r::sameRange);
                rejected.add(r);
                LOG.warn("not recoverable, refused by {}: {}", job.to(), f.describe());
            }
            while (rejected.size() > MAX_REJECTED) {
                rejected.remove(0);
            }
        }
        if (report != null && (report.ok() || report.onlyRejections() && !cancelled) && report.skipped().isEmpty()) {
            owed.remove(job.owedId());
            numRecovers++;
            lastRecoverDuration = Duration.between(job.startedAt(), now);
            pointsRecovered += report.points();
            LOG.info("recovered {} to {}: {} points in {} ms", job.window(), job.to(), report.points(),
                    lastRecoverDuration.toMillis());
            return;
        }
        if (cancelled || stopping) {
            LOG.info("recovery of {} to {} cancelled; the window stays owed", job.window(), job.to());
            return;
        }
        if (!Boolean.TRUE.equals(track(job.from()).ok)) {
            LOG.warn("recovery of {} failed while {} does not answer; the window stays owed", job.window(),
                    job.from());
            return;
        }
        LOG.warn("recovery of {} failed; the window stays owed and {} is treated as down", job.window(), job.to());
        if (!outages.containsKey(job.to())) {
            openOutage(job.to(), track(job.to()).lastOk, now);
        }
        if (ready) {
            move(evaluate());
        }
    }

    /**
     * Records the end of a recovery whose copy succeeded but whose content check then found the target
     * still lacking or holding other values (or could not run): the window stays owed, unchanged, and is
     * recovered again at a later tick. The target is not taken for down: it answered throughout.
     *
     * @param why one line for the log
     */
    public synchronized Step recoveryUnverified(RecoveryJob job, String why) {
        if (running == null || running.id() != job.id()) {
            return Step.NONE;
        }
        running = null;
        cancelRequested = false;
        LOG.error("recovery of {} to {} copied the window but {}; the window stays owed and will be recovered"
                + " again", job.window(), job.to(), why);
        if (ready) {
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
        owing.addAll(outages.keySet());
        return new HaStatus(state, numRecovers, lastRecoverDuration, masterName, slaveName,
                Boolean.TRUE.equals(master.ok), master.lastOk, Boolean.TRUE.equals(slave.ok), slave.lastOk,
                pointsRecovered, owed.windows(), owing, null, null, null, rejected, null);
    }
}
