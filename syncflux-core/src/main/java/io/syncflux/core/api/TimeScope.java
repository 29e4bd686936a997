package io.syncflux.core.api;

import java.time.Duration;
import java.util.Objects;

/**
 * What time a copy or a verify covers and how it is cut: either one window for every retention policy,
 * or each retention policy's whole retention bounded by {@code fullMaxRetention}; and the chunk length,
 * or null to keep the one of the settings ({@code data-chuck-duration}). One value for
 * {@link io.syncflux.core.copy.ChunkedCopier.Builder#scope} and
 * {@link io.syncflux.core.verify.Verifier.Builder#scope}, so that a front end maps its flags
 * once.
 *
 * @param window           the half-open window, or null for {@code full}
 * @param fullMaxRetention how far back a full copy or verify goes at most, or null with a window
 * @param chunk            the chunk length, or null to keep the settings'
 */
public record TimeScope(TimeWindow window, Duration fullMaxRetention, Duration chunk) {
    /**
     * @throws IllegalArgumentException when both or neither of window and full are given, or a duration is
     *                                  not positive
     */
    public TimeScope {
        if ((window == null) == (fullMaxRetention == null)) {
            throw new IllegalArgumentException("a time scope is either a window or a full retention, not both or none");
        }
        positive(fullMaxRetention, "the full retention bound");
        positive(chunk, "the chunk");
    }

    private static void positive(Duration d, String what) {
        if (d != null && (d.isZero() || d.isNegative())) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
    }

    /** The window, cut at the settings' chunk length. */
    public static TimeScope of(TimeWindow window) {
        return new TimeScope(Objects.requireNonNull(window, "window"), null, null);
    }

    /** Each retention policy's whole retention, at most {@code maxRetention} back, at the settings' chunk. */
    public static TimeScope full(Duration maxRetention) {
        return new TimeScope(null, Objects.requireNonNull(maxRetention, "maxRetention"), null);
    }

    /** The same time cut into chunks of {@code d} (null: the settings' chunk length). */
    public TimeScope withChunk(Duration d) {
        return new TimeScope(window, fullMaxRetention, d);
    }

    /** True for a full copy or verify. */
    public boolean full() {
        return window == null;
    }

    /**
     * A builder that takes a time scope ({@link io.syncflux.core.copy.ChunkedCopier.Builder}, {@link io.syncflux.core.verify.Verifier.Builder}).
     *
     * @param <B> the builder
     */
    public interface Scoped<B> {
        /** The half-open window for every selected retention policy. */
        B window(TimeWindow w);

        /** Each retention policy's whole retention, at most {@code maxRetention} back. */
        B full(Duration maxRetention);

        /** The chunk length. */
        B chunk(Duration d);

        /**
         * The window (or full retention) and, unless null, the chunk length of {@code s}; call after the
         * builder's {@code settings}, whose chunk length it overrides.
         */
        default B scope(TimeScope s) {
            Objects.requireNonNull(s, "scope");
            B b = s.full() ? full(s.fullMaxRetention()) : window(s.window());
            return s.chunk() != null ? chunk(s.chunk()) : b;
        }
    }
}
