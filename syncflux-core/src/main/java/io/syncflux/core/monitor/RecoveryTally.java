package io.syncflux.core.monitor;

import io.syncflux.core.journal.RejectedRange;
import io.syncflux.core.report.CopyFailure;
import io.syncflux.core.report.CopyReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What recoveries achieved since start (for the status) and the ranges targets refused for good (for the
 * status and the journal). Not thread-safe: {@link HaStateMachine} holds it under its lock.
 */
final class RecoveryTally {
    // logs as the state machine, whose lines these always were
    private static final Logger LOG = LoggerFactory.getLogger(HaStateMachine.class);
    /** Rejected ranges kept for the status and the journal; the oldest are dropped beyond this. */
    static final int MAX_REJECTED = 1000;

    private final List<RejectedRange> rejected = new ArrayList<>();
    private int count;
    private Duration lastDuration = Duration.ZERO;
    private long points;

    /** Adds the rejected ranges a previous run kept. */
    void restoreRejected(List<RejectedRange> ranges) {
        rejected.addAll(ranges);
    }

    /**
     * Keeps each failure of {@code report} (all refused for good by {@code job}'s target) as a rejected
     * range, replacing an earlier one of the same range.
     */
    void rejected(RecoveryJob job, CopyReport report, Instant now) {
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

    /** Counts a recovery that ended its window. */
    void recovered(RecoveryJob job, CopyReport report, Instant now) {
        count++;
        lastDuration = Duration.between(job.startedAt(), now);
        points += report.points();
        LOG.info("recovered {} to {}: {} points in {} ms", job.window(), job.to(), report.points(),
                lastDuration.toMillis());
    }

    /** Rejected ranges, oldest first (a read-only view). */
    List<RejectedRange> rejected() {
        return Collections.unmodifiableList(rejected);
    }

    int count() {
        return count;
    }

    Duration lastDuration() {
        return lastDuration;
    }

    long points() {
        return points;
    }
}
