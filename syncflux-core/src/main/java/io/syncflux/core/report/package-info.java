/**
 * Immutable results of a run: {@link io.syncflux.core.report.SchemaReport} (one
 * {@link io.syncflux.core.report.SchemaAction} per database or retention policy) and
 * {@link io.syncflux.core.report.CopyReport} (statistics per retention policy, the ranges that could not
 * be copied, type conflicts between shards, skipped databases). A run succeeded only when its report's
 * {@code ok()} is true.
 */
package io.syncflux.core.report;
