package io.syncflux.core.monitor;

import io.syncflux.core.api.Selection;
import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.api.RepairPolicy;
import io.syncflux.core.config.CopySettings;
import io.syncflux.core.copy.ChunkedCopier;
import io.syncflux.core.event.CopyListener;
import io.syncflux.core.event.Listeners;
import io.syncflux.core.event.MonitorListener;
import io.syncflux.core.event.WorkUnit;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.report.CopyFailure;
import io.syncflux.core.report.CopyReport;
import io.syncflux.core.report.LastVerify;
import io.syncflux.core.report.SchemaReport;
import io.syncflux.core.schema.SchemaReplicator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the recoveries the {@link HaStateMachine} decides, one at a time, and reports each outcome back
 * to it. This is where "why was my window (not) recovered?" is answered: a recovery refreshes the
 * target's schema from the source (so that databases created during the outage exist), copies every
 * database and retention policy over the owed window with {@link ChunkedCopier} (skipping units an
 * interrupted run already copied, and marking each copied unit done in the journal as it goes), checks
 * the window with {@link WindowCheck} when the copy succeeded, and hands the copy report to
 * {@link HaStateMachine#recoveryFinished}: the window leaves the owed queue only when every range was
 * copied, or when the only failures are ranges the target refused for good (those are kept as
 * rejected, never retried).
 *
 * <p>{@link #run} is called on the monitor's recovery thread; {@link #cancel()} from any thread.
 */
public final class RecoveryRunner {
    private static final Logger LOG = LoggerFactory.getLogger(RecoveryRunner.class);

    private final HaStateMachine machine;
    private final EventDelivery events;
    private final CopySettings settings;
    private final Clock clock;
    private final MonitorListener listener;
    private final CopyListener copyListener;
    private final Runnable persist;
    private volatile ChunkedCopier current;
    private volatile LastVerify lastVerify;

    /**
     * @param machine      the state machine that decided the recoveries and is told their outcome
     * @param events       delivers the events the machine decides on an outcome
     * @param settings     how the recovery copies and its check read and write
     * @param clock        source of "now"
     * @param listener     receives recovery and verify events
     * @param copyListener receives the plan and unit events of recovery copies
     * @param persist      writes the machine's durable state to the journal (called after each copied unit
     *                     and at the end)
     */
    public RecoveryRunner(HaStateMachine machine, EventDelivery events, CopySettings settings, Clock clock,
                          MonitorListener listener, CopyListener copyListener, Runnable persist) {
        this.machine = machine;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
        this.listener = listener;
        this.copyListener = copyListener;
        this.persist = persist;
    }

    /** The check of the last recovered window, or null before the first. */
    public LastVerify lastVerify() {
        return lastVerify;
    }

    /** Cancels the running copy, if any; its window stays owed. Safe from any thread. */
    public void cancel() {
        ChunkedCopier c = current;
        if (c != null) {
            c.cancel();
        }
    }

    /** Remembers the copier that runs now (also the initial replication's), so that {@link #cancel} reaches it. */
    void running(ChunkedCopier copier) {
        current = copier;
    }

    /**
     * Runs one recovery to its end and reports it to the state machine. Never throws: a recovery that
     * fails before copying is reported as a failed copy of its whole window.
     */
    public void run(RecoveryJob job, InfluxNode from, InfluxNode to) {
        TimeWindow w = job.window();
        safe(() -> listener.recoveryStarted(w));
        CopyReport report;
        String unverified = null;
        try {
            report = copy(job, from, to);
            if (report.ok() && report.skipped().isEmpty() && !machine.cancelRequested(job)) {
                // the copy is not taken on trust: the window is compared by content and repaired
                LastVerify v = WindowCheck.run(LastVerify.Reason.RECOVERY, from, to, w, RepairPolicy.ONE_WAY, settings, clock);
                lastVerify = v;
                safe(() -> listener.verified(v));
                if (!v.targetComplete()) {
                    unverified = v.error() != null && v.differingChunks() == 0
                            ? "its content check could not run (" + v.error() + ")"
                            : "its content check still finds " + to.name() + " lacking points or holding other values";
                    report = withFailure(report, w, "content check after the copy: " + unverified);
                } else if (!v.consistent()) {
                    LOG.warn("recovery of {}: {} holds points {} lacks; they are kept (a recovery never deletes)", w,
                            to.name(), from.name());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("recovery of {} failed: {}", w, e.getMessage());
            report = new CopyReport(w, List.of(), List.of(CopyFailure.ofWindow(w,
                    String.valueOf(e.getMessage()), CopyFailure.Cause.of(e))), List.of(), List.of(), Duration.ZERO,
                    false);
        } finally {
            current = null;
        }
        // the event comes before the state change it causes, so listeners see "finished" then "OK"
        CopyReport r = report;
        safe(() -> listener.recoveryFinished(w, r));
        String why = unverified;
        events.run(() -> why != null ? machine.recoveryUnverified(job, why) : machine.recoveryFinished(job, r));
        persist.run();
    }

    private static CopyReport withFailure(CopyReport r, TimeWindow w, String error) {
        List<CopyFailure> failures = new java.util.ArrayList<>(r.failures());
        failures.add(CopyFailure.ofWindow(w, error, CopyFailure.Cause.OTHER));
        return new CopyReport(r.window(), r.perRp(), failures, r.conflicts(), r.skipped(), r.elapsed(), r.cancelled(),
                r.rateLimit());
    }

    private CopyReport copy(RecoveryJob job, InfluxNode from, InfluxNode to) {
        TimeWindow w = job.window();
        SchemaReport schema = SchemaReplicator.builder().source(from).destination(to)
                .selection(Selection.ALL).build().run();
        if (!schema.ok()) {
            LOG.warn("schema refresh before recovery incomplete: {}", schema.mismatches());
        }
        Set<String> done = new HashSet<>(job.done());
        AtomicInteger resumed = new AtomicInteger();
        // same window and chunk length as the interrupted run, so unit keys match
        ChunkedCopier copier = ChunkedCopier.builder().source(from).destination(to)
                .selection(Selection.ALL).window(w).settings(settings).clock(clock)
                .alreadyCopied(u -> {
                    boolean d = done.contains(u.key());
                    if (d) {
                        resumed.incrementAndGet();
                    }
                    return d;
                })
                .listener(progress(job)).build();
        current = copier;
        if (machine.cancelRequested(job)) {
            copier.cancel();
        }
        CopyReport report = copier.run();
        if (resumed.get() > 0) {
            LOG.info("resumed recovery of {} to {}: skipped {} units already copied by an earlier run", w,
                    job.to(), resumed.get());
        }
        return report;
    }

    /** Marks each copied unit done in the journal before the next one counts, and forwards unit events. */
    private CopyListener progress(RecoveryJob job) {
        return new CopyListener() {
            @Override
            public void planned(int units, TimeWindow window) {
                copyListener.planned(units, window);
            }

            @Override
            public void unitStarted(WorkUnit unit) {
                copyListener.unitStarted(unit);
            }

            @Override
            public void pointsWritten(WorkUnit unit, long points, long bytes) {
                copyListener.pointsWritten(unit, points, bytes);
            }

            @Override
            public void pointsSuperseded(WorkUnit unit, long points, long bytes) {
                copyListener.pointsSuperseded(unit, points, bytes);
            }

            @Override
            public void unitFinished(WorkUnit unit, long points) {
                if (machine.unitDone(job, unit.key())) {
                    persist.run();
                }
                copyListener.unitFinished(unit, points);
            }

            @Override
            public void unitFailed(WorkUnit unit, String error) {
                copyListener.unitFailed(unit, error);
            }

            @Override
            public void retrying(WorkUnit unit, int attempt, String error, CopyFailure.Cause cause) {
                copyListener.retrying(unit, attempt, error, cause);
            }
        };
    }

    private static void safe(Runnable r) {
        Listeners.call(LOG, "monitor listener", r);
    }
}
