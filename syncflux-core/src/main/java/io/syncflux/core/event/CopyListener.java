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
     * Points were written for the unit (called after each write request the destination took, in whole or
     * in part). A range written again after a failure reports its points again; {@link #pointsSuperseded}
     * then tells how many of those reported before were the failed attempt's.
     *
     * @param unit   the unit, the range of several units read together by one query, or, during the
     *               recovery pass, one of the unit's parts
     * @param points points the destination took in this write request
     * @param bytes  line protocol bytes in this write request
     */
    default void pointsWritten(WorkUnit unit, long points, long bytes) {
    }

    /**
     * An attempt that wrote points failed and its range will be written again (a retry, the recovery pass,
     * or the units of a failed read of several units copied one by one): the points and bytes this attempt
     * reported through {@link #pointsWritten} will be reported again by the next one. The copy's report
     * counts each point once, by the attempt that completed its range; a running total that subtracts these
     * counts the same. Called only when the attempt wrote something.
     *
     * @param unit   the range of the failed attempt, as given to {@link #pointsWritten}
     * @param points points the failed attempt wrote
     * @param bytes  line protocol bytes the failed attempt wrote
     */
    default void pointsSuperseded(WorkUnit unit, long points, long bytes) {
    }

    /**
     * A read or write failed and will be tried again: a unit after the retry delay, or at once, when a read
     * of several units together failed, each of those units on its own (with its own retries).
     *
     * @param unit    the unit, or the range of the units read together
     * @param attempt the unit's retry about to be made, from 1 to the configured maximum; 0 when the units
     *                of a failed read of several units are copied again one by one
     * @param error   the failure, one line (for a refused write, the server's reason)
     * @param cause   what kind of failure it was (a failed read or write, a timeout, a refusal)
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
