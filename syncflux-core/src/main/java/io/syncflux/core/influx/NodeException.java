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
        super(Kind.NODE, "node " + node + ": " + message, cause);
        this.node = node;
        this.retryable = retryable;
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
}
