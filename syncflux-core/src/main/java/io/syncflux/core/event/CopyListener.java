package io.syncflux.core.event;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.report.CopyFailure;

/**
 * Progress of a copy. Every {@link #unitStarted} is followed by exactly one {@link #unitFinished} or
 * {@link #unitFailed} for the same unit (sub-units of the recovery pass report only their own
 * failures). Methods are called from worker threads, concurrently: keep them fast and thread-safe.
 * A listener that throws is logged and otherwise ignored.
 */
public interface CopyListener {
    /** A listener that does nothing. */
    CopyListener NONE = new CopyListener() {
    };

    /**
     * Called once before any work.
     *
     * @param units  the number of units planned (0 when there is nothing to copy)
     * @param window the window copied (with {@code full}, the widest of the retention policies' windows)
     */
    default void planned(int units, TimeWindow window) {
    }

    /**
     * A source database or retention policy that has no counterpart on the destination; called while
     * planning, before {@link #planned}.
     *
     * @param db     the source database
     * @param rp     the source retention policy, or "" when the whole database is skipped
     * @param reason one line for an operator
     */
    default void skipped(String db, String rp, String reason) {
    }

    /**
     * A worker took the unit.
     *
     * @param unit the unit
     */
    default void unitStarted(WorkUnit unit) {
    }

    /**
     * Points were written for the unit (called after each successful write request).
     *
     * @param unit   the unit (or, during the recovery pass, one of its parts)
     * @param points points in this write request
     * @param bytes  line protocol bytes in this write request
     */
    default void pointsWritten(WorkUnit unit, long points, long bytes) {
    }

    /**
     * A read or write failed and the unit will be tried again after the retry delay.
     *
     * @param unit    the unit
     * @param attempt the retry about to be made, from 1 to the configured maximum
     * @param error   the failure, one line
     * @param cause   what kind of failure it was (a failed read or write, or a timeout)
     */
    default void retrying(WorkUnit unit, int attempt, String error, CopyFailure.Cause cause) {
    }

    /**
     * The unit was copied completely.
     *
     * @param unit   the unit
     * @param points points written by its last, successful attempt (0 when it was completed by the
     *               recovery pass, whose writes are reported through {@link #pointsWritten})
     */
    default void unitFinished(WorkUnit unit, long points) {
    }

    /**
     * The unit could not be copied (after retries and the split recovery pass); the report lists the
     * ranges that are missing.
     *
     * @param unit  the unit
     * @param error the last failure, one line
     */
    default void unitFailed(WorkUnit unit, String error) {
    }
}
