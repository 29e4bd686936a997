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
 */
public record NodeHealth(String node, boolean ok, String version, Instant checkedAt, Duration latency, String error,
                         String instance) {

    /** A check without a known process identity. */
    public NodeHealth(String node, boolean ok, String version, Instant checkedAt, Duration latency, String error) {
        this(node, ok, version, checkedAt, latency, error, null);
    }
}
