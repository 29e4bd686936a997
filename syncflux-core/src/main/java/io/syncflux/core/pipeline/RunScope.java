package io.syncflux.core.pipeline;

import io.syncflux.core.api.Selection;
import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.influx.RetentionPolicy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a copy or a verify covers: the selected data, and the time, either one window for every retention
 * policy or each policy's whole retention back from now (at most {@code fullMaxRetention}), cut into
 * chunks. The copier's and the verifier's builders keep one, replaced by each setter, and their planners
 * read it, so that both treat a window, a full run and the chunk length the same way.
 *
 * @param selection        what is selected, and its names on the other node
 * @param window           the half-open window, or null for each policy's whole retention (or not set yet)
 * @param fullMaxRetention how far back a whole-retention run goes at most, or null
 * @param chunk            the chunk length
 */
public record RunScope(Selection selection, TimeWindow window, Duration fullMaxRetention, Duration chunk) {
    /** Everything selected, no time set yet, chunks of 60 minutes: where a builder starts. */
    public static final RunScope DEFAULT = new RunScope(Selection.ALL, null, null, Duration.ofMinutes(60));

    /** @throws IllegalArgumentException when both a window and a full retention are given */
    public RunScope {
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(chunk, "chunk");
        if (window != null && fullMaxRetention != null) {
            throw new IllegalArgumentException("a run covers a window or a full retention, not both");
        }
    }

    /** The same with another selection. */
    public RunScope withSelection(Selection s) {
        return new RunScope(Objects.requireNonNull(s, "selection"), window, fullMaxRetention, chunk);
    }

    /** One window for every selected retention policy, instead of any full retention. */
    public RunScope withWindow(TimeWindow w) {
        return new RunScope(selection, Objects.requireNonNull(w, "window"), null, chunk);
    }

    /** Each policy's whole retention, at most {@code maxRetention} back, instead of any window. */
    public RunScope withFull(Duration maxRetention) {
        return new RunScope(selection, null, Require.positive(maxRetention, "maxRetention"), chunk);
    }

    /** The same cut into chunks of {@code d}. */
    public RunScope withChunk(Duration d) {
        return new RunScope(selection, window, fullMaxRetention, Require.positive(d, "chunk"));
    }

    /**
     * This scope, once it has a time.
     *
     * @throws IllegalStateException when neither a window nor a full retention is set
     */
    public RunScope requireTime() {
        if (window == null && fullMaxRetention == null) {
            throw new IllegalStateException("set a window or full(maxRetention)");
        }
        return this;
    }

    /** The time covered in one retention policy: the window, or the policy's whole retention up to now. */
    public TimeWindow windowOf(RetentionPolicy rp, Instant now) {
        return window != null ? window : ChunkPlan.retentionWindow(rp, now, fullMaxRetention);
    }

    /**
     * The window a report names: the window; for a whole-retention run the union of the policies' windows
     * ({@link #windowOf}), or, when there is none, {@code fullMaxRetention} back from now.
     */
    public TimeWindow reportWindow(List<TimeWindow> policyWindows, Instant now) {
        TimeWindow widest = window;
        for (TimeWindow w : policyWindows) {
            widest = widest == null ? w : widest.union(w);
        }
        return widest != null ? widest : new TimeWindow(now.minus(fullMaxRetention), now);
    }
}
