package io.syncflux.core.monitor;

import io.syncflux.core.api.TimeWindow;

import java.util.Objects;

/**
 * What became of a requested recovery ({@link io.syncflux.core.HaMonitor#requestRecovery}).
 *
 * @param outcome queued as a new window, merged into a waiting one, or refused because the queue is full
 * @param window  the waiting window that now covers the request (the merged one), or the requested window
 *                when refused
 * @param queued  how many requested windows wait (the running one included) after this request
 * @param limit   the most that may wait ({@code max-queued-recoveries})
 */
public record RecoveryRequest(Outcome outcome, TimeWindow window, int queued, int limit) {
    /** What became of a request. */
    public enum Outcome {
        /** A new window joined the queue. */
        QUEUED,
        /** The request overlapped waiting windows (or repeated one) and was merged into one window. */
        MERGED,
        /** The queue already holds {@code limit} disjoint windows: nothing changed. */
        REFUSED
    }

    public RecoveryRequest {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(window, "window");
    }

    /** True unless the request was refused. */
    public boolean accepted() {
        return outcome != Outcome.REFUSED;
    }
}
