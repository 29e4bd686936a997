package io.syncflux.core.monitor;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The open outages of the pair by node: since when each node is down, the outages a previous run left
 * open (closed once both nodes answer), and the nodes seen down since the last tick, so that an outage
 * that opened and closed between two ticks still passes through its check state. Not thread-safe:
 * {@link HaStateMachine} holds it under its lock.
 */
final class Outages {
    /**
     * @param lastOk   the node's last good check before the outage, or null when it never answered
     * @param openedAt when the outage was seen (its first failed check)
     */
    private record Outage(Instant lastOk, Instant openedAt) {
        Instant since() {
            return lastOk != null ? lastOk : openedAt;
        }
    }

    private final Map<String, Outage> open = new LinkedHashMap<>();
    private final Map<String, Instant> restored = new TreeMap<>();
    private final Set<String> sinceTick = new LinkedHashSet<>();

    /** Adds the outages a previous run left open (node to since when it was down). */
    void restore(Map<String, Instant> openOutages) {
        restored.putAll(openOutages);
    }

    /** The outages a previous run left open, which are forgotten here. */
    Map<String, Instant> takeRestored() {
        Map<String, Instant> r = new TreeMap<>(restored);
        restored.clear();
        return r;
    }

    boolean isOpen(String node) {
        return open.containsKey(node);
    }

    /** Opens an outage of {@code node} (see {@link Outage}). */
    void open(String node, Instant lastOk, Instant openedAt) {
        open.put(node, new Outage(lastOk, openedAt));
        sinceTick.add(node);
    }

    /** The node lost writes that no check saw (it restarted between two): the next tick shows it down. */
    void seenDown(String node) {
        sinceTick.add(node);
    }

    /**
     * Closes the outage of {@code node} if it opened no later than a good check started at {@code at} (a
     * check that started before the outage was seen says nothing of its end).
     *
     * @return since when the node was down, or null when no outage closed
     */
    Instant close(String node, Instant at) {
        Outage o = open.get(node);
        if (o == null || at.isBefore(o.openedAt())) {
            return null;
        }
        open.remove(node);
        return o.since();
    }

    /** The nodes seen down since the last call (this call is the tick). */
    Set<String> takeSinceTick() {
        Set<String> s = new LinkedHashSet<>(sinceTick);
        sinceTick.clear();
        return s;
    }

    /** The nodes down now. */
    Set<String> nodes() {
        return open.keySet();
    }

    /** Every open outage, restored ones included: node to since when it is down. */
    Map<String, Instant> durable() {
        Map<String, Instant> all = new TreeMap<>(restored);
        open.forEach((node, o) -> all.put(node, o.since()));
        return all;
    }
}
