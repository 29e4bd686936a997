package io.syncflux.core.testing;

import io.syncflux.core.event.CopyListener;
import io.syncflux.core.event.WorkUnit;
import io.syncflux.core.report.CopyFailure;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link CopyListener} that records what a copy tells it and checks the listener contract on the way:
 * every {@link #unitStarted} is followed by exactly one {@link #unitFinished} or {@link #unitFailed} for the
 * same unit, and no unit ends that was not started. A copier ignores a listener that throws, so a broken
 * contract is remembered, not thrown: {@link #assertEachUnitEndedOnce()} fails the test with every breach.
 * A unit may start again after it ended (a later recovery of the same window). The lists are live and
 * thread-safe (copies call from worker threads).
 */
public final class RecordingCopyListener implements CopyListener {
    /** A point write reported through {@link #pointsWritten}. */
    public record Write(WorkUnit unit, long points, long bytes) {
    }

    /** A retry reported through {@link #retrying}. */
    public record Retry(WorkUnit unit, int attempt, String error, CopyFailure.Cause cause) {
    }

    private final List<String> skipped = new CopyOnWriteArrayList<>();
    private final List<WorkUnit> started = new CopyOnWriteArrayList<>();
    private final List<WorkUnit> finished = new CopyOnWriteArrayList<>();
    private final List<WorkUnit> failed = new CopyOnWriteArrayList<>();
    private final List<Write> writes = new CopyOnWriteArrayList<>();
    private final List<Retry> retries = new CopyOnWriteArrayList<>();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong writtenBytes = new AtomicLong();
    private final AtomicLong superseded = new AtomicLong();
    private final AtomicLong supersededBytes = new AtomicLong();
    private final Object lock = new Object();
    /** Units started and not ended yet, by key. */
    private final Map<String, WorkUnit> open = new HashMap<>();
    /** Units that ended, by key, to tell a second end from an end with no start. */
    private final Map<String, WorkUnit> ended = new HashMap<>();
    private final List<String> breaches = new ArrayList<>();

    @Override
    public void skipped(String db, String rp, String reason) {
        skipped.add(db + ":" + reason);
    }

    @Override
    public void unitStarted(WorkUnit unit) {
        synchronized (lock) {
            if (open.putIfAbsent(unit.key(), unit) != null) {
                breaches.add("started again before it ended: " + unit.describe());
            }
            ended.remove(unit.key());
        }
        started.add(unit);
    }

    @Override
    public void pointsWritten(WorkUnit unit, long points, long bytes) {
        writes.add(new Write(unit, points, bytes));
        written.addAndGet(points);
        writtenBytes.addAndGet(bytes);
    }

    @Override
    public void pointsSuperseded(WorkUnit unit, long points, long bytes) {
        superseded.addAndGet(points);
        supersededBytes.addAndGet(bytes);
    }

    @Override
    public void retrying(WorkUnit unit, int attempt, String error, CopyFailure.Cause cause) {
        retries.add(new Retry(unit, attempt, error, cause));
    }

    @Override
    public void unitFinished(WorkUnit unit, long points) {
        end(unit, "finished");
        finished.add(unit);
    }

    @Override
    public void unitFailed(WorkUnit unit, String error) {
        end(unit, "failed (" + error + ")");
        failed.add(unit);
    }

    private void end(WorkUnit unit, String how) {
        synchronized (lock) {
            if (open.remove(unit.key()) != null) {
                ended.put(unit.key(), unit);
            } else if (ended.containsKey(unit.key())) {
                breaches.add("ended twice, again " + how + ": " + unit.describe());
            } else {
                breaches.add(how + " without a start: " + unit.describe());
            }
        }
    }

    /**
     * Fails unless every unit started ended exactly once and every unit that ended was started.
     *
     * @return this, for more assertions
     * @throws AssertionError listing each breach: a unit that never ended, ended twice or ended unstarted
     */
    public RecordingCopyListener assertEachUnitEndedOnce() {
        List<String> all;
        synchronized (lock) {
            all = new ArrayList<>(breaches);
            open.values().forEach(u -> all.add("started, never ended: " + u.describe()));
        }
        if (!all.isEmpty()) {
            throw new AssertionError("the copy broke the listener contract:\n  " + String.join("\n  ", all));
        }
        return this;
    }

    /** {@code DB:REASON} of every database or retention policy skipped while planning. */
    public List<String> skipped() {
        return skipped;
    }

    /** Every unit started, in order. */
    public List<WorkUnit> started() {
        return started;
    }

    /** The start of every unit started, in order. */
    public List<Instant> starts() {
        return started.stream().map(WorkUnit::start).toList();
    }

    /** Every unit that finished, in order. */
    public List<WorkUnit> finished() {
        return finished;
    }

    /** Every unit that failed, in order. */
    public List<WorkUnit> failed() {
        return failed;
    }

    /** Every write reported, in order. */
    public List<Write> writes() {
        return writes;
    }

    /** Every retry reported, in order. */
    public List<Retry> retries() {
        return retries;
    }

    /** Points reported written, counting a range written again each time. */
    public long written() {
        return written.get();
    }

    /** Bytes reported written, counting a range written again each time. */
    public long writtenBytes() {
        return writtenBytes.get();
    }

    /** Points reported written by attempts that failed and were written again. */
    public long superseded() {
        return superseded.get();
    }

    /** Bytes reported written by attempts that failed and were written again. */
    public long supersededBytes() {
        return supersededBytes.get();
    }

    /** The running total a progress display keeps: points written less those superseded. */
    public long total() {
        return written.get() - superseded.get();
    }
}
