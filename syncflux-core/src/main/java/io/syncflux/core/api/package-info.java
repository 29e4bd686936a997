/**
 * The values an embedder passes to the engines and gets back from them, below every other package:
 * what to act on ({@link io.syncflux.core.api.Selection}), over which time
 * ({@link io.syncflux.core.api.TimeWindow}, {@link io.syncflux.core.api.TimeScope}), in which order
 * ({@link io.syncflux.core.api.CopyOrder}), how to compare ({@link io.syncflux.core.api.VerifyMode}),
 * Go durations ({@link io.syncflux.core.api.GoDuration}), an injectable {@link io.syncflux.core.api.Sleeper},
 * and the exception family ({@link io.syncflux.core.api.SyncfluxException}).
 */
package io.syncflux.core.api;
