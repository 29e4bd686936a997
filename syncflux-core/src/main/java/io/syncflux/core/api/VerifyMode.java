package io.syncflux.core.api;


import java.util.Locale;

/** How {@link io.syncflux.core.verify.Verifier} compares the two nodes. */
public enum VerifyMode {
    /**
     * Streams every point of both nodes and compares, per series and chunk, each field value exactly
     * (time, field key, type and value) under the series' tag set. Sees missing points, missing
     * series, changed values, strings and types. Costs about one full read of both nodes.
     */
    DIGEST,
    /**
     * Compares server-side {@code COUNT} per series and per field ({@code GROUP BY *}). Reads no points,
     * so it is cheap, but cannot see a value changed in place, or a point missing on one side and
     * another one extra at a different time of the same field.
     */
    COUNTS;

    /**
     * Parses {@code digest} or {@code counts}; null or empty is {@link #DIGEST}.
     *
     * @throws SyncfluxException (usage) for anything else
     */
    public static VerifyMode of(String s) {
        if (s == null || s.isBlank()) {
            return DIGEST;
        }
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "digest" -> DIGEST;
            case "counts", "count" -> COUNTS;
            default -> throw SyncfluxException.usage("unknown mode \"" + s + "\" (use digest or counts)");
        };
    }

    /** The lower-case name, as the command line and the API spell it. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
