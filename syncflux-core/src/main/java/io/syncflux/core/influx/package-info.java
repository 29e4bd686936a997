/**
 * The InfluxDB 1.x client layer: {@link io.syncflux.core.influx.InfluxNode} (health, schema queries,
 * streamed MessagePack reads, synchronous line protocol writes at nanosecond precision), InfluxQL
 * quoting ({@link io.syncflux.core.influx.Influxql}), line protocol
 * ({@link io.syncflux.core.influx.LineProtocol}) and the records that queries return.
 *
 * <p>Values keep their exact types: integers, unsigned integers, floats, booleans, strings and
 * nanosecond timestamps are never converted to doubles. A failed request is a
 * {@link io.syncflux.core.influx.NodeException} that says whether retrying may help.
 */
package io.syncflux.core.influx;
