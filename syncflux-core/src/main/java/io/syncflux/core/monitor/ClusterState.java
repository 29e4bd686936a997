package io.syncflux.core.monitor;

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
    /** Both nodes answer and the data the slave missed is being copied from the master. */
    RECOVERING;

    /** True when the monitor may move from this state to {@code next} (staying put is always allowed). */
    public boolean canMoveTo(ClusterState next) {
        return this == next || allowed().contains(next);
    }

    private Set<ClusterState> allowed() {
        return switch (this) {
            case STARTING -> EnumSet.of(OK);
            case OK -> EnumSet.of(CHECK_SLAVE_DOWN, RECOVERING);
            case CHECK_SLAVE_DOWN -> EnumSet.of(RECOVERING);
            case RECOVERING -> EnumSet.of(OK, CHECK_SLAVE_DOWN);
        };
    }
}
