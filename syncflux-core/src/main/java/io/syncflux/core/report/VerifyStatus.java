package io.syncflux.core.report;

import io.syncflux.core.api.TimeWindow;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;

/**
 * The last or running on-demand verify of an HA monitor ({@link io.syncflux.core.HaMonitor#verify}).
 *
 * @param phase      where the verify is
 * @param window     the compared window, or null when idle
 * @param repair     whether differing series are written
 * @param startedAt  when it was asked for, or null when idle
 * @param finishedAt when it ended, or null when idle or running
 * @param report     the result when {@link Phase#DONE}, else null
 * @param error      a one-line reason when {@link Phase#FAILED}, else null
 * @param stepsAside how often it waited for a recovery (before it started, or stopped between chunks to
 *                   start again once the recovery ended)
 */
public record VerifyStatus(Phase phase, TimeWindow window, boolean repair, Instant startedAt, Instant finishedAt,
                           VerifyReport report, String error, int stepsAside) {
    /** Nothing has been verified since the monitor was built. */
    public static final VerifyStatus IDLE = new VerifyStatus(Phase.IDLE, null, false, null, null, null, null, 0);

    /** The phases; a verify moves idle/done/failed → running → done or failed. */
    public enum Phase {
        /** None yet. */
        IDLE,
        /** Running, or waiting for a recovery to end. */
        RUNNING,
        /** Ended with a report. */
        DONE,
        /** Ended without a report. */
        FAILED;

        /** True when a status in this phase may be followed by one in {@code next}. */
        public boolean canMoveTo(Phase next) {
            return switch (this) {
                case IDLE, DONE, FAILED -> next == RUNNING;
                case RUNNING -> EnumSet.of(DONE, FAILED).contains(next);
            };
        }

        /** Lower case name, e.g. for JSON. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @throws NullPointerException when a part its phase needs is null
     */
    public VerifyStatus {
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

    /**
     * A verify of this window asked for at {@code now}.
     *
     * @throws IllegalStateException when this one is running
     */
    public VerifyStatus start(TimeWindow w, boolean withRepair, Instant now) {
        check(Phase.RUNNING);
        return new VerifyStatus(Phase.RUNNING, w, withRepair, now, null, null, null, 0);
    }

    /** This running verify stepped aside once more for a recovery. */
    public VerifyStatus steppedAside() {
        if (phase != Phase.RUNNING) {
            throw new IllegalStateException("a verify steps aside only while running, not when " + phase.key());
        }
        return new VerifyStatus(phase, window, repair, startedAt, null, null, null, stepsAside + 1);
    }

    /**
     * This running verify ended with a report.
     *
     * @throws IllegalStateException when this one is not running
     */
    public VerifyStatus done(VerifyReport r, Instant now) {
        check(Phase.DONE);
        return new VerifyStatus(Phase.DONE, window, repair, startedAt, now, Objects.requireNonNull(r, "report"), null,
                stepsAside);
    }

    /**
     * This running verify stopped with an error.
     *
     * @throws IllegalStateException when this one is not running
     */
    public VerifyStatus failed(String reason, Instant now) {
        check(Phase.FAILED);
        return new VerifyStatus(Phase.FAILED, window, repair, startedAt, now, null, reason, stepsAside);
    }

    private void check(Phase next) {
        if (!phase.canMoveTo(next)) {
            throw new IllegalStateException("a verify cannot move from " + phase.key() + " to " + next.key());
        }
    }
}
