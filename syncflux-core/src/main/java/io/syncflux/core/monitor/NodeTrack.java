package io.syncflux.core.monitor;

import io.syncflux.core.event.MonitorEvent;
import io.syncflux.core.influx.NodeHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Objects;

/**
 * What the state machine knows of one node from its health checks: the result of the last one, the start
 * of the last good one, the version and the server process it answered as. Not thread-safe:
 * {@link HaStateMachine} holds it under its lock.
 */
final class NodeTrack {
    // logs as the state machine, whose lines these always were
    private static final Logger LOG = LoggerFactory.getLogger(HaStateMachine.class);

    /** The result of a node's last health check. */
    enum LastCheck {
        /** Not checked yet in this run. */
        NONE,
        /** The node answered. */
        OK,
        /** The node did not answer. */
        FAILED
    }

    private final String name;
    private LastCheck last = LastCheck.NONE;
    private Instant lastOk;
    private String version;
    private String instance;

    NodeTrack(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * Records a check and logs what changed.
     *
     * @return {@link MonitorEvent.NodeDown} at the first failed check after a good one (or as the node's
     * first check), {@link MonitorEvent.NodeUp} at the first good check after a failed one, else null
     */
    MonitorEvent record(NodeHealth h) {
        LastCheck was = last;
        last = h.ok() ? LastCheck.OK : LastCheck.FAILED;
        LOG.debug("check of {}: {} in {} ms", name, h.ok() ? "ok" : "failed (" + h.error() + ")",
                h.latency().toMillis());
        if (!h.ok()) {
            if (was == LastCheck.FAILED) {
                return null;
            }
            LOG.warn("node {} failed its health check: {} (last good check {})", name, h.error(),
                    lastOk == null ? "never" : lastOk);
            return new MonitorEvent.NodeDown(name, h.error());
        }
        lastOk = h.checkedAt();
        // a restart into another release is worth a line, nothing more: the node answers
        if (version != null && !version.equals(h.version())) {
            LOG.info("node {} now reports version {} (was {})", name, h.version(), version);
        }
        version = h.version();
        if (h.instance() != null) {
            instance = h.instance();
        }
        if (was != LastCheck.FAILED) {
            return null;
        }
        LOG.info("node {} answers again ({} in {} ms)", name, h.version(), h.latency().toMillis());
        return new MonitorEvent.NodeUp(name);
    }

    /**
     * True when {@code h} shows another server process than {@code previousInstance}, the one the node
     * answered as before: it restarted in between. Never true when either identity is unknown.
     */
    static boolean restarted(String previousInstance, NodeHealth h) {
        return previousInstance != null && h.instance() != null && !previousInstance.equals(h.instance());
    }

    /** True when the last check succeeded (false before the first). */
    boolean answers() {
        return last == LastCheck.OK;
    }

    /** Start of the last good check, or null if the node never answered. */
    Instant lastOk() {
        return lastOk;
    }

    /** The server process the node last answered as, or null when unknown. */
    String instance() {
        return instance;
    }
}
