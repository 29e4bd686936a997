package io.syncflux.core.monitor;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.journal.PendingRecovery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The queue of windows the nodes owe, in recovery order: outage windows first (one per node, the union of
 * its outages), then manual requests in the order they came. Each entry keeps the units an interrupted
 * run already copied. Not thread-safe: {@link HaStateMachine} holds it under its lock.
 */
final class OwedWindows {
    private static final String OUTAGE = "outage:";
    private static final String MANUAL = "manual:";

    private record Owed(PendingRecovery p, boolean fromOutage) {
    }

    private final List<Owed> owed = new ArrayList<>();
    private long nextManual = 1;

    /** Adds what a previous run still owed (a manual request stays manual). */
    void restore(List<PendingRecovery> pending) {
        for (PendingRecovery p : pending) {
            owed.add(new Owed(p, !p.id().startsWith(MANUAL)));
        }
    }

    /**
     * Adds the outage window {@code [start, end)} of {@code node} (copied from {@code from}; at least one
     * nanosecond long, also when {@code end} is not after {@code start}), merged with the node's owed
     * outage windows, before any manual request.
     *
     * @return the merged window
     */
    TimeWindow oweOutage(String node, String from, Instant start, Instant end) {
        TimeWindow merged = new TimeWindow(start, end.isAfter(start) ? end : start.plusNanos(1));
        int at = -1;
        for (int i = 0; i < owed.size(); i++) {
            Owed o = owed.get(i);
            if (o.fromOutage() && o.p().to().equals(node)) {
                merged = merged.union(o.p().window());
                if (at < 0) {
                    at = i;
                }
            }
        }
        owed.removeIf(o -> o.fromOutage() && o.p().to().equals(node));
        int pos = at < 0 ? firstManual() : Math.min(at, owed.size());
        String id = OUTAGE + node + ":" + merged.startNanos() + "-" + merged.endNanos();
        owed.add(pos, new Owed(new PendingRecovery(id, from, node, merged, List.of()), true));
        return merged;
    }

    private int firstManual() {
        for (int i = 0; i < owed.size(); i++) {
            if (!owed.get(i).fromOutage()) {
                return i;
            }
        }
        return owed.size();
    }

    /**
     * Queues a manual request behind everything owed ({@code stamp} makes its id unique across runs), merged
     * with every waiting manual window of the same nodes that it overlaps, so that repeated and overlapping
     * requests cost one window. The running window ({@code runningId}) is left alone: its copy may already
     * be past the part asked for again. A window that grows by a merge is copied whole again (its done
     * units are dropped), as the request asks. A request that merges with nothing is refused when
     * {@code limit} manual windows are owed already.
     */
    RecoveryRequest oweManual(String from, String to, TimeWindow w, long stamp, String runningId, int limit) {
        List<Integer> hits = new ArrayList<>();
        TimeWindow merged = w;
        for (int i = 0; i < owed.size(); i++) {
            PendingRecovery p = owed.get(i).p();
            if (!owed.get(i).fromOutage() && p.from().equals(from) && p.to().equals(to) && !p.id().equals(runningId)
                    && overlaps(p.window(), w)) {
                hits.add(i);
                merged = merged.union(p.window());
            }
        }
        if (hits.isEmpty()) {
            if (manualCount() >= limit) {
                return new RecoveryRequest(RecoveryRequest.Outcome.REFUSED, w, manualCount(), limit);
            }
            String id = MANUAL + stamp + "-" + nextManual++;
            owed.add(new Owed(new PendingRecovery(id, from, to, w, List.of()), false));
            return new RecoveryRequest(RecoveryRequest.Outcome.QUEUED, w, manualCount(), limit);
        }
        PendingRecovery first = owed.get(hits.get(0)).p();
        if (hits.size() > 1 || !first.window().equals(merged) || !first.done().isEmpty()) {
            owed.set(hits.get(0), new Owed(new PendingRecovery(first.id(), from, to, merged, List.of()), false));
            for (int i = hits.size() - 1; i > 0; i--) {
                owed.remove((int) hits.get(i));
            }
        }
        return new RecoveryRequest(RecoveryRequest.Outcome.MERGED, merged, manualCount(), limit);
    }

    private static boolean overlaps(TimeWindow a, TimeWindow b) {
        return a.start().isBefore(b.end()) && b.start().isBefore(a.end());
    }

    /** How many manual windows are owed (a running one included). */
    int manualCount() {
        return (int) owed.stream().filter(o -> !o.fromOutage()).count();
    }

    /**
     * Records a copied unit of the owed window {@code owedId}.
     *
     * @return true when it changed (the unit was not recorded yet)
     */
    boolean unitDone(String owedId, String unitKey) {
        for (int i = 0; i < owed.size(); i++) {
            Owed o = owed.get(i);
            if (o.p().id().equals(owedId)) {
                PendingRecovery p = o.p().withDone(unitKey);
                if (p == o.p()) {
                    return false;
                }
                owed.set(i, new Owed(p, o.fromOutage()));
                return true;
            }
        }
        return false;
    }

    /** Removes the window {@code owedId} (its recovery is done). */
    void remove(String owedId) {
        owed.removeIf(o -> o.p().id().equals(owedId));
    }

    boolean isEmpty() {
        return owed.isEmpty();
    }

    /** The window to recover next. */
    PendingRecovery first() {
        return owed.get(0).p();
    }

    /** Everything owed, in order, as the journal keeps it. */
    List<PendingRecovery> pending() {
        return owed.stream().map(Owed::p).toList();
    }

    /** The owed windows, in order. */
    List<TimeWindow> windows() {
        return owed.stream().map(o -> o.p().window()).toList();
    }

    /** The nodes that owe at least one window. */
    Set<String> owing() {
        Set<String> out = new LinkedHashSet<>();
        owed.forEach(o -> out.add(o.p().to()));
        return out;
    }

    @Override
    public String toString() {
        return owed.stream().map(o -> o.p().to() + " " + o.p().window()).toList().toString();
    }
}
