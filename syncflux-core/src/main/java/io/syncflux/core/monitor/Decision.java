package io.syncflux.core.monitor;

/**
 * What the state machine wants its driver to do after an input.
 *
 * @param start  a recovery to run now, or null
 * @param cancel true when the running recovery must be cancelled (the slave failed again)
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
