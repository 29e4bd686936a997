package io.syncflux.core.api;

import java.util.List;

/**
 * A {@link Selection} that renames the database ({@link Selection#newDb()}) selects more than one database
 * on the source: all of them would land in one. A {@link SyncfluxException.Kind#USAGE usage} error; the
 * message names the new name and the selected databases, and so do {@link #newDb()} and
 * {@link #databases()} for a front end that words it in its own terms.
 */
public final class AmbiguousRenameException extends SyncfluxException {
    private static final long serialVersionUID = 1L;

    /** The new database name. */
    private final String newDb;
    /** The selected source databases, in source order. */
    private final List<String> databases;

    /**
     * Creates the exception.
     *
     * @param newDb     the new database name
     * @param databases the selected source databases (more than one), in source order
     */
    public AmbiguousRenameException(String newDb, List<String> databases) {
        super(Kind.USAGE, "new database name \"" + newDb + "\" needs exactly one selected database, but "
                + databases.size() + " are selected: " + String.join(", ", databases));
        this.newDb = newDb;
        this.databases = List.copyOf(databases);
    }

    /** The new database name. */
    public String newDb() {
        return newDb;
    }

    /** The selected source databases, in source order. */
    public List<String> databases() {
        return databases;
    }
}
