package io.syncflux.core.config;

/** What the HA monitor replicates from master to slave once both nodes answer at startup. */
public enum InitialReplication {
    /** Nothing. */
    NONE,
    /** Databases and retention policies. */
    SCHEMA,
    /** Data of every retention policy (may take long). */
    DATA,
    /** Schema, then data. */
    BOTH;

    /** The config value, e.g. {@code none}. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses the config value (case-insensitive). */
    public static InitialReplication of(String value) {
        for (InitialReplication r : values()) {
            if (r.key().equalsIgnoreCase(value.trim())) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown initial-replication \"" + value
                + "\" (use none, schema, data or both)");
    }
}
