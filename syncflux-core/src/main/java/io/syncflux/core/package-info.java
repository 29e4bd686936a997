/**
 * SyncFlux for InfluxDB 1.x servers. The packages, from the bottom up (no package uses one above it, a
 * rule {@code PackageCyclesTest} enforces):
 * <ul>
 *   <li>{@link io.syncflux.core.api}: the values an embedder passes in ({@code Selection}, {@code TimeWindow},
 *       {@code TimeScope}, {@code CopyOrder}, {@code VerifyMode}, Go durations, a {@code Sleeper}) and the
 *       exception family ({@code SyncfluxException});</li>
 *   <li>{@link io.syncflux.core.config} (TOML config), {@link io.syncflux.core.influx} (one node: queries,
 *       writes, line protocol), {@link io.syncflux.core.report} (immutable reports),
 *       {@link io.syncflux.core.event} (listeners and their events);</li>
 *   <li>{@link io.syncflux.core.pipeline} (internal): the one plan, read and write path the engines share;</li>
 *   <li>the engines, one entry point each: {@link io.syncflux.core.copy.ChunkedCopier} copies data exactly
 *       and in bounded memory, {@link io.syncflux.core.schema.SchemaReplicator} replicates databases and
 *       retention policies, {@link io.syncflux.core.verify.Verifier} compares two nodes by content;</li>
 *   <li>{@link io.syncflux.core.journal} and {@link io.syncflux.core.monitor}: the HA monitor's durable
 *       state and its state machine, driven by {@link io.syncflux.core.HaMonitor} in this package.</li>
 * </ul>
 *
 * <p>Each one-shot operation is configured through a builder, runs once on the calling thread and returns
 * an immutable report. Expected partial failures go in the report;
 * {@link io.syncflux.core.api.SyncfluxException} and its subclasses mean misuse, bad input or a node that
 * cannot be used at all.
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
