package io.syncflux.core.event;

import java.util.EnumSet;
import java.util.Set;

/**
 * The state of the master/slave pair as the HA monitor sees it. The names are the JSON values of the
 * original's {@code /api/health} ({@code ClusterState}); {@link #STARTING} is only reported until both
 * nodes have answered once and the initial replication is done.
 */
public enum ClusterState {
    /** Waiting for both nodes to answer, or running the initial replication. */
    STARTING,
    /** Both nodes answer and the slave owes no data. */
    OK,
    /** The slave failed its health check (or a recovery copy failed): writes to it are being lost. */
    CHECK_SLAVE_DOWN,
    /** Both nodes answer and the data a node missed is being copied from the other one. */
    RECOVERING,
    /** {@code twoways} only: the master failed its health check (or a copy to it failed). */
    CHECK_MASTER_DOWN,
    /** {@code twoways} only: both nodes are down; nothing can be copied and both windows are kept. */
    CHECK_BOTH_DOWN;

    /** True for the states in which at least one node is down. */
    public boolean nodeDown() {
        return this == CHECK_SLAVE_DOWN || this == CHECK_MASTER_DOWN || this == CHECK_BOTH_DOWN;
    }

    /**
     * The check state for these nodes down: {@link #CHECK_BOTH_DOWN}, {@link #CHECK_MASTER_DOWN} or
     * {@link #CHECK_SLAVE_DOWN}; null when neither is.
     */
    public static ClusterState checkState(boolean masterDown, boolean slaveDown) {
        if (masterDown && slaveDown) {
            return CHECK_BOTH_DOWN;
        }
        return masterDown ? CHECK_MASTER_DOWN : slaveDown ? CHECK_SLAVE_DOWN : null;
    }

    /** True when the monitor may move from this state to {@code next} (staying put is always allowed). */
    public boolean canMoveTo(ClusterState next) {
        return this == next || allowed().contains(next);
    }

    private Set<ClusterState> allowed() {
        return switch (this) {
            case STARTING -> EnumSet.of(OK);
            case OK -> EnumSet.of(CHECK_SLAVE_DOWN, CHECK_MASTER_DOWN, CHECK_BOTH_DOWN, RECOVERING);
            case CHECK_SLAVE_DOWN -> EnumSet.of(RECOVERING, CHECK_MASTER_DOWN, CHECK_BOTH_DOWN);
            case CHECK_MASTER_DOWN -> EnumSet.of(RECOVERING, CHECK_SLAVE_DOWN, CHECK_BOTH_DOWN);
            case CHECK_BOTH_DOWN -> EnumSet.of(RECOVERING, CHECK_SLAVE_DOWN, CHECK_MASTER_DOWN);
            case RECOVERING -> EnumSet.of(OK, CHECK_SLAVE_DOWN, CHECK_MASTER_DOWN, CHECK_BOTH_DOWN);
        };
    }
}
