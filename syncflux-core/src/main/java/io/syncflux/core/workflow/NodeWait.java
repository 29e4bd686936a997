package io.syncflux.core.workflow;

import io.syncflux.core.api.Sleeper;
import io.syncflux.core.config.MonitorSettings;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.influx.NodeCheck;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How long a one-shot run waits for its nodes before it gives up: every node gets a health check; one
 * that does not answer is checked again every {@code monitor-retry-interval}, {@value #ONE_SHOT_ATTEMPTS}
 * checks in all. Credentials refused or a failed TLS handshake end the wait at once (waiting does not
 * mend them). The HA monitor does not give up: it waits as long as it runs.
 *
 * <pre>{@code
 * NodeWait.oneShot(general.monitor()).await(List.of(master, slave));
 * }</pre>
 *
 * @param attempts checks of a node in all, the first one included (1 or more)
 * @param interval wait between two checks of a node that did not answer
 * @param clock    source of the checks' start times
 * @param sleeper  waits the interval (tests pass one that moves a fake clock)
 */
public record NodeWait(int attempts, Duration interval, Clock clock, Sleeper sleeper) {
    /** Checks of a node a one-shot run makes at most. */
    public static final int ONE_SHOT_ATTEMPTS = 3;

    /**
     * @throws IllegalArgumentException when attempts is below 1 or the interval is negative
     */
    public NodeWait {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be 1 or more, got " + attempts);
        }
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("interval must not be negative, got " + interval);
        }
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sleeper, "sleeper");
    }

    /** The policy of a one-shot run: {@value #ONE_SHOT_ATTEMPTS} checks, {@code monitor-retry-interval} apart. */
    public static NodeWait oneShot(MonitorSettings m) {
        return new NodeWait(ONE_SHOT_ATTEMPTS, m.monitorRetryInterval(), Clock.systemUTC(), Sleeper.SYSTEM);
    }

    /** The same policy with another clock and sleeper. */
    public NodeWait with(Clock c, Sleeper s) {
        return new NodeWait(attempts, interval, c, s);
    }

    /**
     * Returns once every node answered a health check, on the calling thread.
     *
     * @throws io.syncflux.core.influx.NodeException naming the node and why: refused credentials or TLS at
     *                                               once, unreachable after the last attempt or when interrupted
     */
    public void await(List<InfluxNode> nodes) {
        NodeCheck.builder().attempts(attempts).interval(interval).clock(clock).sleeper(sleeper).build()
                .awaitReachable(nodes);
    }
}
