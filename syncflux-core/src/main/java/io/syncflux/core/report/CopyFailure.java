package io.syncflux.core.report;

import io.syncflux.core.influx.NodeException;
import io.syncflux.core.influx.NotWritableException;

import java.time.Instant;
import java.util.Objects;

/**
 * A range that could not be copied, with the last error. Re-running the copy for it is safe.
 *
 * <p>{@code cause} tells the kinds of failure apart. A {@linkplain Cause#REJECTED rejected} range reached a
 * node that answered and refused the data for good (an HTTP 4xx on the write: points beyond the
 * destination's retention policy, a field type conflict, a point bigger than its {@code max-body-size});
 * retrying cannot help and the node is not down. Otherwise the node could not be reached or failed (a
 * network error, a timeout, a 5xx) and a later retry may succeed.
 *
 * @param db          source database
 * @param rp          source retention policy
 * @param measurement the measurement
 * @param start       start of the range (inclusive)
 * @param end         end of the range (exclusive)
 * @param error       the last error, one line; for a rejection it holds the server's reason verbatim
 * @param cause       what kind of failure the last error was
 */
public record CopyFailure(String db, String rp, String measurement, Instant start, Instant end, String error,
                          Cause cause) {

    /** What kind of failure left a range not copied. */
    public enum Cause {
        /** Reading the source failed: its query failed, was cut short, or got no answer. */
        READ,
        /** Writing to the destination failed and may succeed later: no answer, or a 5xx. */
        WRITE,
        /** A read or a write got no complete answer within the node's timeout. */
        TIMEOUT,
        /**
         * The data is refused for good: the destination answered and refused it, or line protocol cannot
         * carry it. Retrying cannot help.
         */
        REJECTED,
        /** The copy was cancelled before the range was tried: no request failed. */
        CANCELLED,
        /** Anything else: an unexpected failure, or one outside the copy's reads and writes. */
        OTHER;

        /**
         * The cause of a copy's failure: a {@link NodeException} by its {@link NodeException#rejected()
         * rejection}, {@link NodeException#reason() reason} and {@link NodeException#request() request};
         * a {@link NotWritableException} is a rejection; anything else is {@link #OTHER}.
         */
        public static Cause of(Throwable e) {
            if (e instanceof NotWritableException) {
                return REJECTED;
            }
            if (!(e instanceof NodeException n)) {
                return OTHER;
            }
            if (n.rejected()) {
                return REJECTED;
            }
            if (n.reason() == NodeException.Reason.TIMEOUT) {
                return TIMEOUT;
            }
            if (n.reason() == NodeException.Reason.ABORTED) {
                // this side stopped the request: neither the source nor the destination failed
                return OTHER;
            }
            return switch (n.request()) {
                case QUERY -> READ;
                case WRITE -> WRITE;
                case HEALTH -> OTHER;
            };
        }
    }

    /** Validates the cause. */
    public CopyFailure {
        Objects.requireNonNull(cause, "cause");
    }

    /**
     * What {@link #db()}, {@link #rp()} and {@link #measurement()} hold when the failure is of a whole window
     * rather than of one measurement's range ({@link #ofWindow}); the JSON of the API and the journal show it.
     */
    public static final String EVERY = "*";

    /**
     * A failure of everything in a window (a recovery whose copy could not run, or whose content check still
     * finds differences), not of one measurement's range.
     */
    public static CopyFailure ofWindow(io.syncflux.core.api.TimeWindow w, String error, Cause cause) {
        return new CopyFailure(EVERY, EVERY, EVERY, w.start(), w.end(), error, cause);
    }

    /** True for a failure of a whole window ({@link #ofWindow}). */
    public boolean wholeWindow() {
        return EVERY.equals(db) && EVERY.equals(rp) && EVERY.equals(measurement);
    }

    /** A failure of no particular kind ({@link Cause#OTHER}). */
    public CopyFailure(String db, String rp, String measurement, Instant start, Instant end, String error) {
        this(db, rp, measurement, start, end, error, Cause.OTHER);
    }

    /**
     * True when this data is refused for good ({@link Cause#REJECTED}: the node answered and refused it, or
     * line protocol cannot carry it); retrying cannot help.
     */
    public boolean rejected() {
        return cause == Cause.REJECTED;
    }

    /** One line: {@code db.rp.measurement [start, end): error}, with {@code rejected: } before a rejection's error. */
    public String describe() {
        return db + "." + rp + "." + io.syncflux.core.influx.Utf8b.display(measurement) + " [" + start + ", " + end
                + "): " + (rejected() ? "rejected: " : "") + error;
    }
}
