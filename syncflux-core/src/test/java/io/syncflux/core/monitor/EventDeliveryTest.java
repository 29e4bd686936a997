package io.syncflux.core.monitor;

import io.syncflux.core.event.ClusterState;
import io.syncflux.core.event.MonitorEvent;
import io.syncflux.core.event.MonitorListener;
import io.syncflux.core.testing.RecordingListener;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Events decided by the state machine reach the listener in order, after the machine's lock is released. */
class EventDeliveryTest {
    private static Step step(MonitorEvent... events) {
        return new Step(Decision.NONE, List.of(events));
    }

    @Test
    void anInputsEventsAreDeliveredInOrderBeforeRunReturnsAndItsDecisionIsReturned() {
        RecordingListener recorder = RecordingListener.of(RecordingListener.Kind.STATES, RecordingListener.Kind.NODES);
        EventDelivery delivery = new EventDelivery(recorder);
        Decision d = delivery.run(() -> new Step(Decision.cancelRunning(), List.of(new MonitorEvent.NodeDown("s", "x"),
                new MonitorEvent.StateChanged(ClusterState.OK, ClusterState.CHECK_SLAVE_DOWN))));
        assertThat(d).isEqualTo(Decision.cancelRunning());
        assertThat(recorder.events()).containsExactly("down s", "OK->CHECK_SLAVE_DOWN");
    }

    @Test
    void theListenerIsCalledOutsideTheInputsLockAndMayFeedAnInputItself() {
        Object machineLock = new Object();
        List<String> seen = new ArrayList<>();
        EventDelivery[] delivery = new EventDelivery[1];
        delivery[0] = new EventDelivery(new MonitorListener() {
            @Override
            public void nodeDown(String name, String error) {
                seen.add("down " + name + (Thread.holdsLock(machineLock) ? " under the lock" : ""));
                delivery[0].run(() -> step(new MonitorEvent.NodeUp(name)));
            }

            @Override
            public void nodeUp(String name) {
                seen.add("up " + name);
            }

            @Override
            public void stateChanged(ClusterState from, ClusterState to) {
                throw new IllegalStateException("a listener that throws is logged and ignored");
            }
        });
        delivery[0].run(() -> {
            synchronized (machineLock) {
                return step(new MonitorEvent.NodeDown("s", "x"),
                        new MonitorEvent.StateChanged(ClusterState.OK, ClusterState.CHECK_SLAVE_DOWN),
                        new MonitorEvent.NodeRestarted("m"));
            }
        });
        delivery[0].run(() -> step(new MonitorEvent.NodeDown("m", "y")));
        assertThat(seen).containsExactly("down s", "up s", "down m", "up m");
    }
}
