package io.syncflux.core.influx;

import io.syncflux.core.SyncfluxException;

/**
 * A request to a node failed: not reachable, timed out, refused (auth) or answered with an error.
 * The message names the node; it never contains credentials.
 */
public final class NodeException extends SyncfluxException {
    private static final long serialVersionUID = 1L;

    private final String node;
    private final boolean retryable;

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
