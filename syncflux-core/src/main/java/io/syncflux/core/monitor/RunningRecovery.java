package io.syncflux.core.monitor;

import io.syncflux.core.journal.PendingRecovery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * The one recovery that may run at a time: the job, whether it was asked to cancel, and the ids of new
 * jobs. Not thread-safe: {@link HaStateMachine} holds it under its lock.
 */
final class RunningRecovery {
    // logs as the state machine, whose lines these always were
    private static final Logger LOG = LoggerFactory.getLogger(HaStateMachine.class);

    private RecoveryJob job;
    private boolean cancelRequested;
    private long nextId = 1;

    /** Starts the recovery of an owed window (none may be running). */
    RecoveryJob start(PendingRecovery p, Instant now) {
        job = new RecoveryJob(nextId++, now, p);
        cancelRequested = false;
        LOG.info("recovering {} from {} to {}{}", job.window(), p.from(), p.to(),
                p.done().isEmpty() ? "" : " (" + p.done().size() + " units already done)");
        return job;
    }

    /** The owed window the running recovery copies, or null when none runs. */
    String owedId() {
        return job == null ? null : job.owedId();
    }

    /** True while a recovery runs. */
    boolean isRunning() {
        return job != null;
    }

    /** True when {@code j} is the running recovery. */
    boolean is(RecoveryJob j) {
        return job != null && job.id() == j.id();
    }

    /**
     * Ends the running recovery.
     *
     * @return true when it had been asked to cancel
     */
    boolean end() {
        boolean cancelled = cancelRequested;
        job = null;
        cancelRequested = false;
        return cancelled;
    }

    /**
     * Asks the running recovery to cancel when {@code failed} is its source or target.
     *
     * @return true when this asked it (only the first time)
     */
    boolean cancelIfInvolves(String failed) {
        if (job == null || cancelRequested || !job.to().equals(failed) && !job.from().equals(failed)) {
            return false;
        }
        cancelRequested = true;
        LOG.warn("cancelling the recovery of {} to {}: {} failed again", job.window(), job.to(), failed);
        return true;
    }

    /** True when {@code j} was asked to cancel, or is not the running recovery (any more). */
    boolean cancelRequested(RecoveryJob j) {
        return !is(j) || cancelRequested;
    }
}
