package io.syncflux.core.influx;

import java.time.Instant;

/**
 * A shard group of a retention policy, from {@code SHOW SHARDS}: data in {@code [start, end)}.
 * Within one shard group a field has a single type.
 */
public record ShardGroup(long id, String database, String retentionPolicy, Instant start, Instant end) {
}
