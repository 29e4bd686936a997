/**
 * The SyncFlux API for InfluxDB 1.x servers: {@link io.syncflux.core.SchemaReplicator} replicates
 * databases and retention policies, {@link io.syncflux.core.ChunkedCopier} copies data exactly and in
 * bounded memory. {@link io.syncflux.core.Selection} says what to act on and under which names,
 * {@link io.syncflux.core.TimeWindow} which half-open time range.
 *
 * <p>Each operation is configured through a builder, runs once on the calling thread and returns an
 * immutable report (package {@link io.syncflux.core.report}). Expected partial failures go in the
 * report; {@link io.syncflux.core.SyncfluxException} and its subclasses mean misuse, bad input or a
 * node that cannot be used at all.
 *
 * <pre>{@code
 * try (InfluxNode master = InfluxNode.connect(NodeConfig.of("influx01", "http://10.0.0.1:8086/"));
 *      InfluxNode slave = InfluxNode.connect(NodeConfig.of("influx02", "http://10.0.0.2:8086/"))) {
 *     SchemaReport schema = SchemaReplicator.builder().source(master).destination(slave).build().run();
 *     CopyReport copy = ChunkedCopier.builder().source(master).destination(slave)
 *             .window(TimeWindow.parse("-1h", "now", Instant.now()))
 *             .build().run();
 * }
 * }</pre>
 *
 * <p>The library logs through the SLF4J API only; the application chooses the binding.
 */
package io.syncflux.core;
