package io.syncflux.core.event;


import java.util.Objects;

/**
 * An event the HA state machine decided on one input, for its driver to hand to a {@link MonitorListener}
 * once the machine's lock is released (see {@link io.syncflux.core.monitor.HaStateMachine}). Each record
 * names the listener method it stands for.
 */
public sealed interface MonitorEvent {
    /** Calls the listener method this event stands for (a listener that throws is the caller's concern). */
    void deliverTo(MonitorListener listener);

    /** {@link MonitorListener#stateChanged}. */
    record StateChanged(ClusterState from, ClusterState to) implements MonitorEvent {
        public StateChanged {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }

        @Override
        public void deliverTo(MonitorListener listener) {
            listener.stateChanged(from, to);
        }
    }

    /** {@link MonitorListener#nodeDown}; {@code error} is the failed check's one-line reason. */
    record NodeDown(String node, String error) implements MonitorEvent {
        public NodeDown {
            Objects.requireNonNull(node, "node");
        }

        @Override
        public void deliverTo(MonitorListener listener) {
            listener.nodeDown(node, error);
        }
    }

    /** {@link MonitorListener#nodeUp}. */
    record NodeUp(String node) implements MonitorEvent {
        public NodeUp {
            Objects.requireNonNull(node, "node");
        }

        @Override
        public void deliverTo(MonitorListener listener) {
            listener.nodeUp(node);
        }
    }

    /** {@link MonitorListener#nodeRestarted}. */
    record NodeRestarted(String node) implements MonitorEvent {
        public NodeRestarted {
            Objects.requireNonNull(node, "node");
        }

        @Override
        public void deliverTo(MonitorListener listener) {
            listener.nodeRestarted(node);
        }
    }
}
