package io.syncflux.cli;

import io.syncflux.core.SyncfluxException;
import io.syncflux.core.config.GoDuration;
import io.syncflux.core.copy.Sleeper;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.influx.NodeHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes sure both nodes answer before a one-shot action starts: a node that does not is checked again
 * every retry interval, up to a number of attempts in total.
 */
final class NodeCheck {
    private static final Logger LOG = LoggerFactory.getLogger(NodeCheck.class);

    private final Duration interval;
    private final int attempts;
    private final Clock clock;
    private final Sleeper sleeper;

    NodeCheck(Duration interval, int attempts, Clock clock, Sleeper sleeper) {
        this.interval = interval;
        this.attempts = attempts;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * Returns when every node answered a health check.
     *
     * @throws SyncfluxException (node) {@code node X is not reachable: reason} after the last attempt
     */
    void awaitReachable(List<InfluxNode> nodes) {
        List<InfluxNode> pending = new ArrayList<>(nodes);
        for (int attempt = 1; ; attempt++) {
            NodeHealth down = null;
            for (InfluxNode n : List.copyOf(pending)) {
                LOG.debug("checking node {} at {} (attempt {} of {})", n.name(), n.config().location(), attempt,
                        attempts);
                NodeHealth h = n.check(clock);
                if (h.ok()) {
                    LOG.info("node {} is up (InfluxDB {}, {} ms)", n.name(), h.version(), h.latency().toMillis());
                    pending.remove(n);
                } else if (down == null) {
                    down = h;
                }
            }
            if (down == null) {
                return;
            }
            String reason = reason(down);
            if (refusedCredentials(down)) {
                // a wrong user or password does not get better by waiting
                throw new SyncfluxException(SyncfluxException.Kind.NODE, "node " + down.node()
                        + " refused the credentials (admin-user, admin-passwd): " + reason);
            }
            if (attempt >= attempts) {
                throw new SyncfluxException(SyncfluxException.Kind.NODE, "node " + down.node()
                        + " is not reachable: " + reason);
            }
            LOG.warn("node {} is not reachable ({}); trying again in {} (attempt {} of {})", down.node(), reason,
                    GoDuration.format(interval), attempt, attempts);
            try {
                sleeper.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SyncfluxException(SyncfluxException.Kind.NODE, "node " + down.node()
                        + " is not reachable: " + reason);
            }
        }
    }

    /** True when the node answered 401 or 403: it is up, the credentials are wrong. */
    static boolean refusedCredentials(NodeHealth h) {
        String e = h.error() == null ? "" : h.error();
        return e.contains("HTTP 401") || e.contains("HTTP 403");
    }

    /** The health error without the repeated {@code node X: } prefix. */
    private static String reason(NodeHealth h) {
        String e = h.error() == null || h.error().isBlank() ? "no answer" : h.error();
        String prefix = "node " + h.node() + ": ";
        return Printer.oneLine(e.startsWith(prefix) ? e.substring(prefix.length()) : e);
    }
}
