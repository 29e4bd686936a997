package io.syncflux.core.monitor;

import io.syncflux.core.TimeWindow;

import java.time.Instant;
import java.util.List;

/**
 * What the HA monitor must not forget across restarts: the windows the slave still owes and, when the
 * slave was down at the time, since when.
 *
 * @param owed        owed windows in queue order
 * @param manual      for each owed window, true when it was requested by hand (same size as {@code owed})
 * @param outageSince the slave's last good check before an outage still open, or null
 */
public record DurableState(List<TimeWindow> owed, List<Boolean> manual, Instant outageSince) {
    /** Nothing owed, no outage. */
    public static final DurableState EMPTY = new DurableState(List.of(), List.of(), null);

    public DurableState {
        owed = List.copyOf(owed);
        manual = List.copyOf(manual);
        if (owed.size() != manual.size()) {
            throw new IllegalArgumentException("owed and manual differ in size: " + owed.size() + " vs " + manual.size());
        }
    }

    /** True when nothing is owed and no outage is open. */
    public boolean isEmpty() {
        return owed.isEmpty() && outageSince == null;
    }
}
