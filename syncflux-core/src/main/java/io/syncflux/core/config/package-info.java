/**
 * Configuration: {@link io.syncflux.core.config.ConfigLoader} reads the TOML files of SyncFlux (and of
 * the original Go tool) into immutable records, {@link io.syncflux.core.config.SyncfluxConfig} with its
 * {@code [General]}, {@code [http]} and {@code [[influxdb]]} sections. Durations use Go's syntax
 * ({@link io.syncflux.core.api.GoDuration}). Every problem is a
 * {@link io.syncflux.core.config.ConfigException} with one line naming the file, the key and what is
 * wrong.
 *
 * <p>Embedders that do not use a config file build a {@link io.syncflux.core.config.NodeConfig}
 * directly, e.g. {@code NodeConfig.of("influx01", "http://10.0.0.1:8086/")}.
 */
package io.syncflux.core.config;
