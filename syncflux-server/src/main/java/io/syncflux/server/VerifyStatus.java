package io.syncflux.server;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.report.VerifyReport;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;

/**
 * The last or running verify of {@code POST /api/action/verify}, as {@code GET /api/verify} shows it.
 *
 * @param phase      where the verify is
 * @param window     the compared window, or null when idle
 * @param repair     whether differing chunks are copied
 * @param startedAt  when it started, or null when idle
 * @param finishedAt when it ended, or null when idle or running
 * @param report     the result when {@link Phase#DONE}, else null
 * @param error      a one-line reason when {@link Phase#FAILED}, else null
 */
record VerifyStatus(Phase phase, TimeWindow window, boolean repair, Instant startedAt, Instant finishedAt,
                    VerifyReport report, String error) {
    /** Nothing has been verified since the server started. */
    static final VerifyStatus IDLE = new VerifyStatus(Phase.IDLE, null, false, null, null, null, null);

    /** The phases; a verify moves idle/done/failed → running → done or failed. */
    enum Phase {
        IDLE, RUNNING, DONE, FAILED;

        boolean canMoveTo(Phase next) {
            return switch (this) {
                case IDLE, DONE, FAILED -> next == RUNNING;
                case RUNNING -> EnumSet.of(DONE, FAILED).contains(next);
            };
        }

        /** The JSON value. */
        String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    VerifyStatus {
        Objects.requireNonNull(phase, "phase");
        if (phase != Phase.IDLE) {
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(startedAt, "startedAt");
        }
        if (phase == Phase.DONE) {
            Objects.requireNonNull(report, "report");
        }
        if (phase == Phase.FAILED) {
            Objects.requireNonNull(error, "error");
        }
    }

    /** A verify of this window started at {@code now}. */
    VerifyStatus start(TimeWindow w, boolean withRepair, Instant now) {
        check(Phase.RUNNING);
        return new VerifyStatus(Phase.RUNNING, w, withRepair, now, null, null, null);
    }

    /** This running verify ended with a report. */
    VerifyStatus done(VerifyReport r, Instant now) {
        check(Phase.DONE);
        return new VerifyStatus(Phase.DONE, window, repair, startedAt, now, Objects.requireNonNull(r, "report"), null);
    }

    /** This running verify stopped with an error. */
    VerifyStatus failed(String reason, Instant now) {
        check(Phase.FAILED);
        return new VerifyStatus(Phase.FAILED, window, repair, startedAt, now, null, reason);
    }

    private void check(Phase next) {
        if (!phase.canMoveTo(next)) {
            throw new IllegalStateException("a verify cannot move from " + phase.key() + " to " + next.key());
        }
    }
}
