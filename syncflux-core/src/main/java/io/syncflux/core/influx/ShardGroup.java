package io.syncflux.core.influx;

import java.time.Instant;

/**
 * A shard group of a retention policy, from {@code SHOW SHARDS}: data in {@code [start, end)}.
 * Within one shard group a field has a single type.
 *
 * @param id              the shard group's id on its node
 * @param database        the database
 * @param retentionPolicy the retention policy
 * @param start           first instant covered (inclusive)
 * @param end             end of the range covered (exclusive)
 */
public record ShardGroup(long id, String database, String retentionPolicy, Instant start, Instant end) {
}
