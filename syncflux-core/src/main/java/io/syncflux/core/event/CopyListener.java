package io.syncflux.core.event;

import io.syncflux.core.TimeWindow;

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

    /** Called once before any work, with the number of units planned. */
    default void planned(int units, TimeWindow window) {
    }

    /** A source database or retention policy that has no counterpart on the destination. */
    default void skipped(String db, String rp, String reason) {
    }

    /** A worker took the unit. */
    default void unitStarted(WorkUnit unit) {
    }

    /** Points were written for the unit (called after each write request). */
    default void pointsWritten(WorkUnit unit, long points, long bytes) {
    }

    /** A read or write failed and will be tried again after the retry delay. */
    default void retrying(WorkUnit unit, int attempt, String error) {
    }

    /** The unit was copied completely. */
    default void unitFinished(WorkUnit unit, long points) {
    }

    /** The unit could not be copied (after retries and the split recovery pass). */
    default void unitFailed(WorkUnit unit, String error) {
    }
}
