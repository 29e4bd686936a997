package io.syncflux.core.monitor;

import io.syncflux.core.TimeWindow;
import io.syncflux.core.event.MonitorListener;
import io.syncflux.core.influx.NodeHealth;
import io.syncflux.core.report.CopyReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The HA monitor's decisions, driven only by explicit inputs: health check results (with the time
 * each check started), supervisor ticks, recovery outcomes and manual requests. It never sleeps,
 * never does I/O and reads time only from the injected clock, so it can be tested step by step.
 *
 * <p>Outages are tracked per check, not per tick, so that an outage shorter than the supervisor
 * period is still recovered: the first failed slave check opens an outage from the slave's last good
 * check; the first good check started after that closes it and makes the slave owe the window
 * {@code [lastGoodCheck - margin, firstGoodCheckAfter)}. Owed outage windows are merged into one
 * (their union); manual windows queue behind them. A window leaves the queue only when its recovery
 * copy succeeded. A recovery that fails, or during which the slave fails a check, is cancelled and
 * treated as a new outage, so its window is recovered again together with the new one.
 *
 * <p>The state, evaluated at each {@link #tick()}: {@link ClusterState#CHECK_SLAVE_DOWN} while an
 * outage is open; {@link ClusterState#RECOVERING} while the slave owes any window; else
 * {@link ClusterState#OK}. An outage that opened and closed between two ticks still passes through
 * {@code CHECK_SLAVE_DOWN}.
 *
 * <p>Thread-safe: every method is synchronized; listener calls happen under that lock.
 */
public final class HaStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(HaStateMachine.class);

    private final String masterName;
    private final String slaveName;
    private final Duration margin;
    private final Clock clock;
    private final MonitorListener listener;

    private ClusterState state = ClusterState.STARTING;
    private final NodeTrack master = new NodeTrack();
    private final NodeTrack slave = new NodeTrack();
    private boolean tracking;
    private boolean ready;
    private boolean stopping;
    private Outage outage;
    private Instant restoredOutageSince;
    private boolean outageSinceTick;
    private final List<Owed> owed = new ArrayList<>();
    private RecoveryJob running;
    private boolean cancelRequested;
    private long nextJobId = 1;
    private int numRecovers;
    private Duration lastRecoverDuration = Duration.ZERO;
    private long pointsRecovered;

    /**
     * @param masterName the master node's name (for status and events)
     * @param slaveName  the slave node's name
     * @param margin     how far before the slave's last good check a recovery window starts; not negative
     * @param clock      source of "now" for ticks and recovery durations
     * @param listener   receives state changes and node up/down events
     */
    public HaStateMachine(String masterName, String slaveName, Duration margin, Clock clock, MonitorListener listener) {
        this.masterName = Objects.requireNonNull(masterName, "masterName");
        this.slaveName = Objects.requireNonNull(slaveName, "slaveName");
        this.margin = Objects.requireNonNull(margin, "margin");
        if (margin.isNegative()) {
            throw new IllegalArgumentException("margin must not be negative, got " + margin);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    private static final class NodeTrack {
        Boolean ok;
        Instant lastOk;
        String version;
    }

    private record Outage(Instant lastOk, Instant openedAt) {
    }

    private record Owed(TimeWindow window, boolean fromOutage) {
    }

    /**
     * Restores what a previous run still owed (call before {@link #nodesAnswered()}). An outage that
     * was open when that run ended is closed when both nodes answer: the slave then owes the window from
     * its last good check (minus the margin) to that moment.
     */
    public synchronized void restore(DurableState s) {
        for (int i = 0; i < s.owed().size(); i++) {
            owed.add(new Owed(s.owed().get(i), !s.manual().get(i)));
        }
        restoredOutageSince = s.outageSince();
        if (!s.isEmpty()) {
            LOG.info("restored from the last run: owed {}{}", s.owed(),
                    s.outageSince() == null ? "" : ", slave down since " + s.outageSince());
        }
    }

    /** What must survive a restart: the owed windows and the start of an open outage. */
    public synchronized DurableState durable() {
        Instant since = restoredOutageSince;
        if (outage != null) {
            since = outage.lastOk() != null ? outage.lastOk() : outage.openedAt();
        }
        return new DurableState(owed.stream().map(Owed::window).toList(),
                owed.stream().map(o -> !o.fromOutage()).toList(), since);
    }

    /** Both nodes answered: from now on slave outages are tracked (and owed). */
    public synchronized void nodesAnswered() {
        tracking = true;
        if (restoredOutageSince != null) {
            Instant now = clock.instant();
            Instant start = restoredOutageSince.minus(margin);
            TimeWindow w = owe(new TimeWindow(start, now.isAfter(start) ? now : start.plusNanos(1)));
            restoredOutageSince = null;
            LOG.info("slave {} was down when the last run ended; it owes {}", slaveName, w);
        }
    }

    /** The initial replication is done: the state becomes {@link ClusterState#OK} and ticks take effect. */
    public synchronized void ready() {
        tracking = true;
        if (!ready) {
            ready = true;
            move(ClusterState.OK);
        }
    }

    /** The monitor is stopping: failures from now on are cancellations, not outages. */
    public synchronized void stopping() {
        stopping = true;
    }

    /** Records a master check. The master is never recovered: its outage is only reported. */
    public synchronized Decision masterChecked(NodeHealth h) {
        record(master, masterName, h);
        return Decision.NONE;
    }

    /**
     * Records a slave check: a failure opens an outage (and cancels a running recovery), a success
     * after an outage closes it and makes the slave owe the missed window.
     */
    public synchronized Decision slaveChecked(NodeHealth h) {
        Instant previousOk = slave.lastOk;
        record(slave, slaveName, h);
        if (!tracking) {
            return Decision.NONE;
        }
        if (!h.ok()) {
            if (outage == null) {
                openOutage(previousOk, h.checkedAt());
                LOG.warn("slave {} is down since its last good check at {}; its missed writes will be recovered",
                        slaveName, previousOk);
            }
            return cancelIfRunning();
        }
        if (outage != null && !h.checkedAt().isBefore(outage.openedAt())) {
            Instant from = outage.lastOk() != null ? outage.lastOk() : outage.openedAt();
            Instant start = from.minus(margin);
            Instant end = h.checkedAt().isAfter(start) ? h.checkedAt() : start.plusNanos(1);
            outage = null;
            TimeWindow w = owe(new TimeWindow(start, end));
            LOG.info("slave {} answers again; it owes {}", slaveName, w);
        }
        return Decision.NONE;
    }

    private void openOutage(Instant lastOk, Instant openedAt) {
        outage = new Outage(lastOk, openedAt);
        outageSinceTick = true;
    }

    private Decision cancelIfRunning() {
        if (running != null && !cancelRequested) {
            cancelRequested = true;
            LOG.warn("cancelling the recovery of {}: slave {} failed again", running.window(), slaveName);
            return Decision.cancelRunning();
        }
        return Decision.NONE;
    }

    /** Adds an outage window, merged with any owed outage window; returns the merged window. */
    private TimeWindow owe(TimeWindow w) {
        TimeWindow merged = w;
        int at = -1;
        for (int i = 0; i < owed.size(); i++) {
            if (owed.get(i).fromOutage()) {
                merged = merged.union(owed.get(i).window());
                if (at < 0) {
                    at = i;
                }
            }
        }
        owed.removeIf(Owed::fromOutage);
        owed.add(at < 0 ? 0 : Math.min(at, owed.size()), new Owed(merged, true));
        return merged;
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
            if (Boolean.FALSE.equals(was)) {
                LOG.info("node {} answers again ({} in {} ms)", name, h.version(), h.latency().toMillis());
                safe(() -> listener.nodeUp(name));
            }
        } else if (!Boolean.FALSE.equals(was)) {
            LOG.warn("node {} failed its health check: {} (last good check {})", name, h.error(),
                    t.lastOk == null ? "never" : t.lastOk);
            safe(() -> listener.nodeDown(name, h.error()));
        }
    }

    /** Queues a manual recovery of this window; it runs after owed outage windows. */
    public synchronized void requestRecovery(TimeWindow window) {
        Objects.requireNonNull(window, "window");
        owed.add(new Owed(window, false));
        LOG.info("recovery of {} requested", window);
    }

    /**
     * The supervisor's periodic evaluation: moves the state and, when both nodes answer, the slave
     * owes a window and no recovery runs, starts the recovery of the oldest owed window.
     */
    public synchronized Decision tick() {
        if (!ready) {
            return Decision.NONE;
        }
        ClusterState target;
        if (outage != null) {
            target = ClusterState.CHECK_SLAVE_DOWN;
        } else if (!owed.isEmpty() || running != null) {
            target = ClusterState.RECOVERING;
        } else {
            target = ClusterState.OK;
        }
        if (outageSinceTick && target != ClusterState.CHECK_SLAVE_DOWN && state != ClusterState.CHECK_SLAVE_DOWN) {
            move(ClusterState.CHECK_SLAVE_DOWN);
        }
        outageSinceTick = false;
        move(target);
        if (target == ClusterState.RECOVERING && running == null && !stopping
                && Boolean.TRUE.equals(master.ok) && Boolean.TRUE.equals(slave.ok)) {
            running = new RecoveryJob(nextJobId++, owed.get(0).window(), clock.instant());
            cancelRequested = false;
            LOG.info("recovering {} from {} to {}", running.window(), masterName, slaveName);
            return Decision.start(running);
        }
        if (target == ClusterState.RECOVERING && running == null && !Boolean.TRUE.equals(master.ok)) {
            LOG.warn("recovery waits: master {} does not answer", masterName);
        }
        return Decision.NONE;
    }

    /** True when the running job was asked to cancel (or is not the running job any more). */
    public synchronized boolean cancelRequested(RecoveryJob job) {
        return running == null || running.id() != job.id() || cancelRequested || stopping;
    }

    /**
     * Records the end of a recovery. A successful copy (ok, nothing skipped for a missing database or
     * retention policy) removes its window from the owed ones. A failed one (not cancelled by this
     * machine or by stopping) counts as a slave failure: a new outage opens from the slave's last good
     * check and the state goes back to {@link ClusterState#CHECK_SLAVE_DOWN}; unless the master's last
     * check failed, in which case the window just stays owed until the master answers again.
     *
     * @param report the copy's report, or null when the recovery failed before copying
     */
    public synchronized void recoveryFinished(RecoveryJob job, CopyReport report) {
        if (running == null || running.id() != job.id()) {
            return;
        }
        boolean cancelled = cancelRequested;
        running = null;
        cancelRequested = false;
        Instant now = clock.instant();
        if (report != null && !report.skipped().isEmpty()) {
            LOG.warn("recovery of {} skipped what the slave lacks the schema for: {}", job.window(), report.skipped());
        }
        if (report != null && report.ok() && report.skipped().isEmpty()) {
            for (int i = 0; i < owed.size(); i++) {
                if (owed.get(i).window().equals(job.window())) {
                    owed.remove(i);
                    break;
                }
            }
            numRecovers++;
            lastRecoverDuration = Duration.between(job.startedAt(), now);
            pointsRecovered += report.points();
            LOG.info("recovered {}: {} points in {} ms", job.window(), report.points(), lastRecoverDuration.toMillis());
            return;
        }
        if (cancelled || stopping) {
            LOG.info("recovery of {} cancelled; the window stays owed", job.window());
            return;
        }
        if (!Boolean.TRUE.equals(master.ok)) {
            LOG.warn("recovery of {} failed while master {} does not answer; the window stays owed", job.window(),
                    masterName);
            return;
        }
        LOG.warn("recovery of {} failed; the window stays owed and slave {} is treated as down", job.window(),
                slaveName);
        if (outage == null) {
            openOutage(slave.lastOk, now);
        }
        if (ready) {
            move(ClusterState.CHECK_SLAVE_DOWN);
        }
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
        safe(() -> listener.stateChanged(from, to));
    }

    /** The current state. */
    public synchronized ClusterState state() {
        return state;
    }

    /** An immutable snapshot. */
    public synchronized HaStatus status() {
        return new HaStatus(state, numRecovers, lastRecoverDuration, masterName, slaveName,
                Boolean.TRUE.equals(master.ok), master.lastOk, Boolean.TRUE.equals(slave.ok), slave.lastOk,
                pointsRecovered, owed.stream().map(Owed::window).toList());
    }

    private static void safe(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("monitor listener threw: {}", e.toString());
        }
    }
}
