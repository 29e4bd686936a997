/**
 * Schema replication: {@link io.syncflux.core.schema.SchemaReplicator} creates the selected databases and
 * retention policies of one node on another.
 */
package io.syncflux.core.schema;
