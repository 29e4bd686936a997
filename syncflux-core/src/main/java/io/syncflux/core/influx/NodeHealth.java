package io.syncflux.core.influx;

import java.time.Duration;
import java.time.Instant;

/**
 * The outcome of one health check (ping plus {@code SHOW DATABASES}).
 *
 * @param node    the node's name
 * @param ok      true when both requests succeeded within the node's timeout
 * @param version the server's version string, or "" when it did not answer
 * @param checkedAt when the check started
 * @param latency how long the check took
 * @param error   why it failed, or "" when ok
 */
public record NodeHealth(String node, boolean ok, String version, Instant checkedAt, Duration latency, String error) {
}
