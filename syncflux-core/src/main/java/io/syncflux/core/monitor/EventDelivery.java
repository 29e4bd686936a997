package io.syncflux.core.monitor;

import io.syncflux.core.event.Listeners;
import io.syncflux.core.event.MonitorEvent;
import io.syncflux.core.event.MonitorListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Feeds inputs to a {@link HaStateMachine} from several threads and hands the events each input decided
 * to a {@link MonitorListener} outside the machine's lock, so that a slow listener never holds up a check,
 * a tick or {@link HaStateMachine#status()}, and a listener may call back into the monitor.
 *
 * <p>Order: events reach the listener one at a time, in the order the machine decided them, also when
 * inputs come from several threads (the input and the queueing of its events are one step). When
 * {@link #run} returns, the events of its input have been delivered, by this thread or by the one that
 * was delivering at the time; a listener method that feeds an input itself delivers its events at once,
 * after the events already taken.
 */
public final class EventDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(EventDelivery.class);

    private final MonitorListener listener;
    private final Object order = new Object();
    private final ArrayDeque<MonitorEvent> queue = new ArrayDeque<>();
    private final ReentrantLock delivering = new ReentrantLock();

    /** @param listener receives the events; one that throws is logged and ignored */
    public EventDelivery(MonitorListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Runs one input of the machine (a call such as {@code () -> machine.tick()}), delivers the events it
     * decided and returns what the driver must do.
     */
    public Decision run(Supplier<Step> input) {
        Step step;
        synchronized (order) {
            step = input.get();
            queue.addAll(step.events());
        }
        deliver();
        return step.decision();
    }

    private void deliver() {
        delivering.lock();
        try {
            for (MonitorEvent e = next(); e != null; e = next()) {
                MonitorEvent event = e;
                Listeners.call(LOG, "monitor listener", () -> event.deliverTo(listener));
            }
        } finally {
            delivering.unlock();
        }
    }

    private MonitorEvent next() {
        synchronized (order) {
            return queue.poll();
        }
    }
}
