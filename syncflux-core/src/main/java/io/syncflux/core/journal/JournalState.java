package io.syncflux.core.journal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the monitor owes, as persisted: the last heartbeat of the running monitor, the outages still
 * open (node name to the last time it was seen healthy), the recoveries not yet done, and the ranges a
 * recovery could not copy because the target refused them for good.
 */
public record JournalState(Instant heartbeat, Map<String, Instant> openOutages, List<PendingRecovery> pending,
                           List<RejectedRange> rejected) {
    /** Nothing owed. */
    public static final JournalState EMPTY = new JournalState(null, Map.of(), List.of(), List.of());

    public JournalState {
        openOutages = java.util.Collections.unmodifiableMap(new TreeMap<>(openOutages));
        pending = List.copyOf(pending);
        rejected = List.copyOf(rejected);
    }

    /** A state without rejected ranges. */
    public JournalState(Instant heartbeat, Map<String, Instant> openOutages, List<PendingRecovery> pending) {
        this(heartbeat, openOutages, pending, List.of());
    }

    /** The last heartbeat, if the monitor ever ran. */
    public Optional<Instant> lastHeartbeat() {
        return Optional.ofNullable(heartbeat);
    }

    /** A copy with another heartbeat. */
    public JournalState withHeartbeat(Instant t) {
        return new JournalState(t, openOutages, pending, rejected);
    }

    /** A copy with an outage of {@code node} open since {@code lastOk} (kept if already open). */
    public JournalState withOutage(String node, Instant lastOk) {
        Map<String, Instant> m = new TreeMap<>(openOutages);
        m.putIfAbsent(node, lastOk);
        return new JournalState(heartbeat, m, pending, rejected);
    }

    /** A copy without the open outage of {@code node}. */
    public JournalState withoutOutage(String node) {
        Map<String, Instant> m = new TreeMap<>(openOutages);
        m.remove(node);
        return new JournalState(heartbeat, m, pending, rejected);
    }

    /** A copy with this recovery added or replaced (same id). */
    public JournalState withPending(PendingRecovery r) {
        List<PendingRecovery> p = new java.util.ArrayList<>(pending.stream().filter(x -> !x.id().equals(r.id())).toList());
        p.add(r);
        return new JournalState(heartbeat, openOutages, p, rejected);
    }

    /** A copy without the recovery with this id. */
    public JournalState withoutPending(String id) {
        return new JournalState(heartbeat, openOutages, pending.stream().filter(x -> !x.id().equals(id)).toList(),
                rejected);
    }
}
