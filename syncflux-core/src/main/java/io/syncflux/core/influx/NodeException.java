package io.syncflux.core.influx;

import io.syncflux.core.api.SyncfluxException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request to a node failed: not reachable, timed out, refused (auth) or answered with an error.
 * The message names the node; it never contains credentials. What failed and why are typed
 * ({@link #request()}, {@link #reason()}, {@link #status()}): decide on those, never on the message.
 */
public final class NodeException extends SyncfluxException {
    private static final long serialVersionUID = 1L;
    /** How influxd ends the reason of a write it took in part. */
    private static final Pattern DROPPED = Pattern.compile("partial write: .* dropped=(\\d{1,18})$");
    /** How influxd words a write refused because the database holds {@code max-series-per-database} series. */
    private static final String SERIES_LIMIT = "max-series-per-database limit exceeded";

    /** What was asked of the node. */
    public enum Request {
        /** The ping of a health check. */
        HEALTH,
        /** A query: a read, a schema statement, a metadata question. */
        QUERY,
        /** A line protocol write. */
        WRITE
    }

    /** Why a request failed. */
    public enum Reason {
        /** No answer: connection refused, unknown host, or the connection broke. */
        UNREACHABLE,
        /** No complete answer within the node's timeout. */
        TIMEOUT,
        /** The node refused the credentials (HTTP 401). */
        UNAUTHORIZED,
        /** The credentials may not do this (HTTP 403). */
        FORBIDDEN,
        /** The node failed but may succeed later: HTTP 5xx, 408 (request timeout), 429 (too many requests). */
        SERVER_ERROR,
        /**
         * The node refused the request itself: another HTTP 4xx (a partial write, a field type conflict, a
         * body too large, a missing database), or an error inside a query's results.
         */
        REFUSED,
        /**
         * The TLS handshake failed: the node's certificate is not trusted or names another host, or the node
         * refused the connection's TLS; repeating does not help until the certificates or the {@code tls-*}
         * settings change.
         */
        TLS,
        /** The answer was cut short or not what was asked for. */
        BAD_ANSWER,
        /** This side stopped the request (an interrupt, a failing result handler); the node did not fail. */
        ABORTED;

        /** The reason of an HTTP error answer: 401, 403, the retryable statuses, or any other. */
        public static Reason ofStatus(int status) {
            if (status == 401) {
                return UNAUTHORIZED;
            }
            if (status == 403) {
                return FORBIDDEN;
            }
            return retryableStatus(status) ? SERVER_ERROR : REFUSED;
        }

        /** True for {@link #UNAUTHORIZED} and {@link #FORBIDDEN}: the node is up, the credentials fail. */
        public boolean credentials() {
            return this == UNAUTHORIZED || this == FORBIDDEN;
        }
    }

    /** The node's configured name. */
    private final String node;
    /** What was asked of the node. */
    private final Request request;
    /** Why it failed. */
    private final Reason reason;
    /** Whether repeating the request may help. */
    private final boolean retryable;
    /** The HTTP status the node answered with, 0 when it gave none. */
    private final int status;
    /** Whether the node answered and refused the data for good. */
    private final boolean rejected;
    /** The points a partial write dropped, as the node said, or -1. */
    private final long dropped;
    /** Whether the write was refused (in part) because of the database's series limit. */
    private final boolean seriesLimit;

    private NodeException(String node, String fullMessage, Request request, Reason reason, int status,
                          boolean retryable, boolean rejected, long dropped, boolean seriesLimit, Throwable cause) {
        super(Kind.NODE, fullMessage, cause);
        if (retryable && rejected) {
            throw new IllegalArgumentException("a rejection is never retryable");
        }
        this.node = node;
        this.request = java.util.Objects.requireNonNull(request, "request");
        this.reason = java.util.Objects.requireNonNull(reason, "reason");
        this.status = status;
        this.retryable = retryable;
        this.rejected = rejected;
        this.dropped = dropped;
        this.seriesLimit = seriesLimit;
    }

    /**
     * Creates a {@link io.syncflux.core.api.SyncfluxException.Kind#NODE} exception for a request without an
     * HTTP error answer (status 0, never a rejection); the message is prefixed with {@code node <name>: }.
     *
     * @param node      the node's configured name
     * @param request   what was asked
     * @param reason    why it failed
     * @param message   what failed, without credentials
     * @param retryable true when repeating the same request may succeed (network failure, timeout, a cut answer)
     * @param cause     the underlying failure, or null
     */
    public NodeException(String node, Request request, Reason reason, String message, boolean retryable,
                         Throwable cause) {
        this(node, "node " + node + ": " + message, request, reason, 0, retryable, false, -1, false, cause);
    }

    /**
     * The failure of a request the node answered with the HTTP error {@code status}; the message is
     * prefixed with {@code node <name>: }. 5xx, 408 and 429 are retryable; on a write every other 4xx is a
     * rejection (a partial write beyond the retention policy, a field type conflict, a body over
     * {@code max-body-size}, a missing database, bad credentials). A partial write whose reason ends with the
     * number of points the node dropped ({@code partial write: ... dropped=N}) tells it in {@link #dropped()}.
     *
     * @param node    the node's configured name
     * @param request what was asked
     * @param status  the HTTP status
     * @param message what failed, naming the status and the server's reason
     * @param cause   the underlying failure, or null
     */
    public static NodeException answered(String node, Request request, int status, String message, Throwable cause) {
        boolean retry = retryableStatus(status);
        boolean rejected = request == Request.WRITE && !retry && status >= 400 && status < 500;
        return new NodeException(node, "node " + node + ": " + message, request, Reason.ofStatus(status), status,
                retry, rejected, rejected ? dropped(message) : -1, rejected && message.contains(SERIES_LIMIT), cause);
    }

    /** N of a reason ending in {@code partial write: ... dropped=N} with N at least 1, else -1. */
    private static long dropped(String message) {
        Matcher m = DROPPED.matcher(message);
        if (!m.find()) {
            return -1;
        }
        long n = Long.parseLong(m.group(1));
        return n > 0 ? n : -1;
    }

    /**
     * A failure without an HTTP error answer whose message the caller words in full, naming the node
     * (e.g. {@code node a is not reachable: ...}): for a caller that says what the failure means to it.
     */
    static NodeException worded(String node, Request request, Reason reason, boolean retryable, String fullMessage) {
        return new NodeException(node, fullMessage, request, reason, 0, retryable, false, -1, false, null);
    }

    /** True for answers where asking again may help: 5xx, 408 (request timeout), 429 (too many requests). */
    public static boolean retryableStatus(int status) {
        return status >= 500 || status == 408 || status == 429;
    }

    /** The node's configured name. */
    public String node() {
        return node;
    }

    /** What was asked of the node. */
    public Request request() {
        return request;
    }

    /** Why it failed. */
    public Reason reason() {
        return reason;
    }

    /**
     * False when repeating the same request cannot help (a malformed statement, a field type conflict,
     * bad credentials); true for network failures, timeouts and 5xx answers.
     */
    public boolean retryable() {
        return retryable;
    }

    /** The HTTP status the node answered with, or 0 when there was no answer (or none applies). */
    public int status() {
        return status;
    }

    /**
     * True when the node answered and refused this data for good (an HTTP 4xx other than 408 and 429 on
     * a write): it is up, and retrying or splitting the same data cannot help. Never true together with
     * {@link #retryable()}.
     */
    public boolean rejected() {
        return rejected;
    }

    /**
     * For a write the node took in part, the number of points it dropped: it answered HTTP 400 with a reason
     * ending in {@code partial write: ... dropped=N} (points beyond the retention policy, a field type
     * conflict, its {@code max-series-per-database} or {@code max-values-per-tag} limit) and wrote the other
     * points of the request. -1 for any other failure, and when the node did not say how many it dropped
     * (influxd says {@code dropped=0} for lines it could not parse, whatever their number).
     */
    public long dropped() {
        return dropped;
    }

    /**
     * True when the node refused a write (in whole or in part) because the database holds its
     * {@code max-series-per-database} series: influxd 1.x says {@code max-series-per-database limit exceeded}.
     * Its in-memory index refuses every new series of a request when the series it holds plus the points of
     * the request pass the limit, so a smaller request may be taken where a big one was refused. Such a
     * failure is also {@link #rejected()}: the same request is refused again.
     */
    public boolean seriesLimit() {
        return seriesLimit;
    }
}
