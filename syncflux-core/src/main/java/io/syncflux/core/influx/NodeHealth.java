package io.syncflux.core.influx;

import java.time.Duration;
import java.time.Instant;

/**
 * The outcome of one health check (ping, {@code SHOW DATABASES} and the process identity from
 * {@code SHOW DIAGNOSTICS FOR 'system'}).
 *
 * @param node      the node's name
 * @param ok        true when ping and {@code SHOW DATABASES} succeeded within the node's timeout
 * @param version   the server's version string, or "" when it did not answer
 * @param checkedAt when the check started
 * @param latency   how long the check took
 * @param error     why it failed, or "" when ok
 * @param instance  the identity of the server process that answered ({@code PID@started}), which
 *                  changes when the server restarts; null when unknown (the check failed, or the
 *                  user may not run {@code SHOW DIAGNOSTICS})
 * @param reason    why it failed (e.g. {@link NodeException.Reason#UNAUTHORIZED}: the node is up, the
 *                  credentials fail); null when ok or not known
 */
public record NodeHealth(String node, boolean ok, String version, Instant checkedAt, Duration latency, String error,
                         String instance, NodeException.Reason reason) {

    /** A check without a known failure reason. */
    public NodeHealth(String node, boolean ok, String version, Instant checkedAt, Duration latency, String error,
                      String instance) {
        this(node, ok, version, checkedAt, latency, error, instance, null);
    }

    /** A check without a known process identity or failure reason. */
    public NodeHealth(String node, boolean ok, String version, Instant checkedAt, Duration latency, String error) {
        this(node, ok, version, checkedAt, latency, error, null, null);
    }
}
