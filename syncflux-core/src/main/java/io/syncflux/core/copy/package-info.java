/**
 * Data copies: {@link io.syncflux.core.copy.ChunkedCopier}, the entry point, and its planner and unit copier.
 *
 * <p>The other public classes are internal: the chunk plan, line protocol batching and retry waiting used by
 * {@link io.syncflux.core.copy.ChunkedCopier}, and what a copy and a verify share: the argument checks of
 * their builders ({@link io.syncflux.core.copy.Require}), what a run covers
 * ({@link io.syncflux.core.copy.RunScope}), the selected schema with its names on the other node
 * ({@link io.syncflux.core.copy.SelectedSchema}) and their worker threads
 * ({@link io.syncflux.core.copy.Workers}). These classes are public only so that the copier and the
 * verifier can use them across packages;
 * they are not a supported API and may change in any release.
 */
package io.syncflux.core.copy;
