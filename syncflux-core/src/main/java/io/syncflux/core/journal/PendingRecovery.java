package io.syncflux.core.journal;

import io.syncflux.core.api.TimeWindow;

import java.util.List;
import java.util.Objects;

/**
 * A recovery still owed: copy {@code window} from node {@code from} to node {@code to}. Units already
 * copied are listed in {@code done} by their {@link io.syncflux.core.event.WorkUnit#key() keys}, so a
 * resumed recovery skips them.
 *
 * @param id     unique among the owed windows: {@code outage:<node>:<startNanos>-<endNanos>} for an outage
 *               window, {@code manual:<epochMillis>-<n>} for a requested one, {@code outage:legacy-<n>} or
 *               {@code manual:legacy-<n>} for one converted from an earlier release's state file
 * @param from   the node copied from
 * @param to     the node that owes the window
 * @param window the owed window
 * @param done   keys of the work units already copied
 */
public record PendingRecovery(String id, String from, String to, TimeWindow window, List<String> done) {
    public PendingRecovery {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(window, "window");
        done = List.copyOf(done);
    }

    /** A copy with one more unit marked done. */
    public PendingRecovery withDone(String unitKey) {
        if (done.contains(unitKey)) {
            return this;
        }
        java.util.ArrayList<String> d = new java.util.ArrayList<>(done);
        d.add(unitKey);
        return new PendingRecovery(id, from, to, window, d);
    }
}
