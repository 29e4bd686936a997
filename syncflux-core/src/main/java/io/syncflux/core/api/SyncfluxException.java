package io.syncflux.core.api;

/**
 * The one unchecked exception family of SyncFlux. Messages are single lines meant for an operator:
 * they name the file, key, node or flag at fault and say what is wrong, never include credentials.
 *
 * <p>Expected partial failures of a run (a chunk that could not be copied, a retention policy that
 * could not be altered) are not exceptions: they are listed in the run's report.
 */
public class SyncfluxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of problem this is; front ends map it to an exit code. */
    public enum Kind {
        /** Bad configuration, flags or parameters: the user must fix the input (exit code 2). */
        USAGE,
        /** A node could not be reached or refused a request (exit code 1). */
        NODE,
        /** Anything else that stopped a run (exit code 1). */
        FAILURE
    }

    /** What kind of problem this is. */
    private final Kind kind;

    /**
     * Creates an exception.
     *
     * @param kind    what kind of problem this is; decides the front ends' exit code
     * @param message one line for an operator, without credentials
     */
    public SyncfluxException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    /**
     * Creates an exception with its cause.
     *
     * @param kind    what kind of problem this is; decides the front ends' exit code
     * @param message one line for an operator, without credentials
     * @param cause   the underlying failure, or null
     */
    public SyncfluxException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** Creates a {@link Kind#USAGE} exception. */
    public static SyncfluxException usage(String message) {
        return new SyncfluxException(Kind.USAGE, message);
    }

    /** The kind of problem, never null. */
    public Kind kind() {
        return kind;
    }
}
