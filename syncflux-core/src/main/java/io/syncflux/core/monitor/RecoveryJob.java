package io.syncflux.core.monitor;

import io.syncflux.core.TimeWindow;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One recovery the state machine asked for: copy {@code window} from node {@code from} to node
 * {@code to}, skipping the work units already done by an earlier, interrupted run.
 *
 * @param id        increasing number, unique within one state machine
 * @param window    the window {@code to} owes
 * @param startedAt when the state machine started it (its clock)
 * @param from      name of the node copied from
 * @param to        name of the node being recovered
 * @param owedId    the journal id of the owed window (see {@link io.syncflux.core.journal.PendingRecovery#id()})
 * @param done      keys of the work units already copied ({@link io.syncflux.core.event.WorkUnit#key()})
 */
public record RecoveryJob(long id, TimeWindow window, Instant startedAt, String from, String to, String owedId,
                          List<String> done) {
    public RecoveryJob {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(owedId, "owedId");
        done = List.copyOf(done);
    }
}
