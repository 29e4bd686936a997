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
        CREATED_DATABASE, CREATED_RP, ALTERED_RP, UNCHANGED, SKIPPED, FAILED
    }

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
