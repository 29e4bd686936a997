package io.syncflux.cli;

import io.syncflux.core.api.CopyOrder;
import io.syncflux.core.api.GoDuration;
import io.syncflux.core.api.Selection;
import io.syncflux.core.api.SyncfluxException;
import io.syncflux.core.api.TimeScope;
import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.config.CopySettings;

import java.time.Duration;
import java.time.Instant;

/**
 * What the selection and copy flags ask for, validated before any node is contacted.
 *
 * @param selection from -db, -rp, -meas, -newdb, -newrp
 * @param window    from -start and -end; null with -full
 * @param chunk     from -chunk; null keeps the config's data-chuck-duration
 * @param order     from -copyorder
 * @param rate      from -rate: points per second at most; null keeps the config's (no limit by default)
 */
record CopyOptions(Selection selection, TimeWindow window, Duration chunk, CopyOrder order, Long rate) {

    /** True for {@code -full}: the whole retention, bounded by max-retention-interval. */
    boolean full() {
        return window == null;
    }

    /** The time the flags ask for: the window or the whole retention, and -chunk when given. */
    TimeScope scope(CopySettings settings) {
        return (full() ? TimeScope.full(settings.maxRetention()) : TimeScope.of(window)).withChunk(chunk);
    }

    /**
     * Reads the flags.
     *
     * @throws SyncfluxException (usage) naming the flag at fault
     */
    static CopyOptions from(CliArgs a, Instant now) {
        Selection selection = new Selection(Selection.pattern(a.db, "-db"), Selection.pattern(a.rp, "-rp"),
                Selection.pattern(a.meas, "-meas"), a.newdb, a.newrp);
        TimeWindow window = a.full ? null : TimeWindow.parse(a.start, a.end, now, "-start", "-end");
        Duration chunk = null;
        if (a.chunk != null) {
            try {
                chunk = GoDuration.parse(a.chunk);
            } catch (IllegalArgumentException e) {
                throw SyncfluxException.usage("-chunk: " + e.getMessage());
            }
            if (chunk.isNegative() || chunk.isZero()) {
                throw SyncfluxException.usage("-chunk: must be a positive duration, got \"" + a.chunk + "\"");
            }
        }
        return new CopyOptions(selection, window, chunk, copyOrder(a.copyorder), rate(a.rate));
    }

    private static CopyOrder copyOrder(String text) {
        try {
            return CopyOrder.of(text);
        } catch (SyncfluxException e) {
            throw SyncfluxException.usage("-copyorder: " + e.getMessage());
        }
    }

    /** The -verify-mode flag's mode (digest when not given). */
    static io.syncflux.core.api.VerifyMode verifyMode(String text) {
        try {
            return io.syncflux.core.api.VerifyMode.of(text);
        } catch (SyncfluxException e) {
            throw SyncfluxException.usage("-verify-mode: " + e.getMessage());
        }
    }

    private static Long rate(String text) {
        if (text == null) {
            return null;
        }
        try {
            long r = Long.parseLong(text.trim());
            if (r < 0) {
                throw new NumberFormatException();
            }
            return r;
        } catch (NumberFormatException e) {
            throw SyncfluxException.usage("-rate: must be a whole number of points per second (0 = no limit), got \""
                    + text + "\"");
        }
    }
}
