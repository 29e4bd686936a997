package io.syncflux.server;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.event.ClusterState;
import io.syncflux.core.event.CopyListener;
import io.syncflux.core.event.MonitorListener;
import io.syncflux.core.event.WorkUnit;
import io.syncflux.core.influx.NodeHealth;
import io.syncflux.core.report.AntiEntropyResult;
import io.syncflux.core.report.CopyReport;
import io.syncflux.core.report.LastVerify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the status page shows beyond {@link io.syncflux.core.monitor.HaStatus}, kept in memory as the
 * monitor reports it: the last health check of each node, a bounded history of events (state changes, node
 * outages, recoveries, checks by content) for the 24-hour timeline, the last checks, and the progress of
 * the running recovery. Memory is bounded by {@link #capacity} events however long the daemon runs or a
 * node flaps; when the oldest event is dropped, the state it set is kept as the baseline the timeline
 * starts from.
 *
 * <p>Thread-safe: the listeners are called from the monitor's threads and the copy workers, {@link
 * #snapshot()} from HTTP threads; every method holds this object's lock briefly and never does I/O.
 */
final class StatusHistory {
    /** Events kept by default: days of a node flapping every few minutes. */
    static final int DEFAULT_CAPACITY = 2000;
    /** Last checks by content (recovery, downtime, anti-entropy) kept for the table. */
    static final int CHECKS_KEPT = 10;

    /** What happened. */
    enum Kind {
        /** The cluster moved to {@link Event#state()}. */
        STATE,
        /** A node's check result flipped to good ({@link Event#ok()}) or failed, or its first result. */
        NODE,
        /** A node answered as another server process: it restarted between two checks. */
        RESTART,
        /** A recovery of {@link Event#window()} started. */
        RECOVERY_STARTED,
        /** A recovery ended; {@link Event#ok()} when it copied everything, {@link Event#points()} written. */
        RECOVERY_FINISHED,
        /** A window was checked by content (after a recovery, or the downtime); see {@link Event#verify()}. */
        VERIFIED,
        /** A background content check ended; see {@link Event#antiEntropy()}. */
        ANTI_ENTROPY
    }

    /**
     * One event.
     *
     * @param at          when it happened
     * @param kind        what happened
     * @param node        the node, for NODE and RESTART, else null
     * @param state       the new cluster state, for STATE, else null
     * @param ok          NODE: the node answers; RECOVERY_FINISHED: everything was copied
     * @param window      the recovered window, for RECOVERY_*, else null
     * @param points      points written, for RECOVERY_FINISHED
     * @param text        a one-line detail (a node's error), or null
     * @param verify      the check, for VERIFIED, else null
     * @param antiEntropy the background check, for ANTI_ENTROPY, else null
     */
    record Event(Instant at, Kind kind, String node, ClusterState state, boolean ok, TimeWindow window, long points,
                 String text, LastVerify verify, AntiEntropyResult antiEntropy) {
        Event {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(kind, "kind");
        }
    }

    /**
     * The running recovery, as far as its copy went.
     *
     * @param window      the window being recovered
     * @param startedAt   when it started
     * @param unitsPlanned units the copy planned (0 until planned)
     * @param unitsDone   units copied or given up
     * @param unitsFailed units given up
     * @param points      points written so far
     */
    record Progress(TimeWindow window, Instant startedAt, int unitsPlanned, int unitsDone, int unitsFailed,
                    long points) {
        /** Points per second since the start, 0 before the first second. */
        long rate(Instant now) {
            long ms = Duration.between(startedAt, now).toMillis();
            return ms <= 0 ? 0 : points * 1000 / ms;
        }

        /** The time left if the remaining units go as fast as those done, or null before the first is done. */
        Duration eta(Instant now) {
            if (unitsDone == 0 || unitsPlanned == 0) {
                return null;
            }
            long ms = Duration.between(startedAt, now).toMillis();
            return Duration.ofMillis(Math.max(0, ms * (unitsPlanned - unitsDone) / unitsDone));
        }
    }

    /**
     * A consistent copy of everything, for one rendering of the page.
     *
     * @param startedAt  when the history started (the daemon's start)
     * @param baseline   events dropped from the history that still set the state at its start: the last
     *                   STATE and each node's last NODE event before the oldest kept event
     * @param events     kept events, oldest first
     * @param checks     the last checks by content (VERIFIED and ANTI_ENTROPY events), newest first
     * @param nodes      each node's last health check, by name
     * @param recovery   the running recovery, or null
     */
    record Snapshot(Instant startedAt, List<Event> baseline, List<Event> events, List<Event> checks,
                    Map<String, NodeHealth> nodes, Progress recovery) {
    }

    private final Clock clock;
    private final int capacity;
    private final Instant startedAt;
    private final Deque<Event> events = new ArrayDeque<>();
    private final Deque<Event> checks = new ArrayDeque<>();
    private final Map<String, Event> baseline = new LinkedHashMap<>();
    private final Map<String, NodeHealth> nodes = new LinkedHashMap<>();
    private final Map<String, Boolean> nodeUp = new LinkedHashMap<>();
    private Progress recovery;

    /**
     * @param capacity events kept at most (at least 10)
     * @param initial  the cluster's state now (the timeline starts with it)
     */
    StatusHistory(Clock clock, int capacity, ClusterState initial) {
        if (capacity < 10) {
            throw new IllegalArgumentException("capacity must be at least 10, got " + capacity);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.capacity = capacity;
        this.startedAt = clock.instant();
        add(new Event(startedAt, Kind.STATE, null, initial, false, null, 0, null, null, null));
    }

    /** The listener to give the monitor; fast, never throws. */
    MonitorListener monitorListener() {
        return new MonitorListener() {
            @Override
            public void stateChanged(ClusterState from, ClusterState to) {
                add(new Event(clock.instant(), Kind.STATE, null, to, false, null, 0, null, null, null));
            }

            @Override
            public void nodeChecked(NodeHealth health) {
                checked(health);
            }

            @Override
            public void nodeRestarted(String name) {
                add(new Event(clock.instant(), Kind.RESTART, name, null, true, null, 0, null, null, null));
            }

            @Override
            public void recoveryStarted(TimeWindow window) {
                started(window);
            }

            @Override
            public void recoveryFinished(TimeWindow window, CopyReport report) {
                finished(window, report);
            }

            @Override
            public void verified(LastVerify outcome) {
                check(new Event(outcome.at(), Kind.VERIFIED, null, null, outcome.consistent(), outcome.window(), 0,
                        outcome.error(), outcome, null));
            }

            @Override
            public void antiEntropyPassed(AntiEntropyResult r) {
                check(new Event(r.finishedAt(), Kind.ANTI_ENTROPY, null, null, false, r.window(), r.pointsRepaired(),
                        r.error(), null, r));
            }
        };
    }

    /** The listener of recovery copies: counts planned and done units and written points; fast, never throws. */
    CopyListener copyListener() {
        return new CopyListener() {
            @Override
            public void planned(int units, TimeWindow window) {
                progress(p -> new Progress(p.window(), p.startedAt(), units, 0, 0, p.points()));
            }

            @Override
            public void pointsWritten(WorkUnit unit, long points, long bytes) {
                progress(p -> new Progress(p.window(), p.startedAt(), p.unitsPlanned(), p.unitsDone(),
                        p.unitsFailed(), p.points() + points));
            }

            /** Written again by a retry: each point counts once, as in the recovery's report. */
            @Override
            public void pointsSuperseded(WorkUnit unit, long points, long bytes) {
                progress(p -> new Progress(p.window(), p.startedAt(), p.unitsPlanned(), p.unitsDone(),
                        p.unitsFailed(), p.points() - points));
            }

            @Override
            public void unitFinished(WorkUnit unit, long points) {
                progress(p -> new Progress(p.window(), p.startedAt(), p.unitsPlanned(), p.unitsDone() + 1,
                        p.unitsFailed(), p.points()));
            }

            @Override
            public void unitFailed(WorkUnit unit, String error) {
                progress(p -> new Progress(p.window(), p.startedAt(), p.unitsPlanned(), p.unitsDone() + 1,
                        p.unitsFailed() + 1, p.points()));
            }
        };
    }

    private synchronized void progress(java.util.function.UnaryOperator<Progress> change) {
        if (recovery != null) {
            recovery = change.apply(recovery);
        }
    }

    private synchronized void checked(NodeHealth h) {
        nodes.put(h.node(), h);
        Boolean was = nodeUp.put(h.node(), h.ok());
        if (was == null || was != h.ok()) {
            add(new Event(h.checkedAt(), Kind.NODE, h.node(), null, h.ok(), null, 0, h.ok() ? null : h.error(),
                    null, null));
        }
    }

    private synchronized void started(TimeWindow window) {
        Instant now = clock.instant();
        recovery = new Progress(window, now, 0, 0, 0, 0);
        add(new Event(now, Kind.RECOVERY_STARTED, null, null, false, window, 0, null, null, null));
    }

    private synchronized void finished(TimeWindow window, CopyReport report) {
        recovery = null;
        add(new Event(clock.instant(), Kind.RECOVERY_FINISHED, null, null, report.ok(), window, report.points(),
                report.ok() ? null : report.failures().size() + " range(s) not copied", null, null));
    }

    private synchronized void check(Event e) {
        checks.addFirst(e);
        while (checks.size() > CHECKS_KEPT) {
            checks.removeLast();
        }
        add(e);
    }

    private synchronized void add(Event e) {
        events.addLast(e);
        while (events.size() > capacity) {
            Event dropped = events.removeFirst();
            if (dropped.kind() == Kind.STATE) {
                baseline.put("", dropped);
            } else if (dropped.kind() == Kind.NODE) {
                baseline.put(dropped.node(), dropped);
            }
        }
    }

    /** Everything, copied; cheap. */
    synchronized Snapshot snapshot() {
        return new Snapshot(startedAt, List.copyOf(baseline.values()), List.copyOf(events), List.copyOf(checks),
                Map.copyOf(nodes), recovery);
    }
}
