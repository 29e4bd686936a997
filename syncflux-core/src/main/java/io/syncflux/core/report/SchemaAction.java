package io.syncflux.core.report;

import java.util.Objects;

/**
 * One thing {@code replicaschema} did or found on the destination.
 *
 * @param type            what happened
 * @param database        destination database
 * @param retentionPolicy destination retention policy, or "" for database-level actions
 * @param detail          human-readable detail (the settings, or the error)
 */
public record SchemaAction(Type type, String database, String retentionPolicy, String detail) {

    /** Kinds of schema actions. */
    public enum Type {
        /** The database did not exist and was created (with its first retention policy). */
        CREATED_DATABASE,
        /** The retention policy did not exist and was created. */
        CREATED_RP,
        /** The retention policy existed with other settings and was altered to match. */
        ALTERED_RP,
        /** The retention policy already matched. */
        UNCHANGED,
        /** Nothing was selected, so nothing was done; the detail says why. */
        SKIPPED,
        /** The node refused the statement; the detail holds the error. */
        FAILED
    }

    /**
     * Validates the action; a null retention policy or detail means "".
     *
     * @throws NullPointerException when the type or the database is null
     */
    public SchemaAction {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(database, "database");
        retentionPolicy = retentionPolicy == null ? "" : retentionPolicy;
        detail = detail == null ? "" : detail;
    }

    /** One line for an operator, e.g. {@code created retention policy db1.rp1 (duration 168h0m0s ...)}. */
    public String describe() {
        String target = retentionPolicy.isEmpty() ? database : database + "." + retentionPolicy;
        String verb = switch (type) {
            case CREATED_DATABASE -> "created database";
            case CREATED_RP -> "created retention policy";
            case ALTERED_RP -> "altered retention policy";
            case UNCHANGED -> "unchanged";
            case SKIPPED -> "skipped";
            case FAILED -> "FAILED";
        };
        return verb + " " + target + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
