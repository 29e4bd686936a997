/**
 * Progress events: {@link io.syncflux.core.event.CopyListener}, whose methods default to no-ops, and
 * {@link io.syncflux.core.event.WorkUnit}, one measurement of one retention policy over one chunk.
 * Listeners are called from worker threads, concurrently; one that throws is logged and ignored.
 */
package io.syncflux.core.event;
