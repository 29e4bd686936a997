package io.syncflux.core.monitor;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.journal.PendingRecovery;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One recovery the state machine asked for: copy the window the owed recovery names from its source to its
 * target, skipping the work units already done by an earlier, interrupted run.
 *
 * @param id        increasing number, unique within one state machine
 * @param startedAt when the state machine started it (its clock)
 * @param owed      the owed window being recovered, as the journal keeps it (with its done units then)
 */
public record RecoveryJob(long id, Instant startedAt, PendingRecovery owed) {
    public RecoveryJob {
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(owed, "owed");
    }

    /** The window {@link #to()} owes. */
    public TimeWindow window() {
        return owed.window();
    }

    /** Name of the node copied from. */
    public String from() {
        return owed.from();
    }

    /** Name of the node being recovered. */
    public String to() {
        return owed.to();
    }

    /** The journal id of the owed window ({@link PendingRecovery#id()}). */
    public String owedId() {
        return owed.id();
    }

    /** Keys of the work units already copied when the job started ({@link io.syncflux.core.event.WorkUnit#key()}). */
    public List<String> done() {
        return owed.done();
    }
}
