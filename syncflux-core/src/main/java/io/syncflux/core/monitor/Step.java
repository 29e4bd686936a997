package io.syncflux.core.monitor;

import io.syncflux.core.event.MonitorEvent;

import java.util.List;
import java.util.Objects;

/**
 * What the {@link HaStateMachine} decided on one input: what its driver must do, and the listener events
 * the input caused, in the order the machine decided them. The machine never calls a listener itself;
 * {@link EventDelivery} hands these events over outside its lock.
 *
 * @param decision what to do now ({@link Decision#NONE} when nothing)
 * @param events   the events to deliver, oldest first; empty when none
 */
public record Step(Decision decision, List<MonitorEvent> events) {
    /** Nothing to do, nothing to tell. */
    public static final Step NONE = new Step(Decision.NONE, List.of());

    public Step {
        Objects.requireNonNull(decision, "decision");
        events = List.copyOf(events);
    }
}
