package io.syncflux.core.influx;

import io.syncflux.core.SyncfluxException;

/**
 * A request to a node failed: not reachable, timed out, refused (auth) or answered with an error.
 * The message names the node; it never contains credentials.
 */
public final class NodeException extends SyncfluxException {
    private static final long serialVersionUID = 1L;

    /** The node's configured name. */
    private final String node;
    /** Whether repeating the request may help. */
    private final boolean retryable;
    /** The HTTP status the node answered with, 0 when it gave none. */
    private final int status;
    /** Whether the node answered and refused the data for good. */
    private final boolean rejected;

    /**
     * Creates a {@link io.syncflux.core.SyncfluxException.Kind#NODE} exception; the message is prefixed
     * with {@code node <name>: }.
     *
     * @param node      the node's configured name
     * @param message   what failed, without credentials
     * @param retryable true when repeating the same request may succeed (network failure, timeout, 5xx)
     * @param cause     the underlying failure, or null
     */
    public NodeException(String node, String message, boolean retryable, Throwable cause) {
        this(node, message, 0, retryable, false, cause);
    }

    /**
     * Creates a {@link io.syncflux.core.SyncfluxException.Kind#NODE} exception with the node's HTTP
     * answer; the message is prefixed with {@code node <name>: }.
     *
     * @param node      the node's configured name
     * @param message   what failed, without credentials
     * @param status    the HTTP status the node answered with, 0 when it gave none
     * @param retryable true when repeating the same request may succeed
     * @param rejected  true when the node answered and refused the data for good (see {@link #rejected()})
     * @param cause     the underlying failure, or null
     * @throws IllegalArgumentException when both {@code retryable} and {@code rejected} are true
     */
    public NodeException(String node, String message, int status, boolean retryable, boolean rejected,
                         Throwable cause) {
        super(Kind.NODE, "node " + node + ": " + message, cause);
        if (retryable && rejected) {
            throw new IllegalArgumentException("a rejection is never retryable");
        }
        this.node = node;
        this.retryable = retryable;
        this.status = status;
        this.rejected = rejected;
    }

    /**
     * The failure of a write the node answered with {@code status}: 5xx, 408 and 429 are retryable;
     * every other 4xx is a rejection (a partial write beyond the retention policy, a field type
     * conflict, a body over {@code max-body-size}, a missing database, bad credentials).
     *
     * @param node    the node's configured name
     * @param message what failed, naming the status and the server's reason
     * @param status  the HTTP status
     */
    public static NodeException writeAnswered(String node, String message, int status) {
        boolean retry = retryableStatus(status);
        return new NodeException(node, message, status, retry, !retry && status >= 400 && status < 500, null);
    }

    /** True for answers where asking again may help: 5xx, 408 (request timeout), 429 (too many requests). */
    public static boolean retryableStatus(int status) {
        return status >= 500 || status == 408 || status == 429;
    }

    /** The node's configured name. */
    public String node() {
        return node;
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
}
