package io.syncflux.core.influx;

import io.syncflux.core.api.GoDuration;
import io.syncflux.core.api.Sleeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Makes sure nodes answer before a one-shot run starts: each node gets a {@linkplain InfluxNode#check health
 * check}; one that does not answer is checked again every retry interval, up to a number of attempts in
 * total. A node that refuses the credentials fails at once: a wrong user or password does not get better
 * by waiting. Build one with {@link #builder()}; it can be used again, by one thread at a time.
 */
public final class NodeCheck {
    private static final Logger LOG = LoggerFactory.getLogger(NodeCheck.class);

    private final Duration interval;
    private final int attempts;
    private final Clock clock;
    private final Sleeper sleeper;

    private NodeCheck(Builder b) {
        this.interval = b.interval;
        this.attempts = b.attempts;
        this.clock = b.clock;
        this.sleeper = b.sleeper;
    }

    /** A new builder: 3 attempts one minute apart (the default {@code monitor-retry-interval}). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns when every node answered a health check, on the calling thread.
     *
     * @throws NodeException with the failed check's {@link NodeException#reason() reason}: {@code node X
     *                       refused the credentials (admin-user, admin-passwd): ...} or a failed TLS handshake
     *                       ({@code node X: ... TLS: ...}) at once (not retryable), or
     *                       {@code node X is not reachable: ...} after the last attempt or when interrupted
     */
    public void awaitReachable(List<InfluxNode> nodes) {
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
            if (down.reason() != null && down.reason().credentials()) {
                throw failure(down, false, "node " + down.node() + " refused the credentials (admin-user, "
                        + "admin-passwd): " + reason);
            }
            if (down.reason() == NodeException.Reason.TLS) {
                // a certificate does not become trusted by waiting
                throw failure(down, false, "node " + down.node() + ": " + reason);
            }
            if (attempt >= attempts) {
                throw failure(down, true, "node " + down.node() + " is not reachable: " + reason);
            }
            LOG.warn("node {} is not reachable ({}); trying again in {} (attempt {} of {})", down.node(), reason,
                    GoDuration.format(interval), attempt, attempts);
            try {
                sleeper.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure(down, true, "node " + down.node() + " is not reachable: " + reason);
            }
        }
    }

    private static NodeException failure(NodeHealth h, boolean retryable, String message) {
        NodeException.Reason r = h.reason() != null ? h.reason() : NodeException.Reason.UNREACHABLE;
        return NodeException.worded(h.node(), NodeException.Request.HEALTH, r, retryable, message);
    }

    /** The health error on one line, without the repeated {@code node X: } prefix. */
    private static String reason(NodeHealth h) {
        String e = h.error() == null || h.error().isBlank() ? "no answer" : h.error();
        String prefix = "node " + h.node() + ": ";
        String s = e.startsWith(prefix) ? e.substring(prefix.length()) : e;
        return s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    /** Builder of {@link NodeCheck}. */
    public static final class Builder {
        private Duration interval = Duration.ofMinutes(1);
        private int attempts = 3;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.SYSTEM;

        private Builder() {
        }

        /** The wait between two checks of a node that did not answer ({@code monitor-retry-interval}). */
        public Builder interval(Duration d) {
            Objects.requireNonNull(d, "interval");
            if (d.isNegative()) {
                throw new IllegalArgumentException("interval must not be negative, got " + d);
            }
            this.interval = d;
            return this;
        }

        /** How many checks a node gets in total, the first one included (at least 1; default 3). */
        public Builder attempts(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("attempts must be 1 or more, got " + n);
            }
            this.attempts = n;
            return this;
        }

        /** Source of the checks' start times (default system UTC). */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** Waits the interval (default {@link Sleeper#SYSTEM}; tests pass one that only records). */
        public Builder sleeper(Sleeper s) {
            this.sleeper = Objects.requireNonNull(s, "sleeper");
            return this;
        }

        /** The check. */
        public NodeCheck build() {
            return new NodeCheck(this);
        }
    }
}
