/**
 * Data copies: {@link io.syncflux.core.copy.ChunkedCopier}, the entry point, and its planner and unit copier.
 * The plan, the range reads and the write path are those of {@link io.syncflux.core.pipeline}, shared with the
 * verify and its repairs.
 */
package io.syncflux.core.copy;
