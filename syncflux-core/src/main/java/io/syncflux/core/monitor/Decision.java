package io.syncflux.core.monitor;

/**
 * What the state machine wants its driver to do after an input (the {@link Step#decision()} part of its
 * answer; the listener events are the other part).
 *
 * @param start  a recovery to run now, or null
 * @param cancel true when the running recovery must be cancelled: its source or its target failed a check
 *               or answered as another server process (it restarted), in either sync mode
 */
public record Decision(RecoveryJob start, boolean cancel) {
    /** Nothing to do. */
    public static final Decision NONE = new Decision(null, false);

    /** Run this recovery. */
    public static Decision start(RecoveryJob job) {
        return new Decision(job, false);
    }

    /** Cancel the running recovery. */
    public static Decision cancelRunning() {
        return new Decision(null, true);
    }
}
