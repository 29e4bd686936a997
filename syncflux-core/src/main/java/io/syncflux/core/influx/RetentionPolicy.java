package io.syncflux.core.influx;

import java.time.Duration;
import java.util.Objects;

/**
 * A retention policy as {@code SHOW RETENTION POLICIES} reports it.
 *
 * @param name               the policy's name
 * @param duration           how long data is kept; {@link Duration#ZERO} means infinite
 * @param shardGroupDuration the span of each shard group
 * @param replicaN           replication factor
 * @param isDefault          whether it is the database's default policy
 */
public record RetentionPolicy(String name, Duration duration, Duration shardGroupDuration, int replicaN,
                              boolean isDefault) {
    /**
     * Validates the policy.
     *
     * @throws NullPointerException when the name or a duration is null
     */
    public RetentionPolicy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(shardGroupDuration, "shardGroupDuration");
    }

    /** True when data is kept forever. */
    public boolean infinite() {
        return duration.isZero();
    }

    /** A copy with another name. */
    public RetentionPolicy withName(String newName) {
        return new RetentionPolicy(newName, duration, shardGroupDuration, replicaN, isDefault);
    }
}
