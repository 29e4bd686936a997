/**
 * The one plan, read and write path that copies, verifies, repairs and anti-entropy share: what a run
 * covers ({@link io.syncflux.core.pipeline.RunScope}), the selected schema with its names on the other node
 * ({@link io.syncflux.core.pipeline.SelectedSchema}), the chunks and reads of a plan
 * ({@link io.syncflux.core.pipeline.ChunkPlan}), the worker threads ({@link io.syncflux.core.pipeline.Workers}),
 * line protocol batching ({@link io.syncflux.core.pipeline.LineBatch}), the writes halved on HTTP 413
 * ({@code HalvingWriter}), the rate limit ({@code RateLimiter})
 * and the argument checks of the builders ({@link io.syncflux.core.pipeline.Require}).
 *
 * <p>Internal: these classes are public only so that the copier, the verifier and the schema replication can
 * use them across packages; they are not a supported API and may change in any release.
 */
package io.syncflux.core.pipeline;
