/**
 * Test support shared by every module (published in the core test-jar): real {@code influxd} processes
 * ({@link io.syncflux.core.testing.InfluxdExtension} for JUnit, {@link io.syncflux.core.testing.InfluxdCluster}
 * outside it) with Debian's default server config, exact dumps of a database
 * ({@link io.syncflux.core.testing.DataDump}) and the "aged server" fixture
 * ({@link io.syncflux.core.testing.AgedServer}) whose shard group ids pass 127 and 255, for copy, verify
 * and HA tests, and a recording monitor listener ({@link io.syncflux.core.testing.RecordingListener}) for
 * tests that assert on the monitor's event sequence. Copy tests record a copy's events with
 * {@link io.syncflux.core.testing.RecordingCopyListener}, which also fails a test whose unit starts do not
 * each get exactly one end; {@link io.syncflux.core.testing.Points} generates line protocol;
 * {@link io.syncflux.core.testing.FastHa} holds the short intervals of HA tests; {@link
 * io.syncflux.core.testing.Fixtures} has free ports, epoch nanoseconds, waiting and sleeping.
 *
 * <p>A test that needs a server limit other than Debian's default sets it on purpose, per node:
 * {@code InfluxdExtension.nodes("a", "b").config("a", "http", "max-row-limit = 3")}.
 */
package io.syncflux.core.testing;
